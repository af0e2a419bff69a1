import type { PhaseChange } from './schema/case-history.ts';
import { LABELS } from './labels.ts';
import { message, type MessageCode } from './messages.ts';
import type { Closure } from './schema/case-meta.ts';
import { DGCC_PHASES, type CaseKind, type Phase } from './vocabulary.ts';

/**
 * The case-management cycle (DGCC) as a state machine.
 *
 * A case moves forward one phase at a time, may go back to any earlier phase (re-assessment, re-planning
 * are part of the method), and may be wound up from any phase: straight to evaluation, or closed, e.g. when
 * intake shows that case management is not indicated. Going back from `closed` reopens the case.
 *
 * A Kurzberatung has no phases: it is open (`intake`) or `closed`, and can be converted into a full case,
 * which then starts at intake.
 */

export type TransitionResult =
  | { ok: true; phase: Phase }
  | { ok: false; code: MessageCode; /** German, for showing as is. */ reason: string };

const ORDER: readonly Phase[] = [...DGCC_PHASES, 'closed'];

function indexOf(phase: Phase): number {
  return ORDER.indexOf(phase);
}

function refusal(code: MessageCode, from: Phase, to: Phase): TransitionResult {
  return { ok: false, code, reason: message(code, { from: LABELS.phase[from].de, to: LABELS.phase[to].de }) };
}

function check(kind: CaseKind, from: Phase, to: Phase): TransitionResult {
  if (from === to) return refusal('transition-same', from, to);
  if (kind === 'short-counselling') {
    const allowed = (from === 'intake' && to === 'closed') || (from === 'closed' && to === 'intake');
    return allowed ? { ok: true, phase: to } : refusal('transition-short-counselling', from, to);
  }
  const step = indexOf(to) - indexOf(from);
  if (step === 1 || step < 0 || to === 'evaluation' || to === 'closed') return { ok: true, phase: to };
  return refusal('transition-skip', from, to);
}

/** Whether the phase may change from `from` to `to` for this kind of case (ignoring closure details). */
export function canTransition(kind: CaseKind, from: Phase, to: Phase): boolean {
  return check(kind, from, to).ok;
}

/** Every phase reachable from `from` in one move, in cycle order. */
export function allowedTargets(kind: CaseKind, from: Phase): Phase[] {
  return ORDER.filter((to) => canTransition(kind, from, to));
}

/**
 * Decides a phase change. Closing needs the reason and date of closure; everything else depends only on
 * the phases. A refusal carries a German reason.
 */
export function transition(
  kind: CaseKind,
  from: Phase,
  to: Phase,
  closure?: Partial<Closure>,
): TransitionResult {
  const result = check(kind, from, to);
  if (!result.ok) return result;
  if (to === 'closed' && (closure?.reason === undefined || closure.closedOn === undefined)) {
    return refusal('transition-closure-missing', from, to);
  }
  return result;
}

export type ConversionResult = { ok: true } | { ok: false; code: MessageCode; reason: string };

/** Whether a case of this kind and phase can become a full case (only an open Kurzberatung can). */
export function canConvertToCase(kind: CaseKind, phase: Phase): ConversionResult {
  if (kind !== 'short-counselling') {
    return {
      ok: false,
      code: 'convert-not-short-counselling',
      reason: message('convert-not-short-counselling'),
    };
  }
  if (phase === 'closed') return { ok: false, code: 'convert-closed', reason: message('convert-closed') };
  return { ok: true };
}

/**
 * Since when the case is in `phase`: the time of the latest recorded change into it. `undefined` when the
 * history does not say (a case from before it was recorded, or moved there by an older app version).
 */
export function phaseSince(history: readonly PhaseChange[], phase: Phase): string | undefined {
  for (let index = history.length - 1; index >= 0; index -= 1) {
    if (history[index]!.to === phase) return history[index]!.at;
  }
  return undefined;
}
