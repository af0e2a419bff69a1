import { addMonths, type IsoDate } from '../dates.ts';
import { OPPORTUNITY_RESIDENCE_LEAD_MONTHS, opportunityResidenceWindow } from '../deadlines.ts';
import { dateLabel, evaluation, text } from './criteria.ts';
import type { RuleSet } from './rule-sets.ts';
import { periodOn } from './time.ts';
import type { Criterion, PathwayDeadline, PathwayEvaluation, PathwayFacts } from './types.ts';

const BASIS = '§ 104c AufenthG';

/**
 * § 104c AufenthG, Chancen-Aufenthaltsrecht: 18 months, not extendable, only a bridge to § 25a or § 25b. Since
 * new applications ended, only permits already granted are followed: the follow-up application must be
 * filed before the permit expires (three months ahead by default). `bridge` is whether § 25a or § 25b is met
 * (`true`), reachable before the expiry (a date), or neither (`false`) / not known (`undefined`).
 */
export function evaluate104c(
  facts: PathwayFacts,
  on: IsoDate,
  rules: RuleSet,
  bridge: { met: boolean; reachableOn?: IsoDate; unknown: boolean },
): PathwayEvaluation {
  const title = text('Chancen-Aufenthaltsrecht (Auslaufen)', 'Opportunity residence (running off)');
  const holds =
    facts.opportunityGrantedOn !== undefined ||
    periodOn(facts.residence, on)?.status === 'opportunity-residence';
  const permit: Criterion = {
    id: 'permit',
    label: text('Chancen-Aufenthaltsrecht erteilt', 'Opportunity residence granted'),
    basis: `${BASIS} Abs. 1`,
    state: holds ? 'met' : 'open',
    ...(!holds && !rules.opportunityNewApplications
      ? {
          final: true,
          detail: text(
            'Neue Anträge sind seit dem 1. Januar 2026 nicht mehr möglich.',
            'New applications have not been possible since 1 January 2026.',
          ),
        }
      : {}),
  };
  if (!holds) return evaluation('104c', title, BASIS, rules.asOf, on, [permit]);

  const validUntil =
    facts.opportunityValidUntil ??
    (facts.opportunityGrantedOn !== undefined
      ? opportunityResidenceWindow(facts.opportunityGrantedOn).endsOn
      : undefined);
  const deadlines: PathwayDeadline[] = [];
  const criteria: Criterion[] = [permit];
  if (validUntil === undefined) {
    criteria.push({
      id: 'valid',
      label: text('Gültigkeit bekannt', 'Validity known'),
      basis: `${BASIS} Abs. 1`,
      state: 'unknown',
      detail: text(
        'Bitte „gültig bis“ oder den Tag der Erteilung erfassen.',
        'Please record "valid until" or the day it was granted.',
      ),
    });
  } else {
    const applyBy = addMonths(validUntil, -OPPORTUNITY_RESIDENCE_LEAD_MONTHS);
    deadlines.push(
      {
        id: 'apply-follow-up',
        label: text(
          'Folgeantrag nach § 25a oder § 25b stellen',
          'File the follow-up application under § 25a or § 25b',
        ),
        date: applyBy,
        basis: `${BASIS} Abs. 3`,
      },
      {
        id: 'expires',
        label: text('Chancen-Aufenthaltsrecht läuft ab', 'Opportunity residence expires'),
        date: validUntil,
        basis: `${BASIS} Abs. 2`,
      },
    );
    criteria.push({
      id: 'valid',
      label: text('Noch gültig', 'Still valid'),
      basis: `${BASIS} Abs. 2`,
      ...(validUntil >= on
        ? {
            state: 'met' as const,
            detail: text(`Gültig bis ${dateLabel(validUntil).de}.`, `Valid until ${validUntil}.`),
          }
        : {
            state: 'open' as const,
            final: true,
            detail: text(`Abgelaufen am ${dateLabel(validUntil).de}.`, `Expired on ${validUntil}.`),
          }),
    });
    criteria.push(bridgeCriterion(bridge, validUntil));
  }
  return evaluation('104c', title, BASIS, rules.asOf, on, criteria, deadlines);
}

function bridgeCriterion(
  bridge: { met: boolean; reachableOn?: IsoDate; unknown: boolean },
  validUntil: IsoDate,
): Criterion {
  const label = text(
    'Voraussetzungen von § 25a oder § 25b bis zum Ablauf',
    'Requirements of § 25a or § 25b met before it expires',
  );
  const basis = `${BASIS} Abs. 3`;
  if (bridge.met) return { id: 'bridge', label, basis, state: 'met' };
  if (bridge.reachableOn !== undefined && bridge.reachableOn <= validUntil) {
    return {
      id: 'bridge',
      label,
      basis,
      state: 'open',
      metOn: bridge.reachableOn,
      detail: text(
        `Erreichbar am ${dateLabel(bridge.reachableOn).de}.`,
        `Reachable on ${bridge.reachableOn}.`,
      ),
    };
  }
  if (bridge.unknown) {
    return {
      id: 'bridge',
      label,
      basis,
      state: 'unknown',
      detail: text('Siehe § 25a und § 25b: Angaben fehlen.', 'See § 25a and § 25b: facts are missing.'),
    };
  }
  return {
    id: 'bridge',
    label,
    basis,
    state: 'open',
    detail: text(
      'Nach heutigem Stand nicht vor dem Ablauf erreichbar.',
      'Not reachable before it expires as things stand.',
    ),
  };
}
