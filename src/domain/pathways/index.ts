import type { IsoDate } from '../dates.ts';
import { evaluate104c } from './p104c.ts';
import { evaluate25a } from './p25a.ts';
import { evaluate25b, evaluate25b6 } from './p25b.ts';
import { evaluateNaturalisation } from './naturalisation.ts';
import { ruleSetOn } from './rule-sets.ts';
import type { PathwayEvaluation, PathwayFacts } from './types.ts';

export type * from './types.ts';
export { ruleSetOn, RULE_SETS } from './rule-sets.ts';

/**
 * Every pathway for one person on `on`, under the rules in force that day: § 25a, § 25b, § 25b Abs. 6, the
 * run-off of § 104c and naturalisation (docs/architecture.md#residence-pathways).
 */
export function evaluatePathways(facts: PathwayFacts, on: IsoDate): PathwayEvaluation[] {
  const rules = ruleSetOn(on);
  const p25a = evaluate25a(facts, on, rules);
  const p25b = evaluate25b(facts, on, rules);
  const p25b6 = evaluate25b6(facts, on, rules);
  const reachable = [p25a, p25b]
    .filter((pathway) => pathway.state === 'open' && pathway.reachableOn !== undefined)
    .map((pathway) => pathway.reachableOn as IsoDate)
    .sort();
  const p104c = evaluate104c(facts, on, rules, {
    met: p25a.state === 'met' || p25b.state === 'met',
    ...(reachable[0] !== undefined ? { reachableOn: reachable[0] } : {}),
    unknown: p25a.state === 'unknown' || p25b.state === 'unknown',
  });
  return [p25a, p25b, p25b6, p104c, evaluateNaturalisation(facts, on, rules)];
}
