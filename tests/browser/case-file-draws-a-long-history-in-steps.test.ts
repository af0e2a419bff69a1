import { beforeAll, describe, expect, it } from 'vitest';
import { CaseFilePage, CasesPage } from './pages/cases.page.ts';
import { ContactsPanel } from './pages/contacts.page.ts';
import { CASE_MANAGER } from './support/accounts.ts';
import { useAppInChromium } from './support/app-in-chromium.ts';
import { seedCases } from './support/seed-cases.ts';
import { addDays } from '../../src/domain/dates.ts';

const env = useAppInChromium();

/** More contacts than a screen shows, so the case file draws the first ones at once and the rest after. */
const COUNT = 30;

beforeAll(async () => {
  await seedCases(env.relay, [
    {
      familyName: 'Demir',
      givenNames: 'Leyla',
      owner: CASE_MANAGER,
      contacts: Array.from({ length: COUNT }, (_, index) => ({
        date: addDays('2024-01-03', index * 7),
        note: `Telefonat Nummer ${index + 1} zur Wohnungssuche.`,
      })),
    },
  ]);
});

describe('a case file with a long Beratungsverlauf', () => {
  it('draws every contact after opening, and keeps them all when one is added', async () => {
    const { page, shell } = env;
    await shell.goto('/faelle');
    await new CasesPage(page).caseLink('Demir, Leyla').click();
    await expect.poll(() => new CaseFilePage(page).heading.textContent()).toBe('Demir, Leyla');
    const contacts = new ContactsPanel(page);
    await expect.poll(() => contacts.records.count()).toBe(COUNT);
    // Newest first: the oldest call is the last record.
    expect(await contacts.records.last().textContent()).toContain('Telefonat Nummer 1 zur Wohnungssuche.');

    await contacts.homeVisit('Hausbesuch nach dem letzten Telefonat.');
    await expect.poll(() => contacts.records.count()).toBe(COUNT + 1);
    expect(await contacts.records.first().textContent()).toContain('Hausbesuch nach dem letzten Telefonat.');
    expect(await contacts.records.last().textContent()).toContain('Telefonat Nummer 1 zur Wohnungssuche.');
  });
});
