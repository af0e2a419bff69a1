import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';

/** Creates the data directory if needed and proves it is writable, so a bad mount fails at start, not later. */
export async function prepareDataDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.R_OK | constants.W_OK);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`DATA_DIR=${JSON.stringify(dir)} is not a writable directory: ${reason}`, {
      cause: error,
    });
  }
}
