import type * as Y from 'yjs';
import { newId, ROOT, ruleContext, write, type WriteOptions } from './case-doc.ts';
import { readCaseMeta } from './case-read.ts';
import { canConvertToCase, transition } from './phases.ts';
import type { PhaseChange } from './schema/case-history.ts';
import { closureInputSchema, closureRules, type ClosureInput } from './schema/case-meta.ts';
import { validateInput } from './validate.ts';
import type { Phase } from './vocabulary.ts';
import { invalidInput, ok, type WriteResult } from './write-result.ts';

/**
 * Moves the case to another phase. Closing records the closure (reason and date) in the same transaction;
 * reopening a closed case clears it, so a closed case and its closure never disagree. Every change is
 * appended to the phase history (when, by whom) in that same transaction, so the history and the phase
 * never disagree either.
 */
export function changePhase(
  doc: Y.Doc,
  to: Phase,
  opts: WriteOptions & { closure?: ClosureInput } = {},
): WriteResult {
  const meta = readCaseMeta(doc);
  const decided = transition(meta.kind, meta.phase, to, opts.closure);
  if (!decided.ok && decided.code !== 'transition-closure-missing') {
    return {
      ok: false,
      error: { code: 'refused', issues: [{ path: 'phase', code: decided.code, message: decided.reason }] },
    };
  }
  let closure: ClosureInput | undefined;
  if (to === 'closed') {
    const checked = validateInput(closureInputSchema, closureRules, opts.closure ?? {}, ruleContext(opts));
    if (!checked.ok) return invalidInput(checked.issues.map((i) => ({ ...i, path: `closure.${i.path}` })));
    closure = checked.data;
  }
  const change: PhaseChange = {
    id: newId(opts),
    from: meta.phase,
    to,
    at: (opts.now ?? new Date()).toISOString(),
    ...(opts.actor !== undefined ? { by: opts.actor } : {}),
  };
  write(doc, opts, () => {
    doc.getMap<unknown>(ROOT.meta).set('phase', to);
    doc.getArray<unknown>(ROOT.phaseHistory).push([change]);
    const closureMap = doc.getMap<unknown>(ROOT.closure);
    if (closure) {
      closureMap.set('reason', closure.reason);
      closureMap.set('closedOn', closure.closedOn);
    } else if (meta.phase === 'closed') {
      for (const key of [...closureMap.keys()]) closureMap.delete(key);
    }
  });
  return ok(undefined);
}

/** Turns an open Kurzberatung into a full case, which continues at intake with everything recorded so far. */
export function convertToCase(doc: Y.Doc, opts: WriteOptions = {}): WriteResult {
  const meta = readCaseMeta(doc);
  const decided = canConvertToCase(meta.kind, meta.phase);
  if (!decided.ok) {
    return {
      ok: false,
      error: { code: 'refused', issues: [{ path: 'kind', code: decided.code, message: decided.reason }] },
    };
  }
  write(doc, opts, () => doc.getMap<unknown>(ROOT.meta).set('kind', 'case'));
  return ok(undefined);
}
