import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { localToday } from '../../src/domain/dates.ts';
import { CasePlanPage } from './pages/case-plan.page.ts';
import { CasesPage } from './pages/cases.page.ts';
import { axeViolations, useAppInChromium } from './support/app-in-chromium.ts';
import { unexpectedFailures, type PageProblems } from './support/browser.ts';

const env = useAppInChromium();

let page: Page;
let problems: PageProblems;

beforeEach(() => {
  ({ page, problems } = env);
});

const CATEGORY = 'Wartezeiten bei Behörden';

describe('a barrier reported to coordination', () => {
  it('is refused while it names the person, then reported, shown as reported, and withdrawn', async () => {
    const cases = new CasesPage(page);
    await cases.open();
    const plan = new CasePlanPage(await cases.create({ familyName: 'Haddad', givenNames: 'Amina' }));
    await plan.addBarrier({ category: CATEGORY, institution: 'Ausländerbehörde', observedOn: localToday() });
    const barrier = plan.barrier(CATEGORY);

    // The report starts from the barrier's category and institution; the name check refuses first.
    const form = await plan.reportBarrier(CATEGORY, {
      happened: 'Frau Haddad wartet seit vier Monaten auf einen Termin zur Verlängerung.',
    });
    expect(await form.getByLabel('Kategorie').inputValue()).toBe('waiting-times');
    expect(await form.getByLabel('Betroffene Institution').inputValue()).toBe('Ausländerbehörde');
    const happened = form.getByLabel('Was ist passiert?');
    await expect.poll(() => happened.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await happened.getAttribute('aria-describedby'))
      ?.split(' ')
      .find((id) => id.endsWith('error'));
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toBe('Bitte entfernen: Name (Haddad)');
    expect(await barrier.textContent()).not.toContain('An Koordination gemeldet am');
    expect(await axeViolations(page, 'section')).toEqual([]);
    await page.screenshot({ path: '/tmp/barrier-report-refused.png', fullPage: false });

    await plan.reportBarrier(CATEGORY, {
      happened:
        'Termine zur Verlängerung gibt es erst nach vier Monaten; die Fiktionsbescheinigung fehlt so lange.',
      wouldHelp: 'Feste Terminkontingente für Verlängerungen.',
    });
    await barrier.getByText(/^An Koordination gemeldet am /).waitFor();
    expect(await form.isVisible()).toBe(false);
    expect(await barrier.textContent()).toContain('Feste Terminkontingente für Verlängerungen.');
    // A reported barrier is not deleted; its report is withdrawn instead.
    await barrier.getByText('Angaben ändern oder löschen').click();
    expect(await barrier.getByRole('button', { name: 'Hürde löschen' }).count()).toBe(0);
    expect(await axeViolations(page, 'section')).toEqual([]);
    await barrier.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/barrier-reported.png' });

    // It is part of the case: a reload shows it as reported.
    await plan.waitUntilStored();
    await env.shell.reload();
    await barrier.getByText(/^An Koordination gemeldet am /).waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await barrier.scrollIntoViewIfNeeded();
    // On a phone the reported texts wrap within the screen.
    await expect
      .poll(() =>
        page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      )
      .toBeLessThanOrEqual(0);
    expect(await axeViolations(page, 'section')).toEqual([]);
    await page.screenshot({ path: '/tmp/barrier-reported-phone.png' });
    await page.setViewportSize({ width: 1024, height: 768 });

    page.once('dialog', (dialog) => void dialog.accept());
    await barrier.getByRole('button', { name: 'Meldung zurückziehen' }).click();
    await barrier.getByText(/^Meldung an die Koordination zurückgezogen am /).waitFor();
    expect(await barrier.getByRole('button', { name: 'Erneut an Koordination melden' }).isVisible()).toBe(
      true,
    );
    expect(unexpectedFailures(problems)).toEqual([]);
  });
});
