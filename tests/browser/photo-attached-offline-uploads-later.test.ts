import type { BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { AppShellPage } from './pages/app-shell.page.ts';
import { AttachmentsPage, cameraPhoto } from './pages/attachments.page.ts';
import { CaseFilePage, CasesPage } from './pages/cases.page.ts';
import { LoginPage } from './pages/login.page.ts';
import { COLLEAGUE } from './support/accounts.ts';
import { axeViolations, logIn, useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium();

let second: BrowserContext | undefined;

afterEach(async () => {
  await second?.close();
  second = undefined;
});

const NOTES = 'Allgemeine Notizen zum Fall';

describe('a photo of a notice taken on a home visit', () => {
  it('is attached offline, uploads after reconnecting while the case keeps syncing, and opens on a second device', async () => {
    const shellA = env.shell;
    second = await env.browser.newContext({ viewport: { width: 1024, height: 768 } });
    const pageB = await second.newPage();
    const shellB = new AppShellPage(pageB, env.relay.url);
    await logIn(new LoginPage(pageB, env.relay.url), COLLEAGUE, '/faelle');

    await shellA.goto('/faelle');
    await shellA.waitForOfflineReady();
    const caseA = await new CasesPage(env.page).create({ familyName: 'Haidari', givenNames: 'Zahra' });
    await shellA.waitUntilSynced();
    const listB = new CasesPage(pageB);
    await listB.caseLink('Haidari, Zahra').waitFor({ timeout: 20_000 });
    await listB.caseLink('Haidari, Zahra').click();
    const caseB = new CaseFilePage(pageB);
    await expect.poll(() => caseB.heading.textContent()).toBe('Haidari, Zahra');

    // On the visit, without a connection: a 12-megapixel photo of the notice, and a note.
    const photo = await cameraPhoto(env.page, 4000, 3000, 'IMG_2031.jpg');
    expect(photo.buffer.length).toBeGreaterThan(1_000_000);
    await env.context.setOffline(true);
    const attachmentsA = new AttachmentsPage(caseA);
    await attachmentsA.takePhoto(photo);
    await expect.poll(() => attachmentsA.section.getByRole('listitem').count(), { timeout: 20_000 }).toBe(1);
    const entry = attachmentsA.section.getByRole('listitem').first();
    const name = (await entry.getByRole('strong').or(entry.locator('strong')).first().textContent()) ?? '';
    expect(name).toMatch(/^Foto \d{4}-\d{2}-\d{2} \d{2}\.\d{2}\.jpg$/);
    await expect.poll(() => attachmentsA.state(name).textContent()).toContain('Wartet auf Hochladen');
    await caseA.section('Notizen').getByLabel(NOTES).fill('Bescheid fotografiert, Widerspruch prüfen.');
    await caseA.section('Notizen').getByLabel(NOTES).blur();
    await caseA.waitUntilSaved();
    expect(await axeViolations(env.page, '#anhaenge')).toEqual([]);

    // An unsupported file is refused in German; the photo and the note stay.
    await attachmentsA.choose([{ name: 'Notiz.txt', mimeType: 'text/plain', buffer: Buffer.from('hallo') }]);
    await expect
      .poll(() => attachmentsA.alert.textContent())
      .toContain('nur Fotos (JPEG, PNG, WebP, GIF) und PDF');
    expect(await attachmentsA.section.getByRole('listitem').count()).toBe(1);

    // Back online: the note and the attachment's description reach the colleague, and the photo uploads.
    await env.context.setOffline(false);
    await expect
      .poll(() => attachmentsA.state(name).textContent(), { timeout: 30_000 })
      .toContain('Hochgeladen');
    await shellA.waitUntilSynced();
    await expect
      .poll(() => caseB.section('Notizen').getByLabel(NOTES).inputValue(), { timeout: 20_000 })
      .toContain('Bescheid fotografiert');
    const attachmentsB = new AttachmentsPage(caseB);
    await attachmentsB.entry(name).waitFor({ timeout: 20_000 });
    await expect.poll(() => attachmentsB.state(name).textContent()).toContain('Wird beim Öffnen geladen');

    // The colleague opens it: fetched from the relay, decrypted, downscaled to 2,000 px on its longest side.
    const viewer = await attachmentsB.open(name);
    const image = viewer.getByRole('img', { name });
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]), {
        timeout: 20_000,
      })
      .toEqual([2000, 1500]);
    expect(await axeViolations(pageB, '.attachment-viewer')).toEqual([]);
    await viewer.getByRole('button', { name: 'Schließen' }).click();
    await expect.poll(() => attachmentsB.state(name).textContent()).toContain('Auf diesem Gerät');

    // Kept for offline use: it opens again without a connection.
    await second.setOffline(true);
    const again = await attachmentsB.open(name);
    await expect
      .poll(() => again.getByRole('img', { name }).evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(2000);
    await second.setOffline(false);

    // The relay holds only ciphertext and audited who stored and who fetched it.
    await env.relay.audit.flush();
    const { events } = await env.relay.store.listAudit({ limit: 100 });
    expect(events.filter((event) => event.kind === 'attachment-stored')).toHaveLength(1);
    expect(events.filter((event) => event.kind === 'attachment-fetched')).toHaveLength(1);
    await shellB.waitUntilSynced();
    expect(env.problems.errors).toEqual([]);
  });
});
