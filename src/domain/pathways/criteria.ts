import type { IsoDate } from '../dates.ts';
import type { Label } from '../labels.ts';
import { LANGUAGE_LEVELS, type LanguageLevel } from '../vocabulary.ts';
import type { Chain } from './time.ts';
import type { Criterion, CriterionState, PathwayDeadline, PathwayEvaluation, PathwayId } from './types.ts';

/** A date as the German screen writes it (31.12.2026), and the English one (2026-12-31). */
export function dateLabel(date: IsoDate): Label {
  const [year, month, day] = date.split('-');
  return { de: `${day}.${month}.${year}`, en: date };
}

export function text(de: string, en: string): Label {
  return { de, en };
}

/** A yes/no fact: met when true, open when false, unknown when not recorded. */
export function factCriterion(
  id: string,
  label: Label,
  basis: string,
  fact: boolean | undefined,
  missing: Label = text('Noch nicht erfasst.', 'Not recorded yet.'),
): Criterion {
  const state: CriterionState = fact === undefined ? 'unknown' : fact ? 'met' : 'open';
  return { id, label, basis, state, ...(fact === undefined ? { detail: missing } : {}) };
}

/** Whether `level` is at least `minimum`; `undefined` when the level is not recorded. */
export function levelAtLeast(level: LanguageLevel | undefined, minimum: LanguageLevel): boolean | undefined {
  if (level === undefined) return undefined;
  return LANGUAGE_LEVELS.indexOf(level) >= LANGUAGE_LEVELS.indexOf(minimum);
}

export function germanCriterion(
  id: string,
  basis: string,
  level: LanguageLevel | undefined,
  minimum: LanguageLevel,
): Criterion {
  const reached = levelAtLeast(level, minimum);
  return {
    ...factCriterion(
      id,
      text(`Deutschkenntnisse mindestens ${minimum}`, `German at ${minimum} or better`),
      basis,
      reached,
      text('Sprachniveau noch nicht erfasst.', 'Language level not recorded yet.'),
    ),
    ...(level !== undefined ? { detail: text(`Erfasst: ${level}.`, `Recorded: ${level}.`) } : {}),
  };
}

/**
 * A criterion of time over an uninterrupted stay: met once `months` have passed since the chain began, open
 * with the day it will be met while the stay goes on, open without a day when there is no such stay now,
 * unknown when no residence history is recorded at all.
 */
export function stayCriterion(
  id: string,
  label: Label,
  basis: string,
  chain: Chain | undefined,
  months: number,
  on: IsoDate,
  historyRecorded: boolean,
  completedOn: (start: IsoDate, months: number) => IsoDate,
): Criterion {
  if (!historyRecorded) {
    return {
      id,
      label,
      basis,
      state: 'unknown',
      detail: text('Der Aufenthaltsverlauf ist nicht erfasst.', 'The residence history is not recorded.'),
    };
  }
  if (!chain) {
    return {
      id,
      label,
      basis,
      state: 'open',
      detail: text('Derzeit kein solcher Aufenthalt erfasst.', 'No such stay is recorded at present.'),
    };
  }
  const metOn = completedOn(chain.start, months);
  const since = dateLabel(chain.start);
  const at = dateLabel(metOn);
  const earlier = chain.startsWithHistory
    ? text(' Frühere Zeiten sind nicht erfasst.', ' Earlier times are not recorded.')
    : text('', '');
  if (metOn <= on) {
    return {
      id,
      label,
      basis,
      state: 'met',
      metOn,
      detail: text(`Ununterbrochen seit ${since.de}.`, `Uninterrupted since ${since.en}.`),
    };
  }
  return {
    id,
    label,
    basis,
    state: 'open',
    metOn,
    detail: text(
      `Ununterbrochen seit ${since.de}; erfüllt am ${at.de}, wenn der Aufenthalt fortbesteht.${earlier.de}`,
      `Uninterrupted since ${since.en}; met on ${at.en} if the stay continues.${earlier.en}`,
    ),
  };
}

/** Puts a pathway's result together from its criteria (see `PathwayEvaluation` for the states). */
export function evaluation(
  pathway: PathwayId,
  title: Label,
  basis: string,
  rulesAsOf: IsoDate,
  evaluatedOn: IsoDate,
  criteria: Criterion[],
  deadlines: PathwayDeadline[] = [],
): PathwayEvaluation {
  const closed = criteria.some((criterion) => criterion.state === 'open' && criterion.final === true);
  const waitingForTime = criteria.filter(
    (criterion) => criterion.state === 'open' && criterion.metOn !== undefined,
  );
  const otherOpen = criteria.some((criterion) => criterion.state === 'open' && criterion.metOn === undefined);
  const unknown = criteria.some((criterion) => criterion.state === 'unknown');
  const state = closed
    ? 'closed'
    : otherOpen || waitingForTime.length > 0
      ? 'open'
      : unknown
        ? 'unknown'
        : 'met';
  const times = waitingForTime.map((criterion) => criterion.metOn as IsoDate).sort();
  const reachableOn = !closed && !otherOpen && times.length > 0 ? times[times.length - 1] : undefined;
  return {
    pathway,
    title,
    basis,
    rulesAsOf,
    evaluatedOn,
    state,
    criteria,
    ...(reachableOn !== undefined ? { reachableOn } : {}),
    deadlines: deadlines.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
  };
}
