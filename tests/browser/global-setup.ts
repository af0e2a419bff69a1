import type { TestProject } from 'vitest/node';
import { buildIfNeeded } from '../../scripts/build-if-needed.ts';
import { chromiumVersion, ensureChromium } from '../support/chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumPath: string;
  }
}

/** Before the browser layer: a Chromium to drive, and a build of the current sources to serve. */
export default function setup(project: TestProject): void {
  const log = (line: string) => process.stdout.write(`[browser tests] ${line}\n`);
  const chromiumPath = ensureChromium(log);
  log(`Using ${chromiumVersion(chromiumPath)} at ${chromiumPath}`);
  buildIfNeeded(log);
  project.provide('chromiumPath', chromiumPath);
}
