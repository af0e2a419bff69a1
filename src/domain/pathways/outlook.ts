import { addMonths, type IsoDate } from '../dates.ts';
import type { Label } from '../labels.ts';
import { evaluatePathways } from './index.ts';
import type { PathwayEvaluation, PathwayFacts, PathwayId } from './types.ts';

/** One pathway of one case that opens, or has a deadline, within the horizon. */
export interface OutlookRow {
  caseId: string;
  pathway: PathwayId;
  title: Label;
  basis: string;
  state: PathwayEvaluation['state'];
  /** The day that puts it on the list: today when met, the day it becomes reachable, or a deadline. */
  on: IsoDate;
  reachableOn?: IsoDate;
  /** The earliest deadline within the horizon. */
  deadline?: { date: IsoDate; label: Label };
  /** What is still open or unknown: the basis for the counselling. */
  pending: { label: Label; state: 'open' | 'unknown' }[];
}

/**
 * _Perspektiven_: for the given cases, every pathway that is met now, becomes reachable, or has a deadline
 * within `months` from `today`, with the criteria still open or unknown — the list a case manager works
 * through for active outreach. Pathways that can no longer open are left out. Sorted by the day that
 * puts them on the list.
 */
export function pathwayOutlook(
  cases: readonly { caseId: string; facts: PathwayFacts }[],
  today: IsoDate,
  months: number,
): OutlookRow[] {
  const horizon = addMonths(today, months);
  const rows: OutlookRow[] = [];
  for (const { caseId, facts } of cases) {
    for (const pathway of evaluatePathways(facts, today)) {
      if (pathway.state === 'closed') continue;
      const deadline = pathway.deadlines.find((d) => d.date >= today && d.date <= horizon);
      const reachable =
        pathway.reachableOn !== undefined && pathway.reachableOn <= horizon ? pathway.reachableOn : undefined;
      if (pathway.state !== 'met' && reachable === undefined && deadline === undefined) continue;
      const on =
        pathway.state === 'met'
          ? today
          : ([reachable, deadline?.date].filter((d): d is IsoDate => d !== undefined).sort()[0] ?? today);
      rows.push({
        caseId,
        pathway: pathway.pathway,
        title: pathway.title,
        basis: pathway.basis,
        state: pathway.state,
        on,
        ...(pathway.reachableOn !== undefined ? { reachableOn: pathway.reachableOn } : {}),
        ...(deadline ? { deadline: { date: deadline.date, label: deadline.label } } : {}),
        pending: pathway.criteria
          .filter((criterion) => criterion.state !== 'met')
          .map((criterion) => ({ label: criterion.label, state: criterion.state as 'open' | 'unknown' })),
      });
    }
  }
  return rows.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.caseId.localeCompare(b.caseId)));
}
