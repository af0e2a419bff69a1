import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaseFilePage, CasesPage } from './pages/cases.page.ts';
import { ContactsPanel } from './pages/contacts.page.ts';
import { VaultPage } from './pages/vault.page.ts';
import { axeViolations, useAppInChromium } from './support/app-in-chromium.ts';

/**
 * A half-typed contact is an entry a case manager must never lose: it is kept on the device per case and
 * comes back after leaving the case or locking the device, until it is saved or thrown away.
 */
const env = useAppInChromium();

const NOTE = 'Hausbesuch: Mietrückstand besprochen, Termin beim Sozialamt';

/** Waits until the section has looked for a stored draft (its quick entries are busy until then). */
async function draftLookedFor(contacts: ContactsPanel): Promise<void> {
  const quick = contacts.section.getByRole('group', { name: 'Neuer Kontakt' });
  await expect.poll(() => quick.getAttribute('aria-busy')).toBe('false');
}

async function openCase(name: string): Promise<ContactsPanel> {
  await env.shell.navigateTo('Fälle');
  await new CasesPage(env.page).caseLink(name).click();
  await expect.poll(() => new CaseFilePage(env.page).heading.textContent()).toBe(name);
  const contacts = new ContactsPanel(env.page);
  await draftLookedFor(contacts);
  return contacts;
}

describe('a contact draft', () => {
  it('comes back after leaving the case and after locking, and goes when saved or discarded', async () => {
    await env.shell.goto('/faelle');
    await new CasesPage(env.page).create({ familyName: 'Petrenko', givenNames: 'Iryna' });
    let contacts = new ContactsPanel(env.page);
    await contacts.section.getByRole('button', { name: 'Hausbesuch', exact: true }).click();
    await contacts.form.getByRole('checkbox', { name: 'Wohnen' }).check();
    await contacts.form.getByLabel('Notiz zum Gespräch').fill(NOTE);
    const restoredLine = () =>
      contacts.section.getByRole('status').filter({ hasText: 'Entwurf wiederhergestellt' });

    // Away to Heute without saving or closing the form, and back.
    await env.shell.navigateTo('Heute');
    contacts = await openCase('Petrenko, Iryna');
    await restoredLine().waitFor();
    await contacts.section.getByRole('button', { name: 'Entwurf fortsetzen' }).click();
    expect(await contacts.form.getByLabel('Notiz zum Gespräch').inputValue()).toBe(NOTE);
    expect(await contacts.form.getByRole('checkbox', { name: 'Wohnen' }).isChecked()).toBe(true);
    expect(await contacts.form.getByLabel('Art', { exact: true }).inputValue()).toBe('home-visit');
    expect(await axeViolations(env.page, 'main')).toEqual([]);
    mkdirSync('test-results/screenshots', { recursive: true });
    await env.page.screenshot({ path: 'test-results/screenshots/contact-draft-restored-1024x768.png' });

    // Typing on, then locking the device: the app restarts, and the draft is still there after the PIN.
    await contacts.form.getByLabel('Notiz zum Gespräch').fill(`${NOTE} am Montag.`);
    await env.page.getByRole('banner').getByRole('button', { name: 'Sperren' }).click();
    await new VaultPage(env.page).openIfAsked();
    contacts = await openCase('Petrenko, Iryna');
    await restoredLine().waitFor();
    await contacts.section.getByRole('button', { name: 'Entwurf fortsetzen' }).click();
    expect(await contacts.form.getByLabel('Notiz zum Gespräch').inputValue()).toBe(`${NOTE} am Montag.`);

    // Saved: nothing is offered again, also after a restart.
    await contacts.save();
    expect(await restoredLine().count()).toBe(0);
    await contacts.record(`${NOTE} am Montag.`).waitFor();
    await new CaseFilePage(env.page).waitUntilSaved();
    await env.shell.reload();
    contacts = new ContactsPanel(env.page);
    await draftLookedFor(contacts);
    expect(await restoredLine().count()).toBe(0);
    expect(await contacts.section.getByRole('button', { name: '+ Kontakt' }).count()).toBe(1);

    // Discarded: gone for good.
    await contacts.section.getByRole('button', { name: 'Telefonat', exact: true }).click();
    await contacts.form.getByLabel('Notiz zum Gespräch').fill('Rückruf vom Jobcenter, halb getippt');
    await env.shell.navigateTo('Heute');
    contacts = await openCase('Petrenko, Iryna');
    await restoredLine().waitFor();
    await restoredLine().getByRole('button', { name: 'Verwerfen', exact: true }).click();
    await contacts.section.getByRole('button', { name: '+ Kontakt' }).waitFor();
    await env.shell.navigateTo('Heute');
    contacts = await openCase('Petrenko, Iryna');
    expect(await restoredLine().count()).toBe(0);
    expect(await contacts.section.getByRole('button', { name: '+ Kontakt' }).count()).toBe(1);
    expect(env.problems.errors).toEqual([]);
  });
});
