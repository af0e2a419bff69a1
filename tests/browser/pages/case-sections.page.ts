import type { Locator, Page } from 'playwright-core';
import type { CaseFilePage } from './cases.page.ts';

export interface NewHouseholdMember {
  name?: string;
  /** The relation as the select shows it, e.g. "Kind". */
  relation?: string;
  birthDate?: string;
  inBenefitUnit?: boolean;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Haushalt, Aufenthalt, Leistungen and Assessment of an open Fallakte. */
export class CaseSectionsPage {
  constructor(readonly caseFile: CaseFilePage) {}

  get page(): Page {
    return this.caseFile.page;
  }

  get household(): Locator {
    return this.caseFile.section('Haushalt');
  }

  get residence(): Locator {
    return this.caseFile.section('Aufenthalt');
  }

  get benefits(): Locator {
    return this.caseFile.section('Leistungen');
  }

  get assessment(): Locator {
    return this.caseFile.section('Assessment');
  }

  /** A household member's inline fields, grouped under the member's name and relation. */
  member(name: string): Locator {
    return this.household.getByRole('group', { name: new RegExp(`^${escapeRegExp(name)} \\(`) });
  }

  get addMemberForm(): Locator {
    return this.household.getByRole('form', { name: 'Haushaltsmitglied hinzufügen' });
  }

  /** Fills the "Haushaltsmitglied hinzufügen" form and sends it; does not wait for the outcome. */
  async submitMember(member: NewHouseholdMember): Promise<void> {
    const form = this.addMemberForm;
    if (member.name !== undefined) await this.field(form, 'Name').fill(member.name);
    if (member.relation !== undefined)
      await this.field(form, 'Beziehung zur Person').selectOption({ label: member.relation });
    if (member.birthDate !== undefined) await this.field(form, 'Geburtsdatum').fill(member.birthDate);
    if (member.inBenefitUnit)
      await form.getByRole('checkbox', { name: 'Gehört zur Bedarfsgemeinschaft' }).check();
    await form.getByRole('button', { name: 'Hinzufügen' }).click();
  }

  async addMember(member: NewHouseholdMember & { name: string }): Promise<Locator> {
    await this.submitMember(member);
    const added = this.member(member.name);
    await added.waitFor();
    return added;
  }

  /** The block of one life domain ("Wohnen", "Gesundheit (auch psychosozial)", …), open or closed. */
  domain(label: string): Locator {
    return this.assessment.getByRole('group', { name: label, exact: true });
  }

  /** Opens a life domain's block unless it is open already, and returns it. */
  async openDomain(label: string): Promise<Locator> {
    const domain = this.domain(label);
    if (!(await domain.evaluate((element) => (element as HTMLDetailsElement).open))) {
      await domain.locator('summary').click();
    }
    await this.field(domain, 'Bedarf').waitFor();
    return domain;
  }

  /**
   * A text, date or select field inside `scope` by its accessible name. By role rather than label text, so
   * the "*" of a required field (hidden from assistive technology) is not part of the name.
   */
  field(scope: Locator, label: string): Locator {
    return scope
      .getByRole('textbox', { name: label, exact: true })
      .or(scope.getByRole('combobox', { name: label, exact: true }));
  }

  /** Types into an inline field inside `scope` and leaves it, which saves it. */
  async fill(scope: Locator, label: string, value: string): Promise<void> {
    const field = this.field(scope, label);
    await field.fill(value);
    await field.blur();
  }

  async select(scope: Locator, label: string, option: string): Promise<void> {
    await this.field(scope, label).selectOption({ label: option });
  }

  /** What a field is described by (its hints and error messages), as assistive technology reads it. */
  description(field: Locator): Promise<string> {
    return field.evaluate((element) =>
      (element.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
        .join(' '),
    );
  }

  /** The label of the chosen option of a select. */
  selectedLabel(select: Locator): Promise<string> {
    return select.evaluate((element) => {
      const chosen = (element as HTMLSelectElement).selectedOptions[0];
      return chosen?.textContent?.trim() ?? '';
    });
  }
}
