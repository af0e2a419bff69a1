import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { CaseFilePage } from './cases.page.ts';

/** A Netzwerkpartner to add to the team directory on the spot, from the form that needs it. */
export interface NewPartner {
  service?: string;
}

export interface NewStep {
  text: string;
  /** `YYYY-MM-DD` */
  dueOn?: string;
  /** Makes a Netzwerkpartner responsible for the step: one from the directory, by name. */
  partner?: string;
  /** Adds `partner` to the directory from the step's form instead of choosing an existing one. */
  newPartner?: NewPartner;
}

export interface NewNotice {
  institution: string;
  subject?: string;
  receivedOn: string;
  /** The period's label, e.g. "1 Monat". */
  period?: string;
}

export interface NewConsent {
  recipient: string;
  purpose: string;
  /** Labels of the data categories, e.g. "Personalien". */
  categories: string[];
  givenOn: string;
  validUntil?: string;
}

export interface NewReferral {
  /** The partner's name in the team directory. */
  partner: string;
  /** Adds `partner` to the directory from the referral form instead of choosing an existing one. */
  newPartner?: NewPartner;
  reason?: string;
  /** The status label, e.g. "Vereinbart". */
  status?: string;
  /** Links the case's consent for this recipient. */
  consentRecipient?: string;
}

export interface NewBarrier {
  /** The picker's text for the category when it differs from its name (a proposal is marked). */
  option?: string;
  category: string;
  institution?: string;
  observedOn: string;
}

/**
 * The planning and record-keeping sections of a Fallakte: Ziele & Schritte, Fristen, Vermittlungen,
 * Einwilligungen, Hürden. Each quick-add form is a form named by its heading; each list is named too.
 */
export class CasePlanPage {
  constructor(readonly caseFile: CaseFilePage) {}

  get page(): Page {
    return this.caseFile.page;
  }

  /** Waits until the case header says every change is stored on the device, e.g. before a reload. */
  async waitUntilStored(): Promise<void> {
    await this.page
      .getByRole('main')
      .getByRole('status')
      .filter({ hasText: 'Auf diesem Gerät gespeichert' })
      .waitFor();
  }

  // ---- Netzwerkpartner, chosen in the forms of steps and referrals

  /**
   * The partner select of a form (steps and referrals use the same picker) or of a record's editor. Located
   * by accessible name, which leaves out the "*" of a required field.
   */
  partnerSelect(scope: Locator): Locator {
    return scope.getByRole('combobox', { name: 'Netzwerkpartner', exact: true });
  }

  /** The text of the option a select shows as chosen. */
  async chosenText(select: Locator): Promise<string> {
    return select.evaluate((element) => (element as HTMLSelectElement).selectedOptions[0]?.text ?? '');
  }

  /**
   * Chooses a partner in a form: from the directory by name, or, with `create`, by adding it to the
   * directory from the form itself, which chooses it at once.
   */
  async choosePartner(form: Locator, name: string, create?: NewPartner): Promise<void> {
    const select = this.partnerSelect(form);
    if (create) {
      const toggle = form.getByRole('button', { name: 'Neuen Netzwerkpartner vorschlagen', exact: true });
      await toggle.click();
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
      const group = form.getByRole('group', { name: 'Neuen Netzwerkpartner vorschlagen' });
      // Opening the small form puts the cursor into its name field.
      const nameField = group.getByLabel('Name des Netzwerkpartners');
      await expect.poll(() => nameField.evaluate((field) => field === document.activeElement)).toBe(true);
      await nameField.fill(name);
      if (create.service) await group.getByLabel('Angebot').fill(create.service);
      await group.getByRole('button', { name: 'Vorschlagen und auswählen' }).click();
    } else {
      const option = select.locator('option', { hasText: name }).first();
      await select.selectOption((await option.getAttribute('value')) ?? '');
    }
    await expect.poll(() => this.chosenText(select)).toContain(name);
  }

  // ---- Ziele & Schritte

  get goals(): Locator {
    return this.caseFile.section('Ziele & Schritte');
  }

  goal(text: string): Locator {
    return this.goals.getByRole('article', { name: text, exact: true });
  }

  /** Opens an entry form behind its "+ …" button, unless it is open already (it keeps a draft). */
  async openEntry(section: Locator, button: string): Promise<void> {
    const toggle = section.getByRole('button', { name: button, exact: true });
    // The case file draws its later sections a few frames after it opens: wait until the section shows
    // its "+ …" button or an open entry form (whose button then reads "close") before deciding.
    const open = section.locator('.entry-disclosure > button[aria-expanded="true"]');
    await toggle.or(open).first().waitFor();
    if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-expanded')) === 'false') {
      await toggle.click();
    }
  }

  async addGoal(text: string, lifeDomain: string): Promise<Locator> {
    await this.openEntry(this.goals, '+ Ziel');
    const form = this.goals.getByRole('form', { name: 'Neues Ziel vereinbaren' });
    await form.getByLabel('Ziel', { exact: true }).fill(text);
    await form.getByLabel('Lebensbereich', { exact: true }).selectOption({ label: lifeDomain });
    await form.getByRole('button', { name: 'Ziel hinzufügen' }).click();
    await this.goal(text).waitFor();
    return this.goal(text);
  }

  async addStep(goalText: string, step: NewStep): Promise<void> {
    const form = this.goal(goalText).getByRole('form', { name: `Schritt zu „${goalText}“ hinzufügen` });
    await form.getByLabel('Schritt', { exact: true }).fill(step.text);
    if (step.dueOn) await form.getByLabel('Fällig am', { exact: true }).fill(step.dueOn);
    if (step.partner) {
      await form.getByLabel('Zuständig', { exact: true }).selectOption({ label: 'Netzwerkpartner' });
      await this.choosePartner(form, step.partner, step.newPartner);
    }
    await form.getByRole('button', { name: 'Schritt hinzufügen' }).click();
    await this.stepDone(goalText, step.text).waitFor();
  }

  /** The one-tap "erledigt" checkbox of a step. */
  stepDone(goalText: string, stepText: string): Locator {
    return this.goal(goalText).getByRole('checkbox', { name: `Erledigt: ${stepText}`, exact: true });
  }

  step(goalText: string, stepText: string): Locator {
    return this.goal(goalText)
      .getByRole('listitem')
      .filter({ has: this.page.getByRole('checkbox', { name: `Erledigt: ${stepText}`, exact: true }) });
  }

  // ---- Fristen

  get deadlines(): Locator {
    return this.caseFile.section('Fristen');
  }

  get reminderForm(): Locator {
    return this.deadlines.getByRole('form', { name: 'Wiedervorlage anlegen' });
  }

  async addReminder(due: string, text: string): Promise<void> {
    await this.openEntry(this.deadlines, '+ Wiedervorlage');
    await this.reminderForm.getByLabel('Wiedervorlage am').fill(due);
    await this.reminderForm.getByLabel('Worum geht es?').fill(text);
    await this.reminderForm.getByRole('button', { name: 'Wiedervorlage speichern' }).click();
  }

  reminder(text: string): Locator {
    return this.deadlines
      .getByRole('list', { name: 'Wiedervorlagen' })
      .getByRole('listitem')
      .filter({ hasText: text });
  }

  async addNotice(notice: NewNotice): Promise<void> {
    await this.openEntry(this.deadlines, '+ Bescheid');
    const form = this.deadlines.getByRole('form', { name: 'Bescheid erfassen' });
    await form.getByLabel('Behörde oder Stelle').fill(notice.institution);
    if (notice.subject) await form.getByLabel('Betreff').fill(notice.subject);
    await form.getByLabel('Eingegangen am').fill(notice.receivedOn);
    if (notice.period) await form.getByLabel('Frist').selectOption({ label: notice.period });
    await form.getByRole('button', { name: 'Bescheid speichern' }).click();
  }

  notice(institution: string): Locator {
    return this.deadlines
      .getByRole('list', { name: 'Bescheide' })
      .getByRole('listitem')
      .filter({ hasText: institution });
  }

  /** The read-only list of every due entry of the case. */
  get dueList(): Locator {
    return this.deadlines.getByRole('list', { name: 'Alle Fristen dieses Falls' });
  }

  // ---- Einwilligungen

  get consents(): Locator {
    return this.caseFile.section('Einwilligungen');
  }

  get consentForm(): Locator {
    return this.consents.getByRole('form', { name: 'Einwilligung erfassen' });
  }

  /** Fills "Einwilligung erfassen" and submits it; the caller checks whether it was taken. */
  async submitConsent(consent: NewConsent): Promise<void> {
    const form = this.consentForm;
    await form.getByLabel('Empfänger*in (Stelle)').fill(consent.recipient);
    await form.getByLabel('Zweck').fill(consent.purpose);
    for (const category of consent.categories) await form.getByRole('checkbox', { name: category }).check();
    await form.getByLabel('Erteilt am').fill(consent.givenOn);
    await form.getByLabel('Gültig bis').fill(consent.validUntil ?? '');
    await form.getByRole('button', { name: 'Einwilligung speichern' }).click();
  }

  consent(recipient: string): Locator {
    return this.consents
      .getByRole('list', { name: 'Erfasste Einwilligungen' })
      .getByRole('listitem')
      .filter({ has: this.page.getByText(recipient, { exact: true }) });
  }

  // ---- Vermittlungen

  get referrals(): Locator {
    return this.caseFile.section('Vermittlungen');
  }

  async addReferral(referral: NewReferral): Promise<void> {
    await this.openEntry(this.referrals, '+ Vermittlung');
    const form = this.referralForm;
    await this.choosePartner(form, referral.partner, referral.newPartner);
    if (referral.reason) await form.getByLabel('Anlass').fill(referral.reason);
    if (referral.status) await form.getByLabel('Status').selectOption({ label: referral.status });
    if (referral.consentRecipient) {
      const select = form.getByLabel('Einwilligung für die Weitergabe');
      const option = select.locator('option', { hasText: referral.consentRecipient }).first();
      await select.selectOption((await option.getAttribute('value')) ?? '');
    }
    await form.getByRole('button', { name: 'Vermittlung speichern' }).click();
    await this.referral(referral.partner).waitFor();
  }

  get referralForm(): Locator {
    return this.referrals.getByRole('form', { name: 'Vermittlung erfassen' });
  }

  /** The texts of the partners a new referral can be made to. */
  async referralPartnerChoices(): Promise<string[]> {
    await this.openEntry(this.referrals, '+ Vermittlung');
    const options = this.partnerSelect(this.referralForm).locator('option');
    return (await options.allTextContents()).map((text) => text.trim());
  }

  referral(partner: string): Locator {
    return this.referrals
      .getByRole('list', { name: 'Vermittlungen' })
      .getByRole('listitem')
      .filter({ hasText: partner });
  }

  // ---- Hürden

  get barriers(): Locator {
    return this.caseFile.section('Hürden');
  }

  get barrierForm(): Locator {
    return this.barriers.getByRole('form', { name: 'Hürde erfassen' });
  }

  async addBarrier(barrier: NewBarrier): Promise<void> {
    const form = this.barrierForm;
    await form.getByLabel('Kategorie').selectOption({ label: barrier.option ?? barrier.category });
    if (barrier.institution) await form.getByLabel('Institution').fill(barrier.institution);
    await form.getByLabel('Beobachtet am').fill(barrier.observedOn);
    await form.getByRole('button', { name: 'Hürde speichern' }).click();
    await this.barrier(barrier.category).waitFor();
  }

  barrier(category: string): Locator {
    return this.barriers
      .getByRole('list', { name: 'Erfasste Hürden' })
      .getByRole('listitem')
      .filter({ hasText: category });
  }

  /** The prose description of a barrier, editable after it was recorded. */
  barrierDescription(category: string): Locator {
    return this.barrier(category).getByLabel(/^Beschreibung der Hürde vom/);
  }

  /** The form "Meldung an die Koordination" of a barrier, opened with "An Koordination melden". */
  barrierReportForm(category: string): Locator {
    return this.barrier(category).getByRole('form', { name: 'Meldung an die Koordination' });
  }

  /** Opens the report form of a barrier (if closed), fills what is given and presses "Melden". */
  async reportBarrier(
    category: string,
    report: { institution?: string; happened: string; wouldHelp?: string },
  ): Promise<Locator> {
    const form = this.barrierReportForm(category);
    if (!(await form.isVisible())) {
      await this.barrier(category)
        .getByRole('button', { name: /An Koordination melden$/ })
        .click();
      await form.waitFor();
    }
    if (report.institution !== undefined)
      await form.getByLabel('Betroffene Institution').fill(report.institution);
    await form.getByLabel('Was ist passiert?').fill(report.happened);
    if (report.wouldHelp !== undefined) await form.getByLabel('Was würde helfen?').fill(report.wouldHelp);
    await form.getByRole('button', { name: 'Melden', exact: true }).click();
    return form;
  }
}
