import * as Y from 'yjs';
import { createCaseDoc, type WriteOptions } from '../../../src/domain/case-doc.ts';
import type { CaseInit } from '../../../src/domain/schema/case-meta.ts';

/** A fixed moment, so "today" in input rules is 2025-06-02 in every time zone the suite runs in. */
export const NOW = new Date('2025-06-02T10:00:00.000Z');
export const TODAY = '2025-06-02';

/** Write options with a fixed clock and predictable ids (`prefix-1`, `prefix-2`, …). */
export function writeOptions(prefix = 'id', extra: WriteOptions = {}): WriteOptions {
  let next = 0;
  return { now: NOW, actor: 'user-1', newId: () => `${prefix}-${++next}`, ...extra };
}

export function newCase(init: Partial<CaseInit> = {}, opts: WriteOptions = writeOptions()): Y.Doc {
  const created = createCaseDoc(
    {
      id: 'case-1',
      kind: 'case',
      teamId: 'team-du-1',
      createdBy: 'user-1',
      caseNumber: 'DU-2025-0042',
      ...init,
    },
    opts,
  );
  if (!created.ok) throw new Error(`fixture case is invalid: ${JSON.stringify(created.error)}`);
  return created.value;
}

/** The whole doc state, for asserting that a refused write changed nothing. */
export function snapshot(doc: Y.Doc): string {
  return Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
}
