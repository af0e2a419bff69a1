import { afterEach, describe, expect, it } from 'vitest';
import { AttachmentsPage, cameraPhoto } from './pages/attachments.page.ts';
import { CaseFilePage, CasesPage } from './pages/cases.page.ts';
import { COLLEAGUE } from './support/accounts.ts';
import {
  axeViolations,
  secondDevice,
  useAppInChromium,
  type SecondDevice,
} from './support/app-in-chromium.ts';

const env = useAppInChromium();

let colleague: SecondDevice | undefined;

afterEach(async () => {
  await colleague?.context.close();
  colleague = undefined;
});

/** A small PDF, as a scanner app would give it. */
const pdf = (name: string) => ({
  name,
  mimeType: 'application/pdf',
  buffer: Buffer.from(
    `%PDF-1.4\n% ${name}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  ),
});

describe('attachments kept on the device for a home visit', () => {
  it('are fetched before they are opened, open without a network, and what is added meanwhile follows on reconnecting', async () => {
    colleague = await secondDevice(env, COLLEAGUE);
    const caseA = await new CasesPage(env.page).create({ familyName: 'Yilmaz', givenNames: 'Elif' });
    const attachmentsA = new AttachmentsPage(caseA);
    await attachmentsA.takePhoto(await cameraPhoto(env.page, 1200, 900, 'IMG_0815.jpg'));
    await expect.poll(() => attachmentsA.section.getByRole('listitem').count(), { timeout: 20_000 }).toBe(1);
    const photo =
      (await attachmentsA.section.getByRole('listitem').first().locator('strong').textContent()) ?? '';
    await attachmentsA.choose([pdf('Bescheid-Jobcenter.pdf')]);
    await attachmentsA.entry('Bescheid-Jobcenter.pdf').waitFor();
    for (const name of [photo, 'Bescheid-Jobcenter.pdf'])
      await expect
        .poll(() => attachmentsA.state(name).textContent(), { timeout: 30_000 })
        .toContain('Hochgeladen');
    await env.shell.waitUntilSynced();

    // The colleague prepares the visit: the case's attachments are kept on the tablet, none opened.
    const listB = new CasesPage(colleague.page);
    await listB.caseLink('Yilmaz, Elif').waitFor({ timeout: 20_000 });
    await listB.caseLink('Yilmaz, Elif').click();
    const caseB = new CaseFilePage(colleague.page);
    await expect.poll(() => caseB.heading.textContent()).toBe('Yilmaz, Elif');
    const attachmentsB = new AttachmentsPage(caseB);
    await attachmentsB.entry('Bescheid-Jobcenter.pdf').waitFor({ timeout: 20_000 });
    await expect.poll(() => attachmentsB.state(photo).textContent()).toContain('Wird beim Öffnen geladen');
    await attachmentsB.keepOffline.check();
    await expect
      .poll(() => attachmentsB.keepStatus.textContent(), { timeout: 20_000 })
      .toBe('Alle Anhänge dieses Falls sind auf diesem Gerät.');
    for (const name of [photo, 'Bescheid-Jobcenter.pdf'])
      expect(await attachmentsB.state(name).textContent()).toContain('Auf diesem Gerät');
    expect(await axeViolations(colleague.page, '#anhaenge')).toEqual([]);

    // On the visit, without a network, after the tablet was locked and opened again: both open.
    await colleague.context.setOffline(true);
    await colleague.shell.reload();
    await expect.poll(() => caseB.heading.textContent()).toBe('Yilmaz, Elif');
    expect(await attachmentsB.keepOffline.isChecked()).toBe(true);
    const viewer = await attachmentsB.open(photo);
    await expect
      .poll(() =>
        viewer.getByRole('img', { name: photo }).evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBe(1200);
    await viewer.getByRole('button', { name: 'Schließen' }).click();
    const document = await attachmentsB.open('Bescheid-Jobcenter.pdf');
    await document.getByRole('link', { name: 'PDF öffnen' }).waitFor();
    await document.getByRole('button', { name: 'Schließen' }).click();

    // Meanwhile a colleague adds a document; it is not there yet, and the tablet says why.
    await attachmentsA.choose([pdf('Mietvertrag.pdf')]);
    await expect
      .poll(() => attachmentsA.state('Mietvertrag.pdf').textContent(), { timeout: 30_000 })
      .toContain('Hochgeladen');
    await env.shell.waitUntilSynced();

    // Back online, the new document arrives with the case and is kept without being opened.
    await colleague.context.setOffline(false);
    await attachmentsB.entry('Mietvertrag.pdf').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => attachmentsB.state('Mietvertrag.pdf').textContent(), { timeout: 30_000 })
      .toContain('Auf diesem Gerät');
    await expect
      .poll(() => attachmentsB.keepStatus.textContent())
      .toBe('Alle Anhänge dieses Falls sind auf diesem Gerät.');
    expect(env.problems.errors).toEqual([]);
  });
});
