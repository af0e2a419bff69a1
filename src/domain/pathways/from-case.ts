import type { CaseFile } from '../case-file.ts';
import { addDays, type IsoDate } from '../dates.ts';
import { message } from '../messages.ts';
import type { FieldIssue } from '../write-result.ts';
import { dateLabel } from './criteria.ts';
import type { PathwayFacts, ResidencePeriod } from './types.ts';

/** German as the case file records it among the person's languages. */
const GERMAN = 'de';

/**
 * The facts the pathways read, from a case file as it stands: the person, the household, the residence with
 * its history, the benefits and the Perspektive section. Nothing is guessed: a value the file does not hold
 * stays unknown. The household counts as recorded once it has a member; a child without a date of birth
 * leaves the children unknown.
 */
export function pathwayFactsOf(file: CaseFile): PathwayFacts {
  const { person, residence, benefits, perspective } = file;
  const children = file.household.filter((member) => member.relation === 'child');
  const householdChildren =
    file.household.length === 0 || children.some((child) => child.birthDate === undefined)
      ? undefined
      : children.map((child) => child.birthDate as IsoDate);
  const german = person.languages.find((language) => language.language === GERMAN)?.level;
  const facts: PathwayFacts = {
    residence: residencePeriods(file),
    ...(person.birthDate !== undefined ? { dateOfBirth: person.birthDate } : {}),
    ...(person.arrivedInGermanyOn !== undefined ? { arrivalInGermany: person.arrivedInGermanyOn } : {}),
    ...(householdChildren !== undefined ? { householdChildren } : {}),
    ...(german !== undefined ? { germanLevel: german } : {}),
    ...(benefits.legalDomain !== undefined ? { benefits: benefits.legalDomain } : {}),
    ...(residence.opportunityGrantedOn !== undefined
      ? { opportunityGrantedOn: residence.opportunityGrantedOn }
      : {}),
    ...(residence.status === 'opportunity-residence' && residence.documentValidUntil !== undefined
      ? { opportunityValidUntil: residence.documentValidUntil }
      : {}),
  };
  for (const [key, value] of Object.entries(perspective)) {
    if (value !== undefined) (facts as unknown as Record<string, unknown>)[key] = value;
  }
  return facts;
}

/**
 * The residence history as periods: the earlier statuses with a known start, and the present one from the
 * day it began (or, failing that, from the day its document became valid). A period without a start cannot
 * be counted and is left out, which only ever makes a stay shorter, never longer.
 */
export function residencePeriods(file: CaseFile): ResidencePeriod[] {
  const periods: ResidencePeriod[] = [];
  for (const earlier of file.residenceHistory) {
    if (earlier.from === undefined) continue;
    periods.push({
      status: earlier.status,
      from: earlier.from,
      ...(earlier.until !== undefined ? { until: earlier.until } : {}),
      ...(earlier.permitSection !== undefined ? { section: earlier.permitSection } : {}),
    });
  }
  const { residence } = file;
  const since = residence.statusSince ?? residence.documentValidFrom;
  if (residence.status !== undefined && since !== undefined) {
    const latestEnd = periods.reduce<IsoDate | undefined>(
      (latest, period) =>
        period.until !== undefined && (latest === undefined || period.until > latest) ? period.until : latest,
      undefined,
    );
    // The present status lasts from its start; an earlier period recorded as ending later is cut there.
    const from =
      latestEnd !== undefined && latestEnd >= since && residence.statusSince === undefined
        ? addDays(latestEnd, 1)
        : since;
    periods.push({
      status: residence.status,
      from,
      ...(residence.permitSection !== undefined ? { section: residence.permitSection } : {}),
    });
  }
  return periods;
}

/**
 * Dates of the residence history that contradict each other or the person's arrival, as issues on the
 * field concerned: shown next to it, and never silently used to count a stay.
 */
export function residenceDateProblems(file: CaseFile): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const arrival = file.person.arrivedInGermanyOn;
  const starts: { path: string; date: IsoDate }[] = [];
  if (file.residence.statusSince !== undefined)
    starts.push({ path: 'residence.statusSince', date: file.residence.statusSince });
  file.residenceHistory.forEach((period) => {
    if (period.from !== undefined)
      starts.push({ path: `residenceHistory.${period.id}.from`, date: period.from });
  });
  if (arrival !== undefined) {
    for (const start of starts) {
      if (start.date < arrival) {
        issues.push({
          path: start.path,
          code: 'status-before-arrival',
          message: message('status-before-arrival', { date: dateLabel(arrival).de }),
        });
      }
    }
  }
  const sorted = [...file.residenceHistory]
    .filter((period) => period.from !== undefined)
    .sort((a, b) => ((a.from as IsoDate) < (b.from as IsoDate) ? -1 : 1));
  for (let index = 1; index < sorted.length; index++) {
    const before = sorted[index - 1];
    const period = sorted[index];
    if (before?.until !== undefined && period?.from !== undefined && period.from <= before.until) {
      issues.push({
        path: `residenceHistory.${period.id}.from`,
        code: 'status-periods-overlap',
        message: message('status-periods-overlap', { date: dateLabel(before.until).de }),
      });
    }
  }
  return issues;
}
