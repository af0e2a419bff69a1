import type { UnsentScope } from '../../state/sync.svelte.ts';
import { fill, localTexts } from '../i18n/index.ts';

const tx = localTexts({
  de: {
    oneCase: 'Änderungen in 1 Fall nicht synchronisiert',
    cases: 'Änderungen in {count} Fällen nicht synchronisiert',
    team: 'Änderungen im Teamverzeichnis nicht synchronisiert',
    oneCaseAndTeam: 'Änderungen in 1 Fall und im Teamverzeichnis nicht synchronisiert',
    casesAndTeam: 'Änderungen in {count} Fällen und im Teamverzeichnis nicht synchronisiert',
    themen: 'Änderungen an den Themen nicht synchronisiert',
  },
  en: {
    oneCase: 'Changes in 1 case not synced',
    cases: 'Changes in {count} cases not synced',
    team: 'Changes to the team directory not synced',
    oneCaseAndTeam: 'Changes in 1 case and the team directory not synced',
    casesAndTeam: 'Changes in {count} cases and the team directory not synced',
    themen: 'Changes to the Themen not synced',
  },
});

/** How many places hold unsent changes: each case, the team directory and coordination's Themen one each. */
export function unsentPlaces({ cases, teamDirectory, themen }: UnsentScope): number {
  return cases + (teamDirectory ? 1 : 0) + (themen ? 1 : 0);
}

/**
 * "Änderungen in 3 Fällen nicht synchronisiert": where unsent changes are, not how many keystrokes. Only
 * for a scope with something unsent. Coordination's devices hold no cases and no team directory, so the
 * Themen stand alone.
 */
export function unsentText({ cases, teamDirectory, themen }: UnsentScope): string {
  const texts = tx();
  if (cases === 0 && !teamDirectory && themen) return texts.themen;
  if (cases === 0) return texts.team;
  if (cases === 1) return teamDirectory ? texts.oneCaseAndTeam : texts.oneCase;
  return fill(teamDirectory ? texts.casesAndTeam : texts.cases, { count: cases });
}
