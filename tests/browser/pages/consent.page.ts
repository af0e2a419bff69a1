import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { CasePlanPage, type NewPartner } from './case-plan.page.ts';
import type { CaseFilePage } from './cases.page.ts';

export interface TemplateChoice {
  /** The template's German title, e.g. "Schweigepflichtentbindung gegenüber dem Jobcenter". */
  template: string;
  /** The partner from the directory; proposed on the spot with `newPartner`. */
  partner?: string;
  newPartner?: NewPartner;
  /** The language's label as offered, e.g. "Arabisch – Beispielübersetzung, nicht geprüft". */
  language: string;
}

/** "Einwilligung mit Vorlage einholen" in the Einwilligungen section, and the client view it opens. */
export class ConsentPage {
  readonly plan: CasePlanPage;

  constructor(readonly caseFile: CaseFilePage) {
    this.plan = new CasePlanPage(caseFile);
  }

  get page(): Page {
    return this.caseFile.page;
  }

  get form(): Locator {
    return this.plan.consents.getByRole('form', { name: 'Einwilligung mit Vorlage einholen' });
  }

  /** The full-screen client view. */
  get clientView(): Locator {
    return this.page.getByRole('dialog');
  }

  async choose(choice: TemplateChoice): Promise<void> {
    await this.form.getByLabel('Vorlage').selectOption({ label: choice.template });
    if (choice.partner) await this.plan.choosePartner(this.form, choice.partner, choice.newPartner);
    await this.form
      .getByLabel('Sprache der Klientin / des Klienten')
      .selectOption({ label: choice.language });
  }

  /** "Dem Klienten zeigen", then waits until the consent fills the screen. */
  async showToClient(): Promise<void> {
    await this.form.getByRole('button', { name: 'Dem Klienten zeigen' }).click();
    await this.clientView.getByRole('heading', { level: 2 }).waitFor();
  }

  /** Draws a signature with pointer events across the signature field, as a finger would. */
  async sign(): Promise<void> {
    const pad = this.clientView.locator('canvas');
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    if (!box) throw new Error('the signature field is not on screen');
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + 20, y);
    await this.page.mouse.down();
    for (let step = 1; step <= 12; step++) {
      await this.page.mouse.move(box.x + 20 + step * 25, y + (step % 2 === 0 ? -30 : 30), { steps: 3 });
    }
    await this.page.mouse.up();
  }

  async confirmAsWitness(): Promise<void> {
    await this.clientView.getByRole('button', { name: /^Als Zeug\*in bestätigen/ }).click();
    await expect.poll(() => this.clientView.isVisible()).toBe(false);
  }
}
