import { z } from 'zod';
import { localToday, type IsoDate } from '../domain/dates.ts';
import {
  collectDueItems,
  groupDueItems,
  weekAhead,
  type DueGroupKey,
  type DueItem,
} from '../domain/due-items.ts';
import { responsibleOf, type CaseSummary } from '../domain/summary.ts';
import { cases } from './cases.svelte.ts';
import { readDevicePref, writeDevicePref } from './device-prefs.ts';

export type TodayScope = 'mine' | 'team';

const SCOPE_KEY = 'today.scope';
const scopeSchema = z.enum(['mine', 'team']);

/**
 * What the "Heute" screen shows: the due items of the person's own cases (the default) or of the whole
 * team, grouped by `groupDueItems`. The choice of scope is remembered on this device.
 */
class TodayView {
  #scope = $state<TodayScope>(readDevicePref(SCOPE_KEY, scopeSchema, 'mine'));
  #today = $state<IsoDate>(localToday());

  #items = $derived.by(() => this.#collect(this.#scope));
  #teamItems = $derived.by(() => (this.#scope === 'team' ? this.#items : this.#collect('team')));
  #groups = $derived(groupDueItems(this.#items, this.#today, weekAhead(this.#today)));

  get scope(): TodayScope {
    return this.#scope;
  }

  set scope(next: TodayScope) {
    this.#scope = next;
    writeDevicePref(SCOPE_KEY, next);
  }

  get today(): IsoDate {
    return this.#today;
  }

  /** The last day "diese Woche" reaches to. */
  get weekEnds(): IsoDate {
    return weekAhead(this.#today);
  }

  get items(): readonly DueItem[] {
    return this.#items;
  }

  get groups(): Readonly<Record<DueGroupKey, DueItem[]>> {
    return this.#groups;
  }

  /** Items across the team, whatever the scope: "nothing for you, but 4 in the team" needs it. */
  get teamCount(): number {
    return this.#teamItems.length;
  }

  /** Looks at the calendar again, e.g. when the app returns to the foreground on another day. */
  refreshToday(): void {
    const today = localToday();
    if (today !== this.#today) this.#today = today;
  }

  reset(): void {
    this.#scope = 'mine';
    this.#today = localToday();
  }

  #collect(scope: TodayScope): DueItem[] {
    const me = cases.user?.id;
    const sources: { caseId: string; entries: CaseSummary['due']; closed: boolean }[] = [];
    for (const summary of cases.summaries.values()) {
      if (scope === 'mine' && (me === undefined || responsibleOf(summary) !== me)) continue;
      sources.push({ caseId: summary.id, entries: summary.due, closed: summary.phase === 'closed' });
    }
    return collectDueItems(sources, this.#today, weekAhead(this.#today));
  }
}

export const todayView = new TodayView();
