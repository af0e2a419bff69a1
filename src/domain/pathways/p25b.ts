import type { IsoDate } from '../dates.ts';
import { dateLabel, evaluation, factCriterion, germanCriterion, stayCriterion, text } from './criteria.ts';
import { PERMITTED_TOLERATED_OR_GESTATTET, type RuleSet } from './rule-sets.ts';
import { birthdayOf, chainOn, completedOn, isMinorOn, periodOn } from './time.ts';
import type { Criterion, PathwayEvaluation, PathwayFacts } from './types.ts';

const LAW = 'AufenthG';

/** The months of stay § 25b asks for: 6 years, 4 with a minor child in the household. */
const MONTHS = 72;
const MONTHS_WITH_CHILD = 48;

/** § 25b Abs. 1 AufenthG: residence for sustained integration. */
export function evaluate25b(facts: PathwayFacts, on: IsoDate, rules: RuleSet): PathwayEvaluation {
  const criteria: Criterion[] = [
    toleratedNow(facts, on, '§ 25b Abs. 1 S. 1'),
    stay(facts, on),
    factCriterion(
      'basic-order',
      text(
        'Bekenntnis zur freiheitlichen demokratischen Grundordnung',
        'Commitment to the free democratic basic order',
      ),
      `§ 25b Abs. 1 S. 2 Nr. 2 ${LAW}`,
      facts.commitmentToBasicOrder,
    ),
    factCriterion(
      'life-in-germany',
      text(
        'Kenntnisse der Rechts- und Gesellschaftsordnung (Integrationskurs, „Leben in Deutschland“ oder Schulabschluss)',
        'Knowledge of the legal and social order (integration course, "Leben in Deutschland" test or school certificate)',
      ),
      `§ 25b Abs. 1 S. 2 Nr. 2 ${LAW}`,
      facts.lifeInGermanyShown,
    ),
    livelihoodCriterion(facts),
    germanCriterion('german', `§ 25b Abs. 1 S. 2 Nr. 4 ${LAW}`, facts.germanLevel, 'A2'),
    schoolAttendance(facts, on),
    factCriterion(
      'identity',
      text(
        'Identität geklärt, an der Passbeschaffung mitgewirkt',
        'Identity clarified, cooperated in obtaining a passport',
      ),
      `§ 25b Abs. 1, Abs. 2 Nr. 1 ${LAW}`,
      facts.identityClarified,
    ),
  ];
  return evaluation(
    '25b',
    text('Nachhaltige Integration', 'Sustained integration'),
    `§ 25b ${LAW}`,
    rules.asOf,
    on,
    criteria,
  );
}

/** § 25b Abs. 6 AufenthG: after 30 months of Beschäftigungsduldung. */
export function evaluate25b6(facts: PathwayFacts, on: IsoDate, rules: RuleSet): PathwayEvaluation {
  const label = text(
    'Seit 30 Monaten Beschäftigungsduldung (§ 60d)',
    '30 months of employment toleration (§ 60d)',
  );
  const basis = `§ 25b Abs. 6 ${LAW}`;
  let employment: Criterion;
  if (facts.employmentTolerationSince === undefined) {
    employment = {
      id: 'employment-toleration',
      label,
      basis,
      state: 'unknown',
      detail: text('Keine Beschäftigungsduldung erfasst.', 'No employment toleration recorded.'),
    };
  } else {
    const metOn = completedOn(facts.employmentTolerationSince, 30);
    employment =
      metOn <= on
        ? { id: 'employment-toleration', label, basis, state: 'met', metOn }
        : {
            id: 'employment-toleration',
            label,
            basis,
            state: 'open',
            metOn,
            detail: text(
              `Erfüllt am ${dateLabel(metOn).de}, wenn die Duldung fortbesteht.`,
              `Met on ${metOn} if the toleration continues.`,
            ),
          };
  }
  const criteria: Criterion[] = [
    toleratedNow(facts, on, '§ 25b Abs. 6'),
    employment,
    factCriterion(
      'livelihood-by-work',
      text('Lebensunterhalt durch Beschäftigung gesichert', 'Livelihood secured by employment'),
      basis,
      facts.livelihood === undefined ? undefined : facts.livelihood === 'full',
    ),
    germanCriterion('german', basis, facts.germanLevel, 'A2'),
    factCriterion(
      'identity',
      text('Identität geklärt', 'Identity clarified'),
      basis,
      facts.identityClarified,
    ),
  ];
  return evaluation(
    '25b-6',
    text('Nach Beschäftigungsduldung', 'After employment toleration'),
    basis,
    rules.asOf,
    on,
    criteria,
  );
}

function toleratedNow(facts: PathwayFacts, on: IsoDate, paragraph: string): Criterion {
  const label = text('Geduldet oder Chancen-Aufenthaltsrecht (§ 104c)', 'Tolerated, or a § 104c permit');
  const basis = `${paragraph} ${LAW}, § 104c Abs. 3 ${LAW}`;
  if (facts.residence.length === 0) {
    return {
      id: 'tolerated',
      label,
      basis,
      state: 'unknown',
      detail: text('Aufenthaltsstatus nicht erfasst.', 'Residence status not recorded.'),
    };
  }
  const status = periodOn(facts.residence, on)?.status;
  return status === 'toleration' || status === 'opportunity-residence'
    ? { id: 'tolerated', label, basis, state: 'met' }
    : {
        id: 'tolerated',
        label,
        basis,
        state: 'open',
        detail: text('Der derzeitige Status ist keine Duldung.', 'The present status is not a toleration.'),
      };
}

function stay(facts: PathwayFacts, on: IsoDate): Criterion {
  const label = text(
    '6 Jahre ununterbrochener Aufenthalt (4 mit minderjährigem Kind im Haushalt)',
    '6 years of uninterrupted stay (4 with a minor child in the household)',
  );
  const basis = `§ 25b Abs. 1 S. 2 Nr. 1 ${LAW}`;
  const chain = chainOn(facts.residence, PERMITTED_TOLERATED_OR_GESTATTET, on);
  const recorded = facts.residence.length > 0;
  if (!chain || facts.householdChildren === undefined) {
    const six = stayCriterion('stay', label, basis, chain, MONTHS, on, recorded, completedOn);
    if (six.state !== 'open' || facts.householdChildren !== undefined || !chain) return six;
    // Four years may be enough, but whether a minor child lives in the household is not recorded.
    return {
      ...six,
      state: 'unknown',
      detail: text(
        'Haushalt nicht erfasst: mit minderjährigem Kind genügen 4 Jahre.',
        'Household not recorded: with a minor child 4 years are enough.',
      ),
    };
  }
  const four = completedOn(chain.start, MONTHS_WITH_CHILD);
  const when = four > on ? four : on;
  const withChild = facts.householdChildren.some((dateOfBirth) => isMinorOn(dateOfBirth, when));
  const criterion = stayCriterion(
    'stay',
    label,
    basis,
    chain,
    withChild ? MONTHS_WITH_CHILD : MONTHS,
    on,
    recorded,
    completedOn,
  );
  if (!withChild) return criterion;
  const youngest = [...facts.householdChildren]
    .filter((dateOfBirth) => isMinorOn(dateOfBirth, when))
    .sort()
    .at(-1) as IsoDate;
  const adult = birthdayOf(youngest, 18);
  return {
    ...criterion,
    detail: text(
      `${criterion.detail?.de ?? ''} 4 Jahre genügen, solange ein Kind minderjährig ist (bis ${dateLabel(adult).de}).`.trim(),
      `${criterion.detail?.en ?? ''} 4 years are enough while a child is a minor (until ${adult}).`.trim(),
    ),
  };
}

function livelihoodCriterion(facts: PathwayFacts): Criterion {
  const label = text(
    'Lebensunterhalt überwiegend gesichert oder zu erwarten',
    'Livelihood mainly secured, or expected to be',
  );
  const basis = `§ 25b Abs. 1 S. 2 Nr. 3 ${LAW}`;
  const share = facts.livelihood;
  return factCriterion('livelihood', label, basis, share === undefined ? undefined : share !== 'less');
}

function schoolAttendance(facts: PathwayFacts, on: IsoDate): Criterion {
  const label = text('Schulpflichtige Kinder besuchen die Schule', 'Children of school age attend school');
  const basis = `§ 25b Abs. 1 S. 2 Nr. 5 ${LAW}`;
  if (facts.householdChildren === undefined) {
    return {
      id: 'school-attendance',
      label,
      basis,
      state: 'unknown',
      detail: text('Haushalt nicht erfasst.', 'Household not recorded.'),
    };
  }
  const ofSchoolAge = facts.householdChildren.filter(
    (dateOfBirth) => birthdayOf(dateOfBirth, 6) <= on && on < birthdayOf(dateOfBirth, 18),
  );
  if (ofSchoolAge.length === 0) {
    return {
      id: 'school-attendance',
      label,
      basis,
      state: 'met',
      detail: text('Keine Kinder im schulpflichtigen Alter.', 'No children of school age.'),
    };
  }
  return factCriterion('school-attendance', label, basis, facts.childrenAttendSchool);
}
