import type { Thema, ThemaEntry } from './schema/coordination.ts';

/** A Thema's history as it is read: by the day things happened, then by when they were written. */
export function historyInOrder(thema: Thema): ThemaEntry[] {
  return [...thema.entries].sort((a, b) =>
    a.on === b.on ? a.at.localeCompare(b.at) : a.on.localeCompare(b.on),
  );
}

/**
 * The status move written last, when the Thema's status is not the one it moved to. Two coordinators who
 * move the same Thema while apart both have their move kept in the history, but the status field keeps
 * one of the two values (Yjs picks it, not the clock): the page says so instead of letting one move pass
 * unnoticed. `undefined` when the status is the last one written, or there was no move.
 */
export function overtakenMove(thema: Thema): ThemaEntry | undefined {
  let last: ThemaEntry | undefined;
  for (const entry of thema.entries) {
    if (entry.kind === 'status' && (!last || entry.at > last.at)) last = entry;
  }
  return last?.status !== undefined && last.status !== thema.status ? last : undefined;
}
