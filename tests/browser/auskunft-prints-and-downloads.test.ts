import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuskunftSchema } from '../../src/domain/auskunft.ts';
import { referToPartner, withdrawConsentOn } from '../../src/domain/case-write-consents.ts';
import { addConsent } from '../../src/domain/case-write-items.ts';
import { setProse } from '../../src/domain/case-write.ts';
import { CasesPage, CaseFilePage } from './pages/cases.page.ts';
import { PrivacyPage } from './pages/privacy.page.ts';
import { CASE_MANAGER } from './support/accounts.ts';
import { axeViolations, useAppInChromium } from './support/app-in-chromium.ts';
import { seedCases } from './support/seed-cases.ts';

const env = useAppInChromium();

const NOTE_MARKER = 'Notiz-Markierung-Wohnungsamt-5521';

beforeAll(async () => {
  await seedCases(env.relay, [
    {
      familyName: 'Nasser',
      givenNames: 'Rana',
      caseNumber: 'DU-2024-0077',
      owner: CASE_MANAGER,
      contacts: [
        { date: '2024-01-10', note: 'Erstgespräch zur Wohnungssuche.' },
        { date: '2024-02-14', note: 'Unterlagen für das Jobcenter besprochen.' },
      ],
      write: (doc, opts) => {
        const jobcenter = addConsent(
          doc,
          {
            recipient: 'Jobcenter Duisburg',
            recipientPartnerId: 'partner-jobcenter',
            purpose: 'Abstimmung über Leistungen',
            dataCategories: ['identity', 'contact', 'benefits'],
            givenAt: '2024-01-10T10:00:00.000Z',
            form: 'written',
            language: 'de',
          },
          opts,
        );
        const school = addConsent(
          doc,
          {
            recipient: 'Gesamtschule Nord',
            purpose: 'Anmeldung der Kinder',
            dataCategories: ['identity', 'family'],
            givenAt: '2024-01-10T10:00:00.000Z',
            form: 'written',
            language: 'de',
          },
          opts,
        );
        if (!jobcenter.ok || !school.ok) throw new Error('seed consent refused');
        const withdrawn = withdrawConsentOn(doc, school.value, { on: '2024-02-01' }, opts);
        const referred = referToPartner(
          doc,
          {
            partnerId: 'partner-jobcenter',
            partnerName: 'Jobcenter Duisburg',
            date: '2024-01-15',
            status: 'agreed',
            reason: 'Antrag auf Bürgergeld',
          },
          opts,
        );
        const noted = setProse(doc, { part: 'notes' }, NOTE_MARKER, opts);
        if (!withdrawn.ok || !referred.ok || !noted.ok) throw new Error('seed write refused');
      },
      closedOn: '2024-03-15',
    },
  ]);
});

describe('the Auskunft of a case', () => {
  it('shows the retention, renders contacts, consents and referrals, prints on A4, passes axe, downloads as JSON, and marks the access list offline', async () => {
    const list = new CasesPage(env.page);
    await list.open();
    await list.caseLink('Nasser, Rana').waitFor();
    await list.caseLink('Nasser, Rana').click();
    const caseFile = new CaseFilePage(env.page);
    await expect.poll(() => caseFile.heading.textContent()).toBe('Nasser, Rana');
    const privacy = new PrivacyPage(caseFile);
    await privacy.open();

    // Closed in 2024: kept until the end of the 3rd year after, by the device's rules and the relay's.
    await expect
      .poll(() => privacy.retentionState.textContent())
      .toBe('Aufbewahrung bis 31.12.2027 (Abschluss am 15.03.2024)');
    await expect.poll(() => privacy.hold.textContent()).toContain('Keine Löschsperre.');
    expect(await axeViolations(env.page, '#datenschutz')).toEqual([]);

    const dialog = await privacy.openAuskunft();
    const preview = dialog.getByRole('region', { name: 'Vorschau' });
    // Online, the relay's access list is part of it: this device fetched the case.
    const access = preview.getByTestId('access-list');
    await expect.poll(() => access.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await access.textContent()).toContain('Amira Haddad');
    expect(await access.textContent()).toContain('Akte abgerufen');

    const contacts = preview.getByRole('region', { name: 'Kontakte (Beratungsverlauf)' });
    expect(await contacts.textContent()).toContain('Erstgespräch zur Wohnungssuche.');
    expect(await contacts.textContent()).toContain('Unterlagen für das Jobcenter besprochen.');
    const consents = preview.getByRole('region', { name: 'Einwilligungen' });
    expect(await consents.textContent()).toContain('Einwilligung · Jobcenter Duisburg · 10.01.2024');
    expect(await consents.textContent()).toContain('Gesamtschule Nord · 10.01.2024 · widerrufen 01.02.2024');
    const disclosures = preview.getByRole('region', { name: 'An wen Daten weitergegeben wurden' });
    expect(await disclosures.textContent()).toContain('15.01.2024 · Vermittlung · Jobcenter Duisburg');
    expect(await disclosures.textContent()).toContain(
      'Einwilligung vom 10.01.2024: „Abstimmung über Leistungen“',
    );
    expect(await preview.getByRole('region', { name: 'Notizen' }).textContent()).toContain(NOTE_MARKER);
    expect(await axeViolations(env.page, 'dialog[open]')).toEqual([]);

    // The JSON download (Art. 20) parses with the schema and holds the planted note.
    const [download] = await Promise.all([
      env.page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Als JSON herunterladen (Art. 20 DSGVO)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^auskunft-DU-2024-0077-\d{4}-\d{2}-\d{2}\.json$/);
    const json = AuskunftSchema.parse(JSON.parse(await readFile((await download.path())!, 'utf8')));
    expect(json.sections.find((section) => section.id === 'notes')?.fields[0]?.value).toBe(NOTE_MARKER);
    expect(json.access.state).toBe('included');
    expect(json.disclosures).toEqual([
      expect.objectContaining({ kind: 'referral', recipient: 'Jobcenter Duisburg' }),
    ]);

    // Printing: only the copy is on the page, A4 portrait.
    await env.page.evaluate(() => {
      window.print = () => undefined;
    });
    await dialog.getByRole('button', { name: 'Drucken oder als PDF speichern' }).click();
    await env.page.emulateMedia({ media: 'print' });
    const copy = env.page.locator('body > .auskunft-print');
    await expect.poll(() => copy.isVisible()).toBe(true);
    expect(await copy.getByRole('heading', { level: 1 }).textContent()).toBe('Auskunft nach Art. 15 DSGVO');
    expect(await copy.textContent()).toContain('Erstgespräch zur Wohnungssuche.');
    expect(await env.page.getByRole('main').isVisible()).toBe(false);
    expect(await dialog.isVisible()).toBe(false);
    await env.page.screenshot({ path: '/tmp/auskunft-print.png', fullPage: true });
    const pdf = await env.page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await env.page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await env.page.emulateMedia({ media: 'screen' });
    await expect.poll(() => copy.count()).toBe(0);

    // The Übergabe: only consents valid today, only the sections they allow.
    await dialog.getByRole('radio', { name: /^Übergabe an eine andere Stelle/ }).check();
    const recipients = dialog.getByRole('group', { name: 'Empfänger (aus den gültigen Einwilligungen)' });
    const offered = await recipients.locator('label').allTextContents();
    expect(offered.map((text) => text.trim())).toEqual(['Jobcenter Duisburg – Einwilligung vom 10.01.2024']);
    await recipients.getByRole('radio').first().check();
    const sections = dialog.getByRole('group', { name: 'Abschnitte für die Übergabe' });
    expect(await sections.getByRole('checkbox', { name: /^Kontakte/ }).isDisabled()).toBe(true);
    expect(await sections.getByRole('checkbox', { name: /^Leistungen/ }).isChecked()).toBe(true);
    await sections.getByRole('checkbox', { name: /^Kontaktdaten/ }).uncheck();
    await expect
      .poll(() => preview.getByRole('heading', { level: 3 }).first().textContent())
      .toBe('Übergabe an Jobcenter Duisburg');
    const handed = await preview.textContent();
    expect(handed).toContain('Grundlage: Einwilligung vom 10.01.2024 für „Jobcenter Duisburg“');
    expect(handed).not.toContain('Erstgespräch');
    expect(handed).not.toContain(NOTE_MARKER);
    expect(await preview.getByRole('region', { name: 'Kontaktdaten' }).count()).toBe(0);
    expect(await preview.getByRole('region', { name: 'Leistungen' }).count()).toBe(1);
    expect(await axeViolations(env.page, 'dialog[open]')).toEqual([]);
    await dialog.getByRole('button', { name: 'Schließen' }).click();

    // Offline, the Auskunft is made from the device's copy and says what the relay will add.
    await env.context.setOffline(true);
    await expect.poll(() => env.shell.connection.textContent()).toContain('Offline');
    await expect.poll(() => privacy.section.getByTestId('lifecycle-offline').isVisible()).toBe(true);
    expect(await privacy.setHoldButton.textContent()).toContain('nur mit Verbindung');
    expect(await privacy.setHoldButton.isDisabled()).toBe(true);
    const offline = await privacy.openAuskunft();
    await offline.getByRole('radio', { name: /^Auskunft für die Person/ }).check();
    const pending = offline.getByTestId('access-pending');
    await pending.waitFor();
    expect(await pending.textContent()).toMatch(/^Bei Verbindung ergänzt/);
    expect(await offline.getByRole('region', { name: 'Notizen' }).textContent()).toContain(NOTE_MARKER);
  });
});
