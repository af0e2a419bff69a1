import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import * as Y from 'yjs';
import { createCaseDoc } from '../../../src/domain/case-doc.ts';
import { changePhase } from '../../../src/domain/case-write-phase.ts';
import { setProse } from '../../../src/domain/case-write.ts';
import { SQLITE_FILE_NAME } from '../../../sync-server/src/storage/sqlite.ts';
import type { TestRelay } from '../../support/relay.ts';
import { tokenFor, type Person } from '../sync/support/world.ts';

/**
 * The whole state of a case doc as one update: a person named `marker`, a note holding it, opened on
 * `openedOn` and, with `closedOn`, closed that day.
 */
export function caseUpdate(options: {
  id: string;
  teamId: string;
  marker: string;
  openedOn: string;
  closedOn?: string;
}): Uint8Array {
  let next = 0;
  const opts = {
    actor: 'user-anna',
    now: new Date(`${options.openedOn}T09:00:00Z`),
    newId: () => `id-${++next}`,
  };
  const created = createCaseDoc(
    {
      id: options.id,
      kind: 'case',
      teamId: options.teamId,
      createdBy: 'user-anna',
      person: { familyName: options.marker, nationalities: ['SY'] },
    },
    opts,
  );
  if (!created.ok) throw new Error(`the case doc was not created: ${JSON.stringify(created.error)}`);
  const doc = created.value;
  setProse(doc, { part: 'notes' }, `Gespräch mit ${options.marker} über die Wohnung.`, opts);
  if (options.closedOn !== undefined) {
    const closed = changePhase(doc, 'closed', {
      ...opts,
      now: new Date(`${options.closedOn}T09:00:00Z`),
      closure: { reason: 'goals-achieved', closedOn: options.closedOn },
    });
    if (!closed.ok) throw new Error(`the case was not closed: ${JSON.stringify(closed.error)}`);
  }
  return Y.encodeStateAsUpdate(doc);
}

/** The bytes of the relay's database file and its write-ahead log, as they are on disk now. */
export async function databaseBytes(relay: TestRelay): Promise<Buffer> {
  const file = path.join(relay.dataDir, SQLITE_FILE_NAME);
  const parts = await Promise.all(
    [file, `${file}-wal`].map((name) => readFile(name).catch(() => Buffer.alloc(0))),
  );
  return Buffer.concat(parts);
}

/** Calls the relay's HTTP API as `person`. */
export async function api(
  relay: TestRelay,
  person: Person,
  method: 'GET' | 'POST',
  pathname: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(pathname, relay.url), {
    method,
    headers: {
      authorization: `Bearer ${await tokenFor(relay.tokens, person)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

export function expectStatus(answer: { status: number; body: unknown }, status: number): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
}
