import { createHash } from 'node:crypto';
import { inPeriod, type ReportPeriod } from '../../../src/domain/report-period.ts';
import { activeIn, trendPeriods, type ReportFacts, type TeamFacts } from './report-tables.ts';

/**
 * The part of a case's facts that the reports of one period read (docs/architecture.md#reports).
 *
 * Reports cover ended periods only, so most changes to a case — a contact today, a goal reached this
 * month, a new phase — touch no count of a report a coordinator can ask for. `periodFacts` keeps exactly
 * what the tables of `period` count (and what decides their rows): the dates that make a case active, and
 * of everything dated only what falls in the period (or, for barriers and reported barriers, in the trend's
 * periods before it); the people's details only for a case opened in the period; a goal's status only as
 * whether it was reached in the period. The tables over these views equal the tables over the full facts
 * (a property test holds them to it), so a report is a pure function of its cases' views: while they and
 * the other inputs stay the same, the kept reports are what a new computation would publish, whatever
 * else changed in the cases.
 */
export function periodFacts(facts: ReportFacts, period: ReportPeriod): ReportFacts | undefined {
  const periods = trendPeriods(period);
  const span = { start: periods[0]!.start, end: period.end };
  const active = activeIn(facts, period);
  const opened = active && inPeriod(facts.intakeOn, period);
  const closed = active && inPeriod(facts.closedOn, period);
  const goals = active
    ? facts.goals.flatMap(({ domain, status, setOn, reachedOn }) => {
        const set = inPeriod(setOn, period);
        const reached = status === 'achieved' && inPeriod(reachedOn, period);
        if (!set && !reached) return [];
        return [
          {
            domain,
            // Only whether it was reached in the period is counted, not which other status it has.
            status: reached ? ('achieved' as const) : ('open' as const),
            ...(set ? { setOn } : {}),
            ...(reached ? { reachedOn } : {}),
          },
        ];
      })
    : [];
  const applications = (facts.pathways?.applications ?? []).filter(
    // An active case counts the pathway of every application as worked on.
    (application) =>
      active || application.submittedOn <= period.end || inPeriod(application.outcomeOn, period),
  );
  const checklists = active ? (facts.pathways?.checklists ?? []) : [];
  const view: ReportFacts = {
    kind: facts.kind,
    ...(facts.intakeOn !== undefined ? { intakeOn: facts.intakeOn } : {}),
    ...(facts.closedOn !== undefined ? { closedOn: facts.closedOn } : {}),
    ...(closed && facts.closureReason !== undefined ? { closureReason: facts.closureReason } : {}),
    lifeDomains: active ? facts.lifeDomains : [],
    goals,
    contacts: facts.contacts
      .filter((contact) => inPeriod(contact.on, period))
      .map(({ on, kind }) => ({ on, kind })),
    referrals: facts.referrals.filter((referral) => inPeriod(referral.on, period)),
    ...(opened
      ? {
          ...(facts.ageBand !== undefined ? { ageBand: facts.ageBand } : {}),
          ...(facts.nationality !== undefined ? { nationality: facts.nationality } : {}),
          ...(facts.interpreterNeeded !== undefined ? { interpreterNeeded: facts.interpreterNeeded } : {}),
          ...(facts.gender !== undefined ? { gender: facts.gender } : {}),
          ...(facts.residenceAtIntake !== undefined ? { residenceAtIntake: facts.residenceAtIntake } : {}),
        }
      : {}),
    residenceChanges: (facts.residenceChanges ?? []).filter((change) => inPeriod(change.on, period)),
    ...(applications.length > 0 || checklists.length > 0 ? { pathways: { checklists, applications } } : {}),
    barriers: facts.barriers
      .filter((barrier) => inPeriod(barrier.observedOn, span))
      .map(({ category, observedOn }) => ({ category, observedOn })),
    reports: facts.reports
      .filter((reported) => inPeriod(reported.reportedOn, span))
      .map(({ category, institution, reportedOn }) => ({ category, institution, reportedOn })),
  };
  const countsSomething =
    active ||
    view.contacts.length > 0 ||
    view.referrals.length > 0 ||
    view.residenceChanges!.length > 0 ||
    view.pathways !== undefined ||
    view.barriers.length > 0 ||
    view.reports.length > 0;
  return countsSomething ? view : undefined;
}

/** Each facts object's views by period, with a digest of each: facts are one object per version (`FactsCache`). */
const views = new WeakMap<
  object,
  Map<string, { view: ReportFacts; text: string; digest: string } | undefined>
>();

/**
 * The cases that count in reports of `period` as their views (`periodFacts`), in the given order and
 * without the cases that count nowhere in it, and a fingerprint of that list: equal fingerprints, equal
 * inputs to the tables. `texts` are the views as JSON (what a worker thread is sent). A case's view and its
 * digest are computed once per version of its facts and period, so a request hashes one short digest per case.
 */
export function casesOfPeriod(
  cases: readonly TeamFacts[],
  period: ReportPeriod,
): { cases: TeamFacts[]; texts: string[]; fingerprint: string } {
  const digests: string[] = [];
  const counted: TeamFacts[] = [];
  const texts: string[] = [];
  for (const { teamId, facts } of cases) {
    let byPeriod = views.get(facts);
    if (byPeriod === undefined) {
      byPeriod = new Map();
      views.set(facts, byPeriod);
    }
    let entry = byPeriod.get(period.id);
    if (!byPeriod.has(period.id)) {
      const view = periodFacts(facts, period);
      const text = view === undefined ? '' : JSON.stringify(view);
      entry =
        view === undefined
          ? undefined
          : { view, text, digest: createHash('sha256').update(text).digest('base64url') };
      byPeriod.set(period.id, entry);
    }
    if (entry === undefined) continue;
    digests.push(teamId, entry.digest);
    counted.push({ teamId, facts: entry.view });
    texts.push(entry.text);
  }
  return {
    cases: counted,
    texts,
    fingerprint: createHash('sha256').update(digests.join('\u0000')).digest('base64url'),
  };
}
