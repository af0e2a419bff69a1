import { addDays, type IsoDate } from '../dates.ts';
import { dateLabel, evaluation, factCriterion, stayCriterion, text } from './criteria.ts';
import { PERMITTED_TOLERATED_OR_GESTATTET, TOLERATED, type RuleSet } from './rule-sets.ts';
import { birthdayOf, chainOn, completedOn, periodOn } from './time.ts';
import type { Criterion, PathwayDeadline, PathwayEvaluation, PathwayFacts } from './types.ts';

const LAW = 'AufenthG';

/** § 25a AufenthG: residence for well-integrated young people. */
export function evaluate25a(facts: PathwayFacts, on: IsoDate, rules: RuleSet): PathwayEvaluation {
  const recorded = facts.residence.length > 0;
  const deadlines: PathwayDeadline[] = [];
  const criteria: Criterion[] = [ageCriterion(facts, on, deadlines)];

  const current = periodOn(facts.residence, on);
  if (current?.status === 'opportunity-residence') {
    criteria.push({
      id: 'toleration-12-months',
      label: text(
        'Seit 12 Monaten geduldet oder Chancen-Aufenthaltsrecht',
        'Tolerated for 12 months, or § 104c permit',
      ),
      basis: `§ 25a Abs. 1 S. 1 Nr. 1 ${LAW}`,
      state: 'met',
      detail: text('Hat ein Chancen-Aufenthaltsrecht (§ 104c).', 'Holds a § 104c permit.'),
    });
  } else {
    criteria.push(
      stayCriterion(
        'toleration-12-months',
        text(
          'Seit 12 Monaten geduldet oder Chancen-Aufenthaltsrecht',
          'Tolerated for 12 months, or § 104c permit',
        ),
        `§ 25a Abs. 1 S. 1 Nr. 1 ${LAW}`,
        chainOn(facts.residence, TOLERATED, on),
        12,
        on,
        recorded,
        completedOn,
      ),
    );
  }
  criteria.push(
    stayCriterion(
      'stay-3-years',
      text(
        '3 Jahre ununterbrochen erlaubt, geduldet oder gestattet',
        '3 years of uninterrupted permitted, tolerated or gestattet stay',
      ),
      `§ 25a Abs. 1 S. 1 Nr. 2 ${LAW}`,
      chainOn(facts.residence, PERMITTED_TOLERATED_OR_GESTATTET, on),
      36,
      on,
      recorded,
      completedOn,
    ),
    schoolCriterion(facts),
    factCriterion(
      'prognosis',
      text('Positive Integrationsprognose', 'Positive integration prognosis'),
      `§ 25a Abs. 1 S. 1 Nr. 4 ${LAW}`,
      facts.positiveIntegrationPrognosis,
    ),
    factCriterion(
      'identity',
      text(
        'Identität geklärt, Pass vorhanden oder zumutbar zu beschaffen',
        'Identity clarified, passport held or obtainable',
      ),
      `§ 25a Abs. 1 S. 1 Nr. 5, § 5 Abs. 1 Nr. 1a ${LAW}`,
      facts.identityClarified,
    ),
  );
  return evaluation(
    '25a',
    text('Gut integrierte Jugendliche und junge Volljährige', 'Well-integrated young people'),
    `§ 25a ${LAW}`,
    rules.asOf,
    on,
    criteria,
    deadlines,
  );
}

function ageCriterion(facts: PathwayFacts, on: IsoDate, deadlines: PathwayDeadline[]): Criterion {
  const label = text(
    'Antrag zwischen dem 14. und dem 27. Geburtstag',
    'Application between the 14th and the 27th birthday',
  );
  const basis = `§ 25a Abs. 1 S. 1 Nr. 3 ${LAW}`;
  if (facts.dateOfBirth === undefined) {
    return {
      id: 'age',
      label,
      basis,
      state: 'unknown',
      detail: text('Geburtsdatum fehlt.', 'Date of birth missing.'),
    };
  }
  const from = birthdayOf(facts.dateOfBirth, 14);
  const turns27 = birthdayOf(facts.dateOfBirth, 27);
  const lastDay = addDays(turns27, -1);
  if (on >= turns27) {
    return {
      id: 'age',
      label,
      basis,
      state: 'open',
      final: true,
      detail: text(
        `Der 27. Geburtstag war am ${dateLabel(turns27).de}.`,
        `The 27th birthday was on ${turns27}.`,
      ),
    };
  }
  deadlines.push({
    id: 'apply-before-27',
    label: text(
      'Letzter Tag für den Antrag nach § 25a (vor dem 27. Geburtstag)',
      'Last day to apply under § 25a (before the 27th birthday)',
    ),
    date: lastDay,
    basis,
  });
  if (on < from) {
    return {
      id: 'age',
      label,
      basis,
      state: 'open',
      metOn: from,
      detail: text(`Ab dem 14. Geburtstag am ${dateLabel(from).de}.`, `From the 14th birthday on ${from}.`),
    };
  }
  return {
    id: 'age',
    label,
    basis,
    state: 'met',
    detail: text(`Antrag bis ${dateLabel(lastDay).de} möglich.`, `Application possible until ${lastDay}.`),
  };
}

function schoolCriterion(facts: PathwayFacts): Criterion {
  const label = text(
    '3 Jahre erfolgreicher Schulbesuch in Deutschland oder anerkannter Abschluss',
    '3 years of successful schooling in Germany, or a recognised qualification',
  );
  const basis = `§ 25a Abs. 1 S. 1 Nr. 2 ${LAW}`;
  const years = facts.schoolYearsInGermany;
  const qualification = facts.recognisedQualification;
  if ((years !== undefined && years >= 3) || qualification === true) {
    return { id: 'school', label, basis, state: 'met' };
  }
  if (years !== undefined && qualification === false) {
    return {
      id: 'school',
      label,
      basis,
      state: 'open',
      detail: text(`${years} Schuljahre erfasst.`, `${years} school years recorded.`),
    };
  }
  return {
    id: 'school',
    label,
    basis,
    state: 'unknown',
    detail: text(
      'Schuljahre oder Abschluss noch nicht erfasst.',
      'School years or qualification not recorded yet.',
    ),
  };
}
