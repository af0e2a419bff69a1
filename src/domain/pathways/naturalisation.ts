import type { IsoDate } from '../dates.ts';
import { evaluation, factCriterion, germanCriterion, stayCriterion, text } from './criteria.ts';
import { LAWFUL, LAWFUL_AFTER_RECOGNITION, type RuleSet } from './rule-sets.ts';
import { chainOn, completedOn, periodOn } from './time.ts';
import type { Criterion, PathwayEvaluation, PathwayFacts } from './types.ts';

const LAW = 'StAG';

/**
 * Residence permits whose time does not lead to naturalisation (§ 10 Abs. 1 S. 1 Nr. 2 StAG): the paragraph
 * and, where only some subsections are excluded, those subsections.
 */
const EXCLUDED: Readonly<Record<string, readonly number[] | 'all'>> = {
  '16a': 'all',
  '16b': 'all',
  '16d': 'all',
  '16e': 'all',
  '16f': 'all',
  '17': 'all',
  '18d': 'all',
  '18f': 'all',
  '19': 'all',
  '19b': 'all',
  '19e': 'all',
  '20': 'all',
  '22': 'all',
  '23': [1],
  '23a': 'all',
  '24': 'all',
  '25': [3, 4, 5],
};

/**
 * Whether a permit recorded as e.g. "§ 25 Abs. 5 AufenthG" is one of the excluded kinds; `undefined` when the
 * text names no paragraph (or an excluded paragraph without the subsection that decides).
 */
export function excludedFromNaturalisation(section: string): boolean | undefined {
  const match = /§\s*(\d+[a-z]?)(?:\s*Abs(?:atz|\.)?\s*(\d+))?/i.exec(section);
  if (!match?.[1]) return undefined;
  const rule = EXCLUDED[match[1].toLowerCase()];
  if (rule === undefined) return false;
  if (rule === 'all') return true;
  if (match[2] === undefined) return undefined;
  return rule.includes(Number(match[2]));
}

/** § 10 StAG: naturalisation on application (Anspruchseinbürgerung). */
export function evaluateNaturalisation(facts: PathwayFacts, on: IsoDate, rules: RuleSet): PathwayEvaluation {
  const current = periodOn(facts.residence, on);
  const recognised = current?.status === 'residence-permit' || current?.status === 'settlement-permit';
  const chain = chainOn(facts.residence, recognised ? LAWFUL_AFTER_RECOGNITION : LAWFUL, on);
  const criteria: Criterion[] = [
    stayCriterion(
      'lawful-stay',
      text(
        `${rules.naturalisationYears} Jahre rechtmäßiger gewöhnlicher Aufenthalt`,
        `${rules.naturalisationYears} years of lawful habitual residence`,
      ),
      `§ 10 Abs. 1 S. 1 ${LAW}`,
      chain,
      rules.naturalisationYears * 12,
      on,
      facts.residence.length > 0,
      completedOn,
    ),
    permitCriterion(current?.status, current?.section, facts.residence.length > 0),
    germanCriterion('german', `§ 10 Abs. 1 S. 1 Nr. 6, Abs. 4 ${LAW}`, facts.germanLevel, 'B1'),
    factCriterion(
      'test',
      text('Einbürgerungstest bestanden', 'Naturalisation test passed'),
      `§ 10 Abs. 1 S. 1 Nr. 7, Abs. 5 ${LAW}`,
      facts.naturalisationTestPassed,
    ),
    factCriterion(
      'basic-order',
      text(
        'Bekenntnis zur freiheitlichen demokratischen Grundordnung',
        'Commitment to the free democratic basic order',
      ),
      `§ 10 Abs. 1 S. 1 Nr. 1 ${LAW}`,
      facts.commitmentToBasicOrder,
    ),
    livelihoodCriterion(facts),
    factCriterion(
      'identity',
      text('Identität und Staatsangehörigkeit geklärt', 'Identity and nationality clarified'),
      `§ 10 Abs. 1 S. 1 ${LAW}`,
      facts.identityClarified,
    ),
  ];
  if (current?.status === 'naturalised') {
    criteria.unshift({
      id: 'not-german-yet',
      label: text('Noch nicht eingebürgert', 'Not naturalised yet'),
      basis: `§ 10 ${LAW}`,
      state: 'open',
      final: true,
      detail: text('Bereits eingebürgert.', 'Already naturalised.'),
    });
  }
  return evaluation(
    'naturalisation',
    text('Einbürgerung', 'Naturalisation'),
    `§ 10 ${LAW}`,
    rules.asOf,
    on,
    criteria,
  );
}

function permitCriterion(
  status: string | undefined,
  section: string | undefined,
  recorded: boolean,
): Criterion {
  const label = text(
    'Aufenthaltsrecht, das zur Einbürgerung führen kann',
    'A right of residence that can lead to naturalisation',
  );
  const basis = `§ 10 Abs. 1 S. 1 Nr. 2 ${LAW}`;
  if (!recorded || status === undefined || status === 'unclear') {
    return {
      id: 'permit',
      label,
      basis,
      state: 'unknown',
      detail: text('Aufenthaltsstatus nicht erfasst.', 'Residence status not recorded.'),
    };
  }
  if (status === 'settlement-permit' || status === 'eu-free-movement')
    return { id: 'permit', label, basis, state: 'met' };
  if (status === 'residence-permit') {
    const excluded = section === undefined ? undefined : excludedFromNaturalisation(section);
    if (excluded === undefined) {
      return {
        id: 'permit',
        label,
        basis,
        state: 'unknown',
        detail: text(
          'Bitte den Paragrafen der Aufenthaltserlaubnis erfassen.',
          'Please record the paragraph of the residence permit.',
        ),
      };
    }
    return excluded
      ? {
          id: 'permit',
          label,
          basis,
          state: 'open',
          detail: text(
            `${section ?? ''} führt nicht zur Einbürgerung.`,
            `${section ?? ''} does not lead to naturalisation.`,
          ),
        }
      : { id: 'permit', label, basis, state: 'met' };
  }
  if (status === 'opportunity-residence') {
    return {
      id: 'permit',
      label,
      basis,
      state: 'unknown',
      detail: text(
        'Die Einbürgerungsbehörde prüft den Titel.',
        'The naturalisation authority checks the permit.',
      ),
    };
  }
  return {
    id: 'permit',
    label,
    basis,
    state: 'open',
    detail: text('Der derzeitige Status genügt nicht.', 'The present status is not enough.'),
  };
}

function livelihoodCriterion(facts: PathwayFacts): Criterion {
  const label = text(
    'Lebensunterhalt ohne Bürgergeld oder Sozialhilfe',
    'Livelihood without SGB II or SGB XII benefits',
  );
  const basis = `§ 10 Abs. 1 S. 1 Nr. 3 ${LAW}`;
  const benefits = facts.benefits;
  if (benefits === undefined || benefits === 'unknown') {
    return factCriterion(
      'livelihood',
      label,
      basis,
      undefined,
      text('Leistungsbezug nicht erfasst.', 'Benefits not recorded.'),
    );
  }
  if (benefits === 'none' || benefits === 'sgb3') return { id: 'livelihood', label, basis, state: 'met' };
  if ((benefits === 'sgb2' || benefits === 'sgb12') && facts.livelihoodException !== undefined) {
    return {
      id: 'livelihood',
      label,
      basis,
      state: 'met',
      detail: text(
        'Ausnahme nach § 10 Abs. 1 S. 1 Nr. 3 StAG.',
        'Exception under § 10 (1) sentence 1 no. 3 StAG.',
      ),
    };
  }
  return {
    id: 'livelihood',
    label,
    basis,
    state: 'open',
    detail: text('Bezieht Leistungen.', 'Receives benefits.'),
  };
}
