import { describe, expect, it } from 'vitest';
import { VaultPage } from './pages/vault.page.ts';
import { CaseFilePage, CasesPage } from './pages/cases.page.ts';
import { ConsentPage } from './pages/consent.page.ts';
import { axeViolations, useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium();

const JOBCENTER_TEMPLATE = 'Schweigepflichtentbindung gegenüber dem Jobcenter';
const ARABIC_SAMPLE = 'Arabisch – Beispielübersetzung, nicht geprüft';

describe('a consent from a template', () => {
  it('is shown to the client in Arabic right to left, signed with a finger, stored and printed, offline and after a reload', async () => {
    await env.shell.goto('/');
    await env.shell.waitForOfflineReady();
    await env.context.setOffline(true);
    await expect.poll(() => env.shell.connection.textContent()).toContain('Offline');

    const list = new CasesPage(env.page);
    await list.open();
    const caseFile = await list.create({ familyName: 'Saleh', givenNames: 'Samira' });
    const consent = new ConsentPage(caseFile);
    await consent.choose({
      template: JOBCENTER_TEMPLATE,
      partner: 'Jobcenter Duisburg',
      newPartner: {},
      language: ARABIC_SAMPLE,
    });
    // The case manager is told the Arabic text is an unreviewed sample; the client never is.
    const sampleNotice = consent.form.getByText(
      /Beispielübersetzung: noch nicht von Ihrer Organisation geprüft/,
    );
    expect(await sampleNotice.isVisible()).toBe(true);
    expect(await axeViolations(env.page, '#einwilligungen')).toEqual([]);

    await consent.showToClient();
    const view = consent.clientView;
    const article = view.locator('article');
    expect(await article.getAttribute('dir')).toBe('rtl');
    expect(await article.getAttribute('lang')).toBe('ar');
    expect(await article.evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
    const title = view.getByRole('heading', { level: 2 });
    expect(await title.textContent()).toBe('الإعفاء من واجب السرية تجاه مركز العمل (Jobcenter)');
    // Right to left: the heading's text starts at the right edge of the text column.
    const [titleBox, articleBox] = [await title.boundingBox(), await article.boundingBox()];
    expect(Math.abs(titleBox!.x + titleBox!.width - (articleBox!.x + articleBox!.width))).toBeLessThan(2);
    // Dates in Arabic-Indic digits; nothing of the case file (the client's name, the sample notice) shows.
    expect(await article.textContent()).toMatch(/[٠-٩]{4}/);
    expect(await article.textContent()).toContain('Jobcenter Duisburg');
    expect(await view.textContent()).not.toContain('Saleh');
    expect(await view.textContent()).not.toContain('Beispielübersetzung');
    // The view covers the case file: where its heading with the client's name was, the view is on top.
    const covered = await caseFile.heading.evaluate((heading) => {
      const box = heading.getBoundingClientRect();
      const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
      return top?.closest('dialog') !== null;
    });
    expect(covered).toBe(true);
    expect(await axeViolations(env.page, 'dialog')).toEqual([]);

    // Confirming before the client signed is refused with a reason.
    await view.getByRole('button', { name: /^Als Zeug\*in bestätigen/ }).click();
    expect(await view.getByRole('alert').textContent()).toBe('Bitte zuerst unterschreiben lassen.');
    await consent.sign();
    await env.page.screenshot({ path: '/tmp/consent-client-view-ar.png' });
    await consent.confirmAsWitness();

    const stored = consent.plan.consent('Jobcenter Duisburg');
    await stored.waitFor();
    expect(await stored.textContent()).toContain('Status: gültig');
    expect(await stored.textContent()).toContain('Auf dem Tablet unterschrieben, Zeug*in:');
    expect(await stored.textContent()).toMatch(/Prüfwert \(SHA-256\) des gezeigten Textes: [0-9a-f]{64}/);
    const signature = stored.getByRole('img', { name: 'Unterschrift: Jobcenter Duisburg' });
    const signatureSrc = await signature.getAttribute('src');
    expect(signatureSrc).toMatch(/^data:image\/png;base64,/);
    // The drawing has ink in it: the stored image is not blank.
    const inked = await signature.evaluate(async (element) => {
      const image = element as HTMLImageElement;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let index = 3; index < pixels.length; index += 4) if (pixels[index]! > 0) count++;
      return count;
    });
    expect(inked).toBeGreaterThan(100);
    expect(await axeViolations(env.page, '#einwilligungen')).toEqual([]);

    // The printed copy: German beside Arabic, the signature and the date, and nothing else on the page.
    await env.page.evaluate(() => {
      window.print = () => undefined;
    });
    await stored.getByRole('button', { name: 'Drucken oder als PDF speichern' }).click();
    await env.page.emulateMedia({ media: 'print' });
    const copy = env.page.locator('.consent-print[data-printing]');
    await expect.poll(() => copy.isVisible()).toBe(true);
    expect(await copy.locator('[lang="de"] h2').textContent()).toBe(JOBCENTER_TEMPLATE);
    expect(await copy.locator('[lang="ar"]').getAttribute('dir')).toBe('rtl');
    expect(await copy.locator('[lang="ar"] h2').textContent()).toContain('Jobcenter');
    expect(await copy.locator('img.signature').getAttribute('src')).toBe(signatureSrc);
    expect(await copy.textContent()).toContain('Unterschrieben am');
    expect(await env.page.getByRole('main').isVisible()).toBe(false);
    await env.page.screenshot({ path: '/tmp/consent-print.png', fullPage: true });
    await env.page.emulateMedia({ media: 'screen' });

    await caseFile.waitUntilSaved();
    await env.shell.reload();
    await caseFile.heading.waitFor();
    const again = consent.plan.consent('Jobcenter Duisburg');
    await again.waitFor();
    expect(await again.textContent()).toContain('Auf dem Tablet unterschrieben');
    expect(
      await again.getByRole('img', { name: 'Unterschrift: Jobcenter Duisburg' }).getAttribute('src'),
    ).toBe(signatureSrc);
  });
});

describe('consent gates a referral', () => {
  it('stops a referral to the Jobcenter without consent, takes it once an oral consent is recorded, and shows its withdrawal', async () => {
    await env.shell.goto('/');
    const list = new CasesPage(env.page);
    await list.open();
    const caseFile = await list.create({ familyName: 'Kovalenko', givenNames: 'Iryna' });
    const consent = new ConsentPage(caseFile);
    const plan = consent.plan;

    await plan.openEntry(plan.referrals, '+ Vermittlung');
    await plan.choosePartner(plan.referralForm, 'Jobcenter Essen', {});
    await plan.referralForm.getByLabel('Status').selectOption({ label: 'Vereinbart' });
    await plan.referralForm.getByRole('button', { name: 'Vermittlung speichern' }).click();
    const refusal = plan.referralForm.getByRole('alert').filter({ hasText: 'Einwilligung' });
    await expect.poll(() => refusal.textContent()).toContain('Für „Jobcenter Essen“ gibt es keine');
    expect(await refusal.getByRole('link', { name: 'Einwilligung erfassen' }).getAttribute('href')).toBe(
      '#einwilligungen',
    );
    expect(await plan.referrals.getByText('Noch keine Vermittlungen.').isVisible()).toBe(true);

    // Recorded orally from the template, with the reason, in Ukrainian.
    await consent.choose({
      template: JOBCENTER_TEMPLATE,
      partner: 'Jobcenter Essen',
      language: 'Ukrainisch – Beispielübersetzung, nicht geprüft',
    });
    await consent.form.getByRole('button', { name: 'Mündlich erteilt' }).click();
    await consent.form.getByRole('button', { name: 'Mündliche Einwilligung speichern' }).click();
    expect(await consent.form.getByRole('alert').textContent()).toBe(
      'Bitte angeben, warum die Einwilligung mündlich erteilt wurde.',
    );
    await consent.form.getByLabel('Grund für die mündliche Einwilligung').fill('Telefonberatung');
    await consent.form.getByRole('button', { name: 'Mündliche Einwilligung speichern' }).click();
    await plan.consent('Jobcenter Essen').waitFor();
    expect(await plan.consent('Jobcenter Essen').textContent()).toContain(
      'Mündlich erteilt (Telefonberatung)',
    );

    await plan.referralForm.getByRole('button', { name: 'Vermittlung speichern' }).click();
    const referral = plan.referral('Jobcenter Essen');
    await referral.waitFor();
    expect(await referral.textContent()).toContain('Einwilligung: Jobcenter Essen (gültig)');

    // Moved afterwards to a day before the consent was given: refused next to the field, the day kept.
    await referral.getByText('Vermittlung bearbeiten').click();
    const day = referral.getByLabel('Datum');
    const recordedOn = await day.inputValue();
    await day.fill('2020-01-02');
    await day.blur();
    await expect
      .poll(() => referral.getByRole('alert').textContent())
      .toContain('Für „Jobcenter Essen“ gibt es keine');
    await env.page.reload();
    await new VaultPage(env.page).openIfAsked();
    await plan.referral('Jobcenter Essen').getByText('Vermittlung bearbeiten').click();
    expect(await plan.referral('Jobcenter Essen').getByLabel('Datum').inputValue()).toBe(recordedOn);

    // Withdrawn today, as a whole: the referral it covered says so from today.
    const item = plan.consent('Jobcenter Essen');
    await item.getByRole('button', { name: 'Widerruf eintragen: Jobcenter Essen' }).click();
    const withdrawal = item.getByRole('form', { name: 'Widerruf der Einwilligung für „Jobcenter Essen“' });
    expect(await axeViolations(env.page, '#einwilligungen')).toEqual([]);
    await withdrawal.getByRole('button', { name: 'Widerruf speichern' }).click();
    await expect.poll(() => plan.consent('Jobcenter Essen').textContent()).toContain('Status: widerrufen');
    await expect.poll(() => referral.textContent()).toMatch(/wurde am \d\d\.\d\d\.\d{4} widerrufen/);
  });

  it('lets a refused consent open only a Kurzberatung', async () => {
    await env.shell.goto('/');
    const list = new CasesPage(env.page);
    await list.open();
    await env.page.getByRole('link', { name: 'Neuer Fall' }).click();
    await env.page.getByLabel('Familienname').fill('Nowak');
    await env.page.getByRole('button', { name: 'Fall anlegen' }).click();
    expect(await env.page.getByRole('alert').first().textContent()).toContain(
      'Bitte angeben, ob die Einwilligung erteilt wurde.',
    );
    await env.page.getByRole('radio', { name: 'Abgelehnt (nur Kurzberatung möglich)' }).check();
    expect(await env.page.getByRole('radio', { name: 'Kurzberatung', exact: true }).isChecked()).toBe(true);
    expect(await axeViolations(env.page)).toEqual([]);
    await env.page.getByRole('button', { name: 'Fall anlegen' }).click();
    await expect.poll(() => list.heading.textContent()).toBe('Nowak');
    expect(await env.page.getByText('Einwilligung in das Case-Management abgelehnt').count()).toBeGreaterThan(
      0,
    );
  });
});

describe('consent to case management at intake', () => {
  it('is signed on the tablet when a new case is opened, in Ukrainian, and names no health data', async () => {
    await env.shell.goto('/');
    const list = new CasesPage(env.page);
    await list.open();
    await env.page.getByRole('link', { name: 'Neuer Fall' }).click();
    await env.page.getByRole('radio', { name: 'Erteilt', exact: true }).check();
    await env.page
      .getByLabel('Form der Einwilligung')
      .selectOption({ label: 'Jetzt auf dem Tablet unterschreiben' });
    // Nobody signs for a case that would be refused: the missing name is said before the consent is shown.
    await env.page.getByRole('button', { name: 'Dem Klienten zeigen' }).click();
    await expect
      .poll(() => env.page.getByRole('alert').allTextContents())
      .toContainEqual(expect.stringContaining('Der Fall wurde nicht angelegt'));
    expect(await env.page.getByRole('dialog').count()).toBe(0);
    await env.page.getByLabel('Familienname').fill('Bondarenko');
    await env.page
      .getByLabel('Sprache der Klientin / des Klienten')
      .selectOption({ label: 'Ukrainisch – Beispielübersetzung, nicht geprüft' });
    expect(await axeViolations(env.page)).toEqual([]);
    await env.page.getByRole('button', { name: 'Dem Klienten zeigen' }).click();
    const caseFile = new CaseFilePage(env.page);
    const consent = new ConsentPage(caseFile);
    await consent.clientView.getByRole('heading', { level: 2 }).waitFor();
    expect(await consent.clientView.locator('article').getAttribute('dir')).toBe('ltr');
    expect(await consent.clientView.getByRole('heading', { level: 2 }).textContent()).toBe(
      'Згода на кейс-менеджмент',
    );
    await consent.sign();
    await consent.confirmAsWitness();
    await expect.poll(() => caseFile.heading.textContent()).toBe('Bondarenko');
    const stored = consent.plan.consent('Kommunales Integrationsmanagement (Case-Management)');
    await stored.waitFor();
    expect(await stored.textContent()).toContain('Auf dem Tablet unterschrieben');
    expect(await stored.textContent()).not.toContain('Gesundheit');
  });
});
