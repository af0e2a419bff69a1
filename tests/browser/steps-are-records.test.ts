import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CasePlanPage } from './pages/case-plan.page.ts';
import { CaseFilePage, CasesPage } from './pages/cases.page.ts';
import { COLLEAGUE } from './support/accounts.ts';
import { axeViolations, useAppInChromium } from './support/app-in-chromium.ts';
import { seedCases } from './support/seed-cases.ts';

const env = useAppInChromium();

const GOAL = 'Wohnung mit WBS finden';
const OLD_STEP = 'WBS beim Wohnungsamt beantragen';

describe('a step of a goal is a record', () => {
  it('is marked as erroneous with a reason and kept, struck through; only a fresh own step is deleted', async () => {
    // A colleague recorded the goal and its first step long ago.
    await seedCases(env.relay, [
      {
        familyName: 'Yilmaz',
        givenNames: 'Derya',
        owner: COLLEAGUE,
        goals: [{ text: GOAL, lifeDomain: 'housing', steps: [OLD_STEP] }],
      },
    ]);
    await env.shell.goto('/faelle');
    await new CasesPage(env.page).caseLink('Yilmaz, Derya').click();
    const caseFile = new CaseFilePage(env.page);
    await expect.poll(() => caseFile.heading.textContent()).toBe('Yilmaz, Derya');
    const plan = new CasePlanPage(caseFile);
    const goal = plan.goal(GOAL);
    await plan.stepDone(GOAL, OLD_STEP).waitFor();

    // No plain delete any more: the step's details offer marking, and Löschen only for a fresh own step.
    await plan.addStep(GOAL, { text: 'Besichtigung vereinbaren' });
    await plan.addStep(GOAL, { text: 'Aus Versehen doppelt angelegt' });
    await expect.poll(() => goal.getByText('0 von 3 Schritten erledigt').count()).toBe(1);
    expect(await goal.getByRole('button', { name: 'Schritt löschen' }).count()).toBe(0);
    const oldStep = plan.step(GOAL, OLD_STEP);
    await oldStep.getByText('Schritt bearbeiten').click();
    await oldStep.getByText('Erfasst von Jonas Weber am 02.01.2024').waitFor();
    await oldStep.getByRole('button', { name: `Als fehlerhaft markieren: Schritt „${OLD_STEP}“` }).waitFor();
    expect(await oldStep.getByRole('button', { name: /^Löschen/ }).count()).toBe(0);

    const slip = plan.step(GOAL, 'Aus Versehen doppelt angelegt');
    await slip.getByText('Schritt bearbeiten').click();
    env.page.once('dialog', (dialog) => void dialog.accept());
    await slip.getByRole('button', { name: 'Löschen: Schritt „Aus Versehen doppelt angelegt“' }).click();
    await slip.waitFor({ state: 'detached' });

    // Marking needs a reason.
    await oldStep.getByRole('button', { name: /^Als fehlerhaft markieren/ }).click();
    await oldStep.getByRole('button', { name: 'Markieren', exact: true }).click();
    await oldStep.getByText('Bitte angeben, warum der Eintrag fehlerhaft ist.').waitFor();
    await oldStep.getByLabel('Warum ist der Eintrag fehlerhaft?').fill('WBS liegt schon vor');
    await oldStep.getByRole('button', { name: 'Markieren', exact: true }).click();

    // Kept, struck through, the marking in view without opening anything; no longer counted or tickable.
    const expectMarked = async () => {
      const step = plan.step(GOAL, OLD_STEP);
      await step.getByText(/Als fehlerhaft markiert am .* von Amira Haddad/).waitFor();
      await step.getByText('„WBS liegt schon vor“', { exact: true }).waitFor();
      expect(await step.getByText(OLD_STEP, { exact: true }).isVisible()).toBe(true);
      const decoration = await step
        .getByText(OLD_STEP, { exact: true })
        .evaluate((element) => getComputedStyle(element).textDecorationLine);
      expect(decoration).toBe('line-through');
      expect(await plan.stepDone(GOAL, OLD_STEP).isDisabled()).toBe(true);
      await expect.poll(() => goal.getByText('0 von 1 Schritten erledigt').count()).toBe(1);
    };
    await expectMarked();
    expect(await axeViolations(env.page, 'main')).toEqual([]);
    mkdirSync('test-results/screenshots', { recursive: true });
    // Centred, so the sticky case header does not cover it.
    await plan.step(GOAL, OLD_STEP).evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await env.page.screenshot({ path: 'test-results/screenshots/step-erroneous-1024x768.png' });

    // It stays so after a restart, and the trail shows who marked it and why.
    await plan.waitUntilStored();
    await env.shell.reload();
    await expectMarked();
    const marked = plan.step(GOAL, OLD_STEP);
    await marked.getByText('Verlauf und Markierung').click();
    await marked.getByText('Frühere Fassungen (1)').click();
    await marked.getByText(/von Amira Haddad als fehlerhaft markiert: „WBS liegt schon vor“/).waitFor();
    // A marking made by mistake can be lifted; the step counts again.
    await marked.getByRole('button', { name: `Markierung aufheben: Schritt „${OLD_STEP}“` }).click();
    await expect.poll(() => plan.stepDone(GOAL, OLD_STEP).isDisabled()).toBe(false);
    await expect.poll(() => goal.getByText('0 von 2 Schritten erledigt').count()).toBe(1);
    expect(env.problems.errors).toEqual([]);
  });
});
