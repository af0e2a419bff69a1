/**
 * The app-level measurements with 1,000 cases on the device: cold open with the network off, search per
 * keystroke, and opening a case. One Chromium profile on one origin (the relay's port) is reused across
 * launches, so the service worker, the session and IndexedDB persist while every cold open starts a new
 * browser. The profile logs in once, online and untimed, and chooses the device PIN; from then on the app
 * starts offline on its lock screen, and goes to the signed-in case manager's case list once the PIN is in.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { buildSearchKey, rankByQuery, type CaseSummary } from '../src/domain/index.ts';
import { databaseName } from '../src/storage/db.ts';
import { CHROMIUM_ARGS } from '../tests/support/chromium.ts';
import { logInThroughForm, protectDevice, submitDevicePin, waitUntilSynced } from './account.ts';
import {
  calibrate,
  collectTyping,
  countRows,
  instrumentSearch,
  instrumentTyping,
  waitForAppDatabase,
  watchForCaseCount,
  watchNextOpen,
  writeSeedRows,
  type ColdOpenMarks,
  type KeystrokeTiming,
  type SearchSample,
} from './casefile-page.ts';

/** One case as stored bytes, base64 so it can cross `page.evaluate`. */
export interface SeedRow {
  id: string;
  update: string;
  summary: string;
}

const COLD_RUNS = 20;
const OPEN_RUNS = 20;
/** Cases a contact note is typed in, and what is typed into each (47 keystrokes, 141 in all). */
const TYPING_CASES = 3;
const NOTE_TEXT = 'Termin beim Jobcenter am Montag, Unterlagen mit';
/** About 150 characters a minute: a person typing on a tablet's screen keyboard. */
export const NOTE_KEY_GAP_MS = 120;
const SEED_CHUNK = 100;
/** A pause between keystrokes, as in real typing, so one keystroke's work never queues behind another's. */
const TYPING_GAP_MS = 60;
const TIMEOUT_MS = 30_000;

/**
 * Names as case managers type them: lower case, German transliterations (mueller, jusuf, schewtschenko),
 * other spellings of the stored name (youssef for Yusuf, oeztuerk for Öztürk), an umlaut typed as such,
 * and two words.
 */
const QUERIES = [
  'mueller',
  'jusuf',
  'mohammed',
  'schewtschenko',
  'ahmadi',
  'youssef',
  'khaled',
  'kowalski',
  'yilmaz',
  'oeztuerk',
  'haile',
  'popescu',
  'krasniqi',
  'abdullahi',
  'müller',
  'nataliia',
  'tesfamariam',
  'haddad fatima',
];

export interface AppMeasurements {
  coldOpen: ColdOpenMarks[];
  coldOpenWall: number[];
  search: SearchSample[];
  /** Per query: how many cases it finds, and each keystroke's time in order (rounded to 0.1 ms). */
  queries: { query: string; matches: number; ms: number[] }[];
  openCase: number[];
  /** Per keystroke typed into a contact note: its Event Timing, or null when every event took under 16 ms. */
  typing: (KeystrokeTiming | null)[];
  /** A fixed loop of JavaScript timed in the page once the list is open: shows the CPU throttling at work. */
  calibrationMs: number;
}

/** The CPU throttling rates the app is measured at: as it is, and 4× slower as a budget tablet's stand-in. */
export const THROTTLE_RATES = [1, 4] as const;
export type ThrottleRate = (typeof THROTTLE_RATES)[number];

/**
 * Slows the page's CPU by `rate` through the DevTools protocol, as DevTools' "4× slowdown" does. It stays in
 * effect across the page's navigations. WebCrypto and IndexedDB run off the page's thread and are not slowed.
 */
async function throttle(context: BrowserContext, page: Page, rate: number): Promise<CDPSession | undefined> {
  if (rate === 1) return undefined;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  return cdp;
}

function launch(executablePath: string, userDataDir: string, offline: boolean): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    offline,
  });
}

async function firstPage(context: BrowserContext): Promise<Page> {
  return context.pages()[0] ?? (await context.newPage());
}

/** Fails with what the page shows instead, so a broken list is reported, not just a timeout. */
async function orExplain<T>(page: Page, what: string, action: Promise<T>): Promise<T> {
  try {
    return await action;
  } catch (error) {
    const shown = await page
      .locator('main')
      .innerText({ timeout: 1_000 })
      .catch(() => '(no main element)');
    throw new Error(`${what} failed: ${(error as Error).message}\nThe page shows: ${shown.slice(0, 500)}`, {
      cause: error,
    });
  }
}

async function waitForCount(page: Page, shown: number, total: number): Promise<void> {
  const texts = [
    `${shown} von ${total} Fällen`,
    `${shown.toLocaleString('de-DE')} von ${total.toLocaleString('de-DE')} Fällen`,
  ];
  await orExplain(
    page,
    `Waiting for "${texts[0]}"`,
    page
      .getByRole('status')
      .filter({ hasText: new RegExp(`^(${texts.map((text) => text.replaceAll('.', '\\.')).join('|')})$`) })
      .waitFor({ timeout: TIMEOUT_MS }),
  );
}

/** Who the app runs as: the case manager's user id and team on the relay. */
export interface BenchUser {
  userId: string;
  teamId: string;
}

/**
 * First visit online: the case manager logs in, the service worker installs, the app creates the user's
 * database and asks for a device PIN. The seed goes in (plain) while it asks, as already-synced cases; choosing
 * the PIN then encrypts all of it, as it does for a database written before the vault existed. The app opens
 * the list and syncs once (its team doc). Ends with nothing left to push.
 */
export async function seedApp(
  executablePath: string,
  userDataDir: string,
  url: string,
  user: BenchUser,
  rows: SeedRow[],
): Promise<void> {
  const context = await launch(executablePath, userDataDir, false);
  try {
    const page = await firstPage(context);
    await logInThroughForm(page, url, '/faelle');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: TIMEOUT_MS,
    });
    const name = databaseName(new URL(url).origin, user.userId);
    await page.evaluate(waitForAppDatabase, name);
    for (let start = 0; start < rows.length; start += SEED_CHUNK) {
      await page.evaluate(writeSeedRows, {
        name,
        teamId: user.teamId,
        rows: rows.slice(start, start + SEED_CHUNK),
      });
    }
    await orExplain(page, 'Choosing the device PIN', protectDevice(page));
    await waitForCount(page, rows.length, rows.length);
    await orExplain(page, 'Waiting until the device is synced', waitUntilSynced(page));
    // The team doc's seed is not counted as unsent, so the status may say synced before the relay has
    // acknowledged it and its outbox row is gone: wait for that too.
    const stores = ['outbox', 'docTeams', 'summaries'];
    const deadline = Date.now() + TIMEOUT_MS;
    let counts = await page.evaluate(countRows, { name, stores });
    while (counts.outbox !== 0 && Date.now() < deadline) {
      await page.waitForTimeout(100);
      counts = await page.evaluate(countRows, { name, stores });
    }
    if (counts.outbox !== 0 || counts.docTeams! < rows.length || counts.summaries !== rows.length) {
      throw new Error(`The seeded database is not in a synced state: ${JSON.stringify(counts)}.`);
    }
  } finally {
    await context.close();
  }
}

/**
 * A cold open: new browser, network off, the app from the service worker, the lock screen, the PIN typed as
 * soon as it is painted, 1,000 cases decrypted from IndexedDB.
 */
export async function coldOpen(
  executablePath: string,
  userDataDir: string,
  url: string,
  count: number,
  rate = 1,
): Promise<{ context: BrowserContext; page: Page; marks: ColdOpenMarks; wall: number }> {
  const context = await launch(executablePath, userDataDir, true);
  const page = await firstPage(context);
  await page.addInitScript(watchForCaseCount, count);
  await throttle(context, page, rate);
  const started = performance.now();
  await page.goto(`${url}/faelle`);
  await orExplain(
    page,
    'Cold open to the lock screen',
    page.waitForFunction(() => window.__lotseBench?.lockPainted, null, { timeout: TIMEOUT_MS }),
  );
  await submitDevicePin(page);
  const painted = await orExplain(
    page,
    'Cold open to the case list',
    page.waitForFunction(() => window.__lotseBench?.coldOpen, null, { timeout: TIMEOUT_MS }),
  );
  const wall = performance.now() - started;
  const marks = (await painted.jsonValue()) as ColdOpenMarks;
  // The list draws its first page of rows; the count text above says all of them are there.
  const rendered = await page.getByRole('list', { name: 'Fälle' }).getByRole('listitem').count();
  if (rendered === 0 || rendered > count) {
    throw new Error(`The case list shows ${rendered} rows for ${count} cases.`);
  }
  return { context, page, marks, wall };
}

/** Types every query of `QUERIES` key by key, `rounds` times over, and times each keystroke. */
export async function measureSearch(
  page: Page,
  summaries: CaseSummary[],
  rounds = 1,
): Promise<Pick<AppMeasurements, 'search' | 'queries'>> {
  const total = summaries.length;
  const box = page.getByRole('searchbox', { name: 'Suche' });
  await orExplain(page, 'Finding the search box', box.waitFor({ timeout: TIMEOUT_MS }));
  await box.evaluate(instrumentSearch);
  const queries: AppMeasurements['queries'] = [];
  for (const query of Array.from({ length: rounds }, () => QUERIES).flat()) {
    await page.evaluate(() => (window.__lotseBench!.searchArmed = false));
    await box.fill('');
    await waitForCount(page, total, total);
    await box.focus();
    await page.evaluate(() => (window.__lotseBench!.searchArmed = true));
    const first = await page.evaluate(() => window.__lotseBench!.search.length);
    for (const char of query) {
      const before = await page.evaluate(() => window.__lotseBench!.search.length);
      await page.keyboard.type(char);
      await orExplain(
        page,
        `Timing the keystroke "${char}" of "${query}"`,
        page.waitForFunction((n) => window.__lotseBench!.search.length > n, before, { timeout: TIMEOUT_MS }),
      );
      await page.waitForTimeout(TYPING_GAP_MS);
    }
    // The list must show what the domain's search finds in the same summaries, or search is broken.
    const expected = rankByQuery(query, summaries, (summary) => buildSearchKey(summary)).length;
    if (expected === 0)
      throw new Error(`The seed has no case for "${query}"; pick queries the seed contains.`);
    await waitForCount(page, expected, total);
    const samples = await page.evaluate((from) => window.__lotseBench!.search.slice(from), first);
    if (samples.length !== [...query].length) {
      throw new Error(`"${query}" took ${[...query].length} keystrokes but ${samples.length} were timed.`);
    }
    queries.push({ query, matches: expected, ms: samples.map((sample) => Math.round(sample.ms * 10) / 10) });
  }
  await page.evaluate(() => (window.__lotseBench!.searchArmed = false));
  await box.fill('');
  await waitForCount(page, total, total);
  const search = await page.evaluate(() => window.__lotseBench!.search);
  return { search, queries };
}

async function measureOpenCase(page: Page, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < OPEN_RUNS; run += 1) {
    // Different cases spread over the rows the list draws first, so every open reads a doc from IndexedDB
    // for the first time.
    const links = page.getByRole('list', { name: 'Fälle' }).getByRole('link');
    const link = links.nth((run * 67 + 13) % Math.min(count, await links.count()));
    // textContent, not innerText: rows below the fold are not laid out (content-visibility), so their
    // innerText is empty.
    const label = ((await link.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    await page.evaluate(watchNextOpen);
    await link.click();
    const opened = await orExplain(
      page,
      `Opening the case "${label}"`,
      page.waitForFunction(() => window.__lotseBench!.open, null, { timeout: TIMEOUT_MS }),
    );
    const { ms, heading, section } = (await opened.jsonValue()) as {
      ms: number;
      heading: string;
      section: string;
    };
    if (section !== 'kontakte')
      throw new Error(`The case file's first section is "${section}", not Kontakte.`);
    if (!heading.trim() || !label.startsWith(heading.trim())) {
      throw new Error(`Clicked "${label}" but the heading reads "${heading}".`);
    }
    times.push(ms);
    await page.goBack();
    await waitForCount(page, count, count);
  }
  return times;
}

/**
 * Types a contact note as a person does, a key at a time, in `TYPING_CASES` cases opened from the list:
 * "Telefonat" opens the contact form with the note focused. Event Timing reports each keystroke's events
 * over 16 ms. The draft is discarded afterwards, so nothing is stored.
 */
async function measureTyping(page: Page, count: number): Promise<(KeystrokeTiming | null)[]> {
  const timings: (KeystrokeTiming | null)[] = [];
  for (let run = 0; run < TYPING_CASES; run += 1) {
    const link = page
      .getByRole('list', { name: 'Fälle' })
      .getByRole('link')
      .nth(run * 7 + 3);
    await link.click();
    const contacts = page.getByRole('region', { name: 'Kontakte', exact: true });
    await orExplain(
      page,
      'Opening a case to type a note',
      contacts.getByRole('button', { name: 'Telefonat', exact: true }).click({ timeout: TIMEOUT_MS }),
    );
    const note = contacts.getByLabel('Notiz zum Gespräch');
    await note.waitFor({ timeout: TIMEOUT_MS });
    await note.evaluate(instrumentTyping);
    await note.focus();
    await page.keyboard.type(NOTE_TEXT, { delay: NOTE_KEY_GAP_MS });
    const typed = await page.evaluate(collectTyping);
    if (typed.length !== [...NOTE_TEXT].length) {
      throw new Error(
        `Typed ${[...NOTE_TEXT].length} keys into the note but ${typed.length} keydowns were seen.`,
      );
    }
    if ((await note.inputValue()) !== NOTE_TEXT) throw new Error('The note does not hold what was typed.');
    timings.push(...typed);
    await contacts.getByRole('button', { name: 'Entwurf verwerfen', exact: true }).click();
    await page.goBack();
    await waitForCount(page, count, count);
  }
  return timings;
}

/** The measurements of one open app (search, opening cases, typing), after its cold opens. */
async function measureOpenApp(
  page: Page,
  summaries: CaseSummary[],
  count: number,
): Promise<Pick<AppMeasurements, 'search' | 'queries' | 'openCase' | 'typing' | 'calibrationMs'>> {
  const calibrationMs = await page.evaluate(calibrate);
  const search = await measureSearch(page, summaries);
  const openCase = await measureOpenCase(page, count);
  const typing = await measureTyping(page, count);
  return { ...search, openCase, typing, calibrationMs };
}

/**
 * Runs the app-level measurements against the app served at `url`, once per rate of `THROTTLE_RATES`, on
 * one seeded profile.
 */
export async function measureApp(options: {
  executablePath: string;
  url: string;
  user: BenchUser;
  rows: SeedRow[];
  summaries: CaseSummary[];
}): Promise<Map<ThrottleRate, AppMeasurements>> {
  const { executablePath, url, user, rows, summaries } = options;
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'lotse-bench-casefile-'));
  try {
    await seedApp(executablePath, userDataDir, url, user, rows);
    const results = new Map<ThrottleRate, AppMeasurements>();
    for (const rate of THROTTLE_RATES) {
      const coldOpenMarks: ColdOpenMarks[] = [];
      const coldOpenWall: number[] = [];
      for (let run = 0; ; run += 1) {
        const opened = await coldOpen(executablePath, userDataDir, url, rows.length, rate);
        coldOpenMarks.push(opened.marks);
        coldOpenWall.push(opened.wall);
        if (run < COLD_RUNS - 1) {
          await opened.context.close();
          continue;
        }
        // The last cold start stays open (still offline, still throttled) for search, cases and typing.
        try {
          const measured = await measureOpenApp(opened.page, summaries, rows.length);
          results.set(rate, { coldOpen: coldOpenMarks, coldOpenWall, ...measured });
        } finally {
          await opened.context.close();
        }
        break;
      }
    }
    return results;
  } finally {
    // Chromium's helper processes may still be flushing the profile for a moment after close.
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}

/**
 * Only cold opens, `runs` of them, each in a new browser that is closed afterwards: for the security
 * benchmark's time from submitting the PIN to the case list.
 */
export async function measureColdOpens(options: {
  executablePath: string;
  url: string;
  user: BenchUser;
  rows: SeedRow[];
  runs: number;
}): Promise<ColdOpenMarks[]> {
  const { executablePath, url, user, rows, runs } = options;
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'lotse-bench-unlock-'));
  try {
    await seedApp(executablePath, userDataDir, url, user, rows);
    const marks: ColdOpenMarks[] = [];
    for (let run = 0; run < runs; run += 1) {
      const opened = await coldOpen(executablePath, userDataDir, url, rows.length);
      marks.push(opened.marks);
      await opened.context.close();
    }
    return marks;
  } finally {
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}
