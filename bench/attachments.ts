/**
 * `npm run bench -- attachments`: photos attached offline on a home visit, then the connection comes back.
 *
 * Two devices of one team in one Chromium (two contexts): Amira's tablet attaches 20 photos of about 4 MB
 * each (12 megapixels, as a tablet's camera gives them) to a case while offline, then goes online. Measured:
 * - per photo, the device-side downscaling in the worker (`lotse:attachment-downscale`), and the page's
 *   long tasks (over 50 ms, as the Long Tasks API reports them) while the 20 photos are attached;
 * - the time from reconnecting until the relay has every photo;
 * - doc-sync latency, an edit on the tablet until it shows on Jonas's laptop, once with nothing uploading
 *   (baseline) and once while the 20 photos upload, in the same run, so the two compare on the same machine.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AttachmentsPage, cameraPhoto } from '../tests/browser/pages/attachments.page.ts';
import { CaseFilePage } from '../tests/browser/pages/cases.page.ts';
import {
  CASE_MANAGER,
  COLLEAGUE,
  createAccounts,
  type TestAccount,
} from '../tests/browser/support/accounts.ts';
import { CHROMIUM_ARGS, findChromium } from '../tests/support/chromium.ts';
import { startTestRelay, type TestRelay } from '../tests/support/relay.ts';
import { protectDevice, waitUntilSynced } from './account.ts';
import { describeDistribution, distribution, writeResult } from './support.ts';

const PHOTOS = 20;
const PHOTO_WIDTH = 4000;
const PHOTO_HEIGHT = 3000;
const EDITS = 10;
/** About what a tablet's camera gives for a 12-megapixel photo of a document. */
const TARGET_PHOTO_BYTES = 4.4 * 1024 * 1024;
const QUALITIES = [0.95, 0.92, 0.9, 0.87, 0.85, 0.82, 0.8, 0.75, 0.7];
const TIMEOUT_MS = 120_000;
const FIELD = 'Telefon';

async function logInAs(page: Page, url: string, account: TestAccount, device: string): Promise<void> {
  const heading = page.getByRole('main').getByRole('heading', { level: 1 });
  await page.goto(new URL('/faelle', url).href);
  await heading.filter({ hasText: 'Anmelden' }).waitFor({ timeout: TIMEOUT_MS });
  await page.getByLabel('Benutzername').fill(account.login);
  await page.getByLabel('Passwort', { exact: true }).fill(account.password);
  await page.getByLabel('Gerätename').fill(device);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await protectDevice(page);
  await heading.filter({ hasText: 'Fälle' }).waitFor({ timeout: TIMEOUT_MS });
}

async function createCase(page: Page): Promise<CaseFilePage> {
  const heading = page.getByRole('main').getByRole('heading', { level: 1 });
  await page.getByRole('link', { name: 'Neuer Fall' }).click();
  await heading.filter({ hasText: 'Neuer Fall' }).waitFor({ timeout: TIMEOUT_MS });
  await page.getByLabel('Familienname').fill('Haidari');
  await page.getByLabel('Vorname(n)').fill('Zahra');
  await page.getByRole('button', { name: 'Fall anlegen' }).click();
  await heading.filter({ hasText: 'Haidari, Zahra' }).waitFor({ timeout: TIMEOUT_MS });
  return new CaseFilePage(page);
}

/** One edit on the tablet until the laptop shows it, in milliseconds (wall clock of this process). */
async function syncLatency(a: CaseFilePage, b: CaseFilePage, value: string): Promise<number> {
  const started = performance.now();
  await a.setField('Person', FIELD, value);
  await b.page.waitForFunction(
    ([label, expected]) => {
      const field = [...document.querySelectorAll<HTMLInputElement>('input')].find(
        (input) => input.labels?.[0]?.textContent?.trim() === label,
      );
      return field?.value === expected;
    },
    [FIELD, value] as const,
    { polling: 5, timeout: TIMEOUT_MS },
  );
  return performance.now() - started;
}

async function uploadedCount(attachments: AttachmentsPage): Promise<number> {
  return attachments.section
    .getByRole('status')
    .filter({ hasText: /^\s*Hochgeladen\s*$/ })
    .count();
}

export async function benchAttachments(): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found (set CHROME_PATH).');
  const relay: TestRelay = await startTestRelay();
  let browser: Browser | undefined;
  let photoDir: string | undefined;
  try {
    await createAccounts(relay.store);
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    const contextA: BrowserContext = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const contextB: BrowserContext = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const pageA = await contextA.newPage();
    const pageB = await contextB.newPage();
    await logInAs(pageA, relay.url, CASE_MANAGER, 'Tablet');
    await logInAs(pageB, relay.url, COLLEAGUE, 'Laptop');
    const caseA = await createCase(pageA);
    await waitUntilSynced(pageA);
    await pageB.getByRole('link').filter({ hasText: 'Haidari, Zahra' }).click({ timeout: TIMEOUT_MS });
    const caseB = new CaseFilePage(pageB);
    await caseB.section('Person').getByLabel(FIELD, { exact: true }).waitFor({ timeout: TIMEOUT_MS });

    // Baseline: doc sync with nothing else going on.
    const baseline: number[] = [];
    for (let i = 0; i < EDITS; i += 1) baseline.push(await syncLatency(caseA, caseB, `0203 100${i}`));

    // The photos, made in the page before the visit starts (not timed), at the JPEG quality that makes the
    // first about 4 MB, and written to files: handed over by path, as a camera's file is, the browser reads
    // them itself instead of the page decoding them from the automation protocol on its main thread.
    let quality = QUALITIES[0] ?? 0.95;
    for (const candidate of QUALITIES) {
      quality = candidate;
      const probe = await cameraPhoto(pageA, PHOTO_WIDTH, PHOTO_HEIGHT, 'probe.jpg', candidate, 1);
      if (probe.buffer.length <= TARGET_PHOTO_BYTES) break;
    }
    photoDir = await mkdtemp(path.join(tmpdir(), 'lotse-photos-'));
    const photos: string[] = [];
    const photoBytes: number[] = [];
    for (let i = 0; i < PHOTOS; i += 1) {
      const photo = await cameraPhoto(
        pageA,
        PHOTO_WIDTH,
        PHOTO_HEIGHT,
        `IMG_${2000 + i}.jpg`,
        quality,
        i + 1,
      );
      const file = path.join(photoDir, photo.name);
      await writeFile(file, photo.buffer);
      photos.push(file);
      photoBytes.push(photo.buffer.length);
    }

    // Offline on the visit: the 20 photos, one after another, watching the page's long tasks.
    await contextA.setOffline(true);
    await pageA.evaluate(() => {
      const tasks: number[] = [];
      (window as unknown as { __longTasks: number[] }).__longTasks = tasks;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push(entry.duration);
      }).observe({ type: 'longtask' });
      performance.clearMeasures('lotse:attachment-downscale');
    });
    const attachmentsA = new AttachmentsPage(caseA);
    const attachWall: number[] = [];
    for (const [index, photo] of photos.entries()) {
      const started = performance.now();
      await attachmentsA.section.getByLabel('Foto aufnehmen').setInputFiles(photo);
      await pageA.waitForFunction(
        (count) => document.querySelectorAll('#anhaenge .attachment-list > li').length >= count,
        index + 1,
        { timeout: TIMEOUT_MS },
      );
      attachWall.push(performance.now() - started);
    }
    const { downscale, longTasks } = await pageA.evaluate(() => ({
      downscale: performance.getEntriesByName('lotse:attachment-downscale').map((entry) => entry.duration),
      longTasks: (window as unknown as { __longTasks: number[] }).__longTasks,
    }));

    // Back online: the uploads start; doc edits go on meanwhile.
    const reconnected = performance.now();
    await contextA.setOffline(false);
    const during: { ms: number; uploadsInFlight: boolean }[] = [];
    for (let i = 0; i < EDITS; i += 1) {
      const ms = await syncLatency(caseA, caseB, `0203 200${i}`);
      during.push({ ms, uploadsInFlight: (await uploadedCount(attachmentsA)) < PHOTOS });
    }
    await pageA.waitForFunction(
      (count) =>
        [...document.querySelectorAll('#anhaenge .attachment-state')].filter(
          (element) => element.textContent?.trim() === 'Hochgeladen',
        ).length >= count,
      PHOTOS,
      { timeout: TIMEOUT_MS, polling: 20 },
    );
    const allUploadedMs = performance.now() - reconnected;
    await relay.audit.flush();
    const storedOnRelay = (await relay.store.listAudit({ limit: 1000, kind: 'attachment-stored' })).events
      .length;

    const inFlight = during.filter((edit) => edit.uploadsInFlight).map((edit) => edit.ms);
    const result = {
      photos: PHOTOS,
      photoPixels: `${PHOTO_WIDTH}x${PHOTO_HEIGHT}`,
      photoJpegQuality: quality,
      photoBytes: distribution(photoBytes),
      downscaleMs: distribution(downscale),
      attachWallMs: distribution(attachWall),
      longTasks: {
        count: longTasks.length,
        over50ms: longTasks.filter((ms) => ms > 50).length,
        maxMs: longTasks.length > 0 ? Math.round(Math.max(...longTasks)) : 0,
      },
      allUploadedMs: Math.round(allUploadedMs),
      storedOnRelay,
      docSyncMs: {
        baseline: distribution(baseline),
        duringUploads: distribution(during.map((edit) => edit.ms)),
        whileUploadsInFlight: inFlight.length > 0 ? distribution(inFlight) : null,
        editsWhileUploadsInFlight: inFlight.length,
      },
    };
    const file = await writeResult('attachments', result);
    console.log(`attachments: ${PHOTOS} photos of p50 ${(result.photoBytes.p50 / 1e6).toFixed(1)} MB`);
    console.log(`  downscaling per photo: ${describeDistribution(result.downscaleMs)}`);
    console.log(`  long tasks while attaching: ${result.longTasks.count} (max ${result.longTasks.maxMs} ms)`);
    console.log(
      `  all uploaded ${result.allUploadedMs} ms after reconnecting (${storedOnRelay} on the relay)`,
    );
    console.log(`  doc sync, baseline: ${describeDistribution(result.docSyncMs.baseline)}`);
    console.log(`  doc sync, during uploads: ${describeDistribution(result.docSyncMs.duringUploads)}`);
    console.log(
      `  (${inFlight.length} of ${EDITS} edits finished while uploads were still in flight) → ${file}`,
    );
  } finally {
    await browser?.close();
    await relay.close();
    if (photoDir) await rm(photoDir, { recursive: true, force: true });
  }
}
