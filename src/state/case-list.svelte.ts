import { localToday, type IsoDate } from '../domain/dates.ts';
import { nextDeadline } from '../domain/due-entry.ts';
import { rankByQuery } from '../domain/search.ts';
import { responsibleOf, type CaseSummary } from '../domain/summary.ts';
import type { Phase } from '../domain/vocabulary.ts';
import { cases } from './cases.svelte.ts';

export type CaseSort = 'name' | 'next-due' | 'last-contact' | 'updated';

export interface CaseFilters {
  phase: Phase | 'all';
  mine: boolean;
  due: boolean;
  shortCounselling: boolean;
}

const NO_FILTERS: CaseFilters = { phase: 'all', mine: false, due: false, shortCounselling: false };

const collator = new Intl.Collator('de', { sensitivity: 'base', numeric: true });

/** Dates compare as strings; missing ones sort last in either direction. */
function byDate(a: string | null, b: string | null, direction: 1 | -1): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -direction : direction;
}

/** The deadline a row shows: the next one still to act on, never overdue for a closed case. */
export function deadlineOf(summary: CaseSummary, today: IsoDate): { due: IsoDate; overdue: boolean } | null {
  return nextDeadline(summary.due, summary.phase === 'closed', today);
}

const SORTS: Record<Exclude<CaseSort, 'next-due'>, (a: CaseSummary, b: CaseSummary) => number> = {
  name: (a, b) => collator.compare(a.displayName, b.displayName),
  'last-contact': (a, b) => byDate(a.lastContactOn, b.lastContactOn, -1),
  updated: (a, b) => byDate(a.updatedAt, b.updatedAt, -1),
};

/** By the deadline each row shows (computed once per case, not per comparison), then by name. */
function byNextDeadline(summaries: CaseSummary[], today: IsoDate): CaseSummary[] {
  return summaries
    .map((summary) => ({ summary, due: deadlineOf(summary, today)?.due ?? null }))
    .sort((a, b) => byDate(a.due, b.due, 1) || SORTS.name(a.summary, b.summary))
    .map((entry) => entry.summary);
}

/**
 * What the "Fälle" screen shows: search, filters and sort over the case summaries. A search ranks by how
 * well names match; without one, the chosen sort applies.
 */
class CaseListView {
  query = $state('');
  filters = $state<CaseFilters>({ ...NO_FILTERS });
  sort = $state<CaseSort>('name');

  #results = $derived.by(() => this.#compute());

  get results(): CaseSummary[] {
    return this.#results;
  }

  get filtered(): boolean {
    const f = this.filters;
    return this.query.trim() !== '' || f.phase !== 'all' || f.mine || f.due || f.shortCounselling;
  }

  clear(): void {
    this.query = '';
    this.filters = { ...NO_FILTERS };
  }

  reset(): void {
    this.clear();
    this.sort = 'name';
  }

  #compute(): CaseSummary[] {
    const { phase, mine, due, shortCounselling } = this.filters;
    const me = cases.user?.id;
    const today = localToday();
    const candidates = [...cases.summaries.values()].filter(
      (summary) =>
        (phase === 'all' || summary.phase === phase) &&
        (!mine || (me !== undefined && responsibleOf(summary) === me)) &&
        (!due || (deadlineOf(summary, today)?.due ?? '9999-12-31') <= today) &&
        (!shortCounselling || summary.kind === 'short-counselling'),
    );
    const query = this.query.trim();
    if (query) return rankByQuery(query, candidates, (summary) => cases.searchKey(summary.id));
    return this.sort === 'next-due' ? byNextDeadline(candidates, today) : candidates.sort(SORTS[this.sort]);
  }
}

export const caseList = new CaseListView();
