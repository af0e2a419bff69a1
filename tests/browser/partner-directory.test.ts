import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { localToday } from '../../src/domain/dates.ts';
import type { AppShellPage } from './pages/app-shell.page.ts';
import { CasePlanPage } from './pages/case-plan.page.ts';
import { CasesPage } from './pages/cases.page.ts';
import { TeamDirectoryPage } from './pages/team-directory.page.ts';
import { useAppInChromium, WCAG_21_AA } from './support/app-in-chromium.ts';
import { unexpectedFailures, type PageProblems } from './support/browser.ts';

const env = useAppInChromium();

let context: BrowserContext;
let page: Page;
let shell: AppShellPage;
let directory: TeamDirectoryPage;
let problems: PageProblems;

beforeEach(() => {
  ({ context, page, problems, shell } = env);
  directory = new TeamDirectoryPage(page);
});

describe('the team directory of Netzwerkpartner', () => {
  it('is kept offline, feeds referrals, and an archived partner still names its referrals', async () => {
    const partner = 'Diakonie Jugendmigrationsdienst';
    await shell.goto('/');
    await shell.waitForOfflineReady();
    await context.setOffline(true);
    await expect.poll(() => shell.connection.textContent()).toContain('Offline');

    // A partner added in Einstellungen, without network.
    await shell.navigateTo('Einstellungen');
    await directory.addPartner({
      name: partner,
      service: 'Jugendmigrationsdienst (JMD)',
      phone: '0203 555 10',
    });
    expect(await directory.partner(partner).textContent()).toContain('0203 555 10');

    // It is offered when a referral is recorded in a case.
    const cases = new CasesPage(page);
    await cases.open();
    const plan = new CasePlanPage(await cases.create({ familyName: 'Osei', givenNames: 'Kwame' }));
    expect((await plan.referralPartnerChoices()).some((text) => text.startsWith(partner))).toBe(true);
    // Referring needs a consent naming the partner (consent-is-shown-signed-and-printed tests the refusal).
    await plan.submitConsent({
      recipient: partner,
      purpose: 'Ausbildungsplatzsuche',
      categories: ['Personalien'],
      givenOn: localToday(),
    });
    await plan.consent(partner).waitFor();
    await plan.addReferral({ partner, reason: 'Ausbildungsplatzsuche', status: 'Vereinbart' });
    expect(await plan.referral(partner).textContent()).toContain('Ausbildungsplatzsuche');

    // Both the directory and the referral come back after a reload without network.
    await plan.waitUntilStored();
    await shell.reload();
    await plan.caseFile.heading.waitFor();
    await plan.referral(partner).waitFor();
    expect(await plan.referral(partner).getByText(partner, { exact: true }).isVisible()).toBe(true);

    // Archived, it leaves the directory's active list and the picker, but the referral keeps its name.
    await shell.navigateTo('Einstellungen');
    await directory.partner(partner).waitFor();
    await directory.archivePartner(partner);
    await expect.poll(() => directory.partner(partner).count()).toBe(0);
    await directory.archivedPartner(partner).waitFor({ state: 'attached' });

    await cases.open();
    await cases.caseLink('Osei, Kwame').click();
    await plan.caseFile.heading.waitFor();
    await plan.referral(partner).waitFor();
    expect(await plan.referral(partner).getByText(partner, { exact: true }).isVisible()).toBe(true);
    expect((await plan.referralPartnerChoices()).some((text) => text.includes(partner))).toBe(false);
    // The referral's own editor still shows the partner it holds, marked as archived.
    await plan.referral(partner).getByText('Vermittlung bearbeiten', { exact: true }).click();
    const held = plan.partnerSelect(plan.referral(partner));
    expect(await plan.chosenText(held)).toBe(`${partner} – Jugendmigrationsdienst (JMD) (archiviert)`);

    expect(unexpectedFailures(problems)).toEqual([]);
    expect(problems.errors).toEqual([]);
  });

  it('renames a proposed barrier category for barriers already recorded, and withdrawing one hides it from the picker', async () => {
    await shell.goto('/einstellungen');
    await directory.addCategory('Termine nur online');
    await directory.addCategory('Vorübergehende Kategorie');
    const cases = new CasesPage(page);
    await cases.open();
    const plan = new CasePlanPage(await cases.create({ familyName: 'Kowalska', givenNames: 'Anna' }));
    await plan.addBarrier({
      category: 'Termine nur online',
      option: 'Termine nur online (vorgeschlagen)',
      observedOn: localToday(),
    });

    // A case manager's own proposals stay theirs to correct and withdraw until coordination confirms them.
    await shell.navigateTo('Einstellungen');
    await directory.renameCategory('Termine nur online', 'Termine nur online buchbar');
    await directory.archiveCategory('Vorübergehende Kategorie');
    await expect.poll(() => directory.category('Vorübergehende Kategorie').count()).toBe(0);

    await cases.open();
    await cases.caseLink('Kowalska, Anna').click();
    await plan.caseFile.heading.waitFor();
    await plan.barrier('Termine nur online buchbar').waitFor();
    const choices = await plan.barrierForm.getByLabel('Kategorie').locator('option').allTextContents();
    expect(choices.some((choice) => choice.startsWith('Termine nur online buchbar'))).toBe(true);
    expect(choices).toContain('Wartezeiten bei Behörden');
    expect(choices.some((choice) => choice.startsWith('Vorübergehende Kategorie'))).toBe(false);
    expect(problems.errors).toEqual([]);
  });

  it('meets WCAG 2.1 AA on Einstellungen with active and archived partners', async () => {
    await shell.goto('/einstellungen');
    await directory.addPartner({ name: 'Caritas Migrationsberatung', service: 'MBE', phone: '0203 1234' });
    await directory.addPartner({ name: 'AWO Integrationsagentur' });
    await directory.archivePartner('AWO Integrationsagentur');
    await directory.archivedPartner('AWO Integrationsagentur').waitFor({ state: 'attached' });
    // A refused entry shows its message next to the field; axe checks that state too.
    await directory.partnerForm.getByRole('button', { name: 'Vorschlagen' }).click();
    await expect
      .poll(() =>
        directory.partnerForm
          .getByRole('textbox', { name: 'Name', exact: true })
          .getAttribute('aria-invalid'),
      )
      .toBe('true');
    const folded = page.locator('main details:not([open]) > summary');
    while ((await folded.count()) > 0) await folded.first().click();

    const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
    const violations = results.violations.map(
      (violation) => `${violation.id} (${violation.nodes.map((node) => node.target).join(', ')})`,
    );
    expect(violations).toEqual([]);
    expect(results.passes.length).toBeGreaterThan(10);
    expect(problems.errors).toEqual([]);
  });
});
