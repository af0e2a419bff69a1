/**
 * Scripts that run inside the app's page. Timing is taken there, with `performance.now()`, because a round
 * trip through Playwright costs milliseconds and would swamp a keystroke. Each function is serialised by
 * Playwright, so it may use nothing from this module's scope, and declares no named inner functions: tsx
 * wraps those in a `__name` helper that does not exist in the page.
 *
 * "Painted" means: the change reached the DOM, then the next animation frame ran and the task after it
 * started, i.e. the browser has had its chance to style, lay out and paint that frame.
 */

export interface SearchSample {
  query: string;
  ms: number;
  /**
   * Of `ms`, the app's own reaction: until the microtasks after the input event (Svelte's update of the
   * DOM) have run. The rest is the browser's style, layout and any frame it ran before the probe looked.
   */
  scriptMs: number;
}

/**
 * Cold open, in ms since navigation start: where the time goes on the way to a usable list. Since the
 * device's data is encrypted, every start shows the lock screen first; the list follows the PIN.
 */
export interface ColdOpenMarks {
  /** The service worker has answered with the page (navigation timing's responseEnd). */
  pageServed: number;
  /** The app is mounted and shows its first status (the header's connection status); to a frame. */
  appMounted: number;
  /** The lock screen ("Lotse ist gesperrt") is in the DOM and painted: the PIN can be typed. */
  lockPainted: number;
  /** The PIN form was submitted (the benchmark types the PIN once the lock screen is painted). */
  unlockSubmitted: number;
  /** The list and its count are in the DOM, seen at the start of the frame that paints them. */
  listInDom: number;
  /** … and the frame with them has been painted: the measurement. */
  listPainted: number;
  /** The app's own marks (`lotse:…`, src/state/start-marks.ts), ms since navigation, by name without prefix. */
  app: Record<string, number>;
}

export interface PageProbe {
  lockPainted?: number;
  unlockSubmitted?: number;
  coldOpen?: ColdOpenMarks;
  searchArmed: boolean;
  search: SearchSample[];
  open?: { ms: number; heading: string; section: string };
  typing?: { keys: number[]; entries: PerformanceEventTiming[]; observer: PerformanceObserver };
}

declare global {
  interface Window {
    __lotseBench?: PageProbe;
  }
}

/**
 * Init script for a cold open: looks once per animation frame, from the first one, for the lock screen's
 * heading, notes when the PIN form is submitted, and then looks for the count text ("1000 von 1000
 * Fällen", also with German digit grouping) in a role=status element. Looking at the start of each frame
 * finds what the frame is about to paint; a MutationObserver would run on every change of the DOM and, as
 * a profile showed, cost the page ~40 ms of its own on the way to the list.
 */
export function watchForCaseCount(count: number): void {
  const probe: PageProbe = { searchArmed: false, search: [] };
  window.__lotseBench = probe;
  const wanted = [String(count), count.toLocaleString('de-DE')].map((n) => `${n} von ${n} Fällen`);
  let appMounted: number | undefined;
  let lockInDom = false;
  window.addEventListener('submit', () => (probe.unlockSubmitted ??= performance.now()), { capture: true });
  // A member, not a named const: tsx would wrap a named arrow function in a helper the page lacks.
  const frame: { look?: () => void } = {};
  frame.look = () => {
    const now = performance.now();
    const statuses = [...document.querySelectorAll('[role="status"]')];
    if (statuses.length > 0) appMounted ??= now;
    if (!lockInDom) {
      const heading = document.querySelector('main h1')?.textContent?.trim() ?? '';
      if (['Lotse ist gesperrt', 'Lotse is locked'].includes(heading)) {
        lockInDom = true;
        // This frame paints it; the task after the frame starts once it has been.
        setTimeout(() => (probe.lockPainted = performance.now()));
      }
    }
    if (!statuses.some((element) => wanted.some((text) => element.textContent?.includes(text)))) {
      requestAnimationFrame(frame.look!);
      return;
    }
    const listInDom = now;
    setTimeout(() => {
      const navigation = performance.getEntriesByType('navigation')[0] as
        PerformanceNavigationTiming | undefined;
      probe.coldOpen = {
        pageServed: navigation?.responseEnd ?? Number.NaN,
        appMounted: appMounted ?? listInDom,
        lockPainted: probe.lockPainted ?? Number.NaN,
        unlockSubmitted: probe.unlockSubmitted ?? Number.NaN,
        listInDom,
        listPainted: performance.now(),
        app: Object.fromEntries(
          performance
            .getEntriesByType('mark')
            .filter((entry) => entry.name.startsWith('lotse:'))
            .map((entry) => [entry.name.slice('lotse:'.length), entry.startTime]),
        ),
      };
    });
  };
  requestAnimationFrame(frame.look);
}

/**
 * Times every keystroke in the search box: from the moment the page handles the key (keydown, or the
 * input event for characters typed without one, such as "ü" inserted as text) until the app's reaction
 * has run (Svelte flushes in a microtask, so a message-channel task runs after it) and the DOM is laid out.
 */
export function instrumentSearch(box: HTMLElement): void {
  const probe = window.__lotseBench;
  if (!probe) throw new Error('The page probe is missing: the cold-open init script did not run.');
  let keyAt: number | undefined;
  window.addEventListener(
    'keydown',
    (event) => {
      if (probe.searchArmed && event.target === box) keyAt = performance.now();
    },
    { capture: true },
  );
  let reactedAt: number | undefined;
  window.addEventListener(
    'input',
    (event) => {
      if (!probe.searchArmed || event.target !== box) return;
      const started = keyAt ?? performance.now();
      keyAt = undefined;
      reactedAt = undefined;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        // Reading a layout property makes the browser lay out the changed list now, inside the measurement.
        void document.documentElement.offsetHeight;
        const ms = performance.now() - started;
        const scriptMs = (reactedAt ?? performance.now()) - started;
        probe.search.push({ query: (box as HTMLInputElement).value, ms, scriptMs });
      };
      channel.port2.postMessage(null);
    },
    { capture: true },
  );
  // In the bubbling phase, after the box's own listener has changed the app's state: a microtask queued now
  // runs after the one in which Svelte updates the DOM.
  window.addEventListener('input', (event) => {
    if (!probe.searchArmed || event.target !== box) return;
    queueMicrotask(() => (reactedAt = performance.now()));
  });
}

/**
 * Arms a watch for the next click, until the case file's header (a different h1 than the current one in
 * main) and its first section (the first `.case-section`, with its heading) are in the DOM and painted.
 */
export function watchNextOpen(): void {
  const probe = window.__lotseBench;
  if (!probe) throw new Error('The page probe is missing.');
  probe.open = undefined;
  const before = document.querySelector('main h1');
  let clickedAt: number | undefined;
  window.addEventListener('click', () => (clickedAt = performance.now()), { capture: true, once: true });
  const observer = new MutationObserver(() => {
    const heading = document.querySelector('main h1');
    if (clickedAt === undefined || !heading || heading === before) return;
    const section = document.querySelector('main .case-section');
    if (!section?.querySelector('h2')) return;
    observer.disconnect();
    const from = clickedAt;
    requestAnimationFrame(() =>
      setTimeout(
        () =>
          (probe.open = {
            ms: performance.now() - from,
            heading: heading.textContent ?? '',
            section: section.id,
          }),
      ),
    );
  });
  observer.observe(document.body, { childList: true, subtree: true });
}

/**
 * One keystroke as Event Timing saw it: the entry of the longest of its events (keydown, keypress,
 * beforeinput, input, keyup), split as INP splits an interaction. Keystrokes whose every event took under
 * the observer's 16 ms threshold have no entry (`null`).
 */
export interface KeystrokeTiming {
  inputDelay: number;
  processing: number;
  presentation: number;
  duration: number;
  event: string;
}

/**
 * Starts recording Event Timing entries (PerformanceObserver 'event', durationThreshold 16) and the moment
 * of every keydown in `field`; `collectTyping` then pairs them up.
 */
export function instrumentTyping(field: HTMLElement): void {
  const probe = window.__lotseBench;
  if (!probe) throw new Error('The page probe is missing.');
  const keys: number[] = [];
  const entries: PerformanceEventTiming[] = [];
  window.addEventListener(
    'keydown',
    (event) => {
      if (event.target === field) keys.push(event.timeStamp);
    },
    { capture: true },
  );
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) entries.push(entry as PerformanceEventTiming);
  });
  observer.observe({ type: 'event', durationThreshold: 16, buffered: false } as PerformanceObserverInit);
  probe.typing = { keys, entries, observer };
}

/**
 * After the last keystroke's frame was presented: every keystroke with the longest Event Timing entry
 * that started at or after its keydown and before the next one (or `null` if none was over 16 ms).
 */
export async function collectTyping(): Promise<(KeystrokeTiming | null)[]> {
  const probe = window.__lotseBench;
  if (!probe?.typing) throw new Error('Typing was not instrumented.');
  // Entries are queued once their frame is presented; two more frames leave time for that.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  await new Promise((resolve) => setTimeout(resolve, 50));
  const { keys, entries, observer } = probe.typing;
  for (const entry of observer.takeRecords()) entries.push(entry as PerformanceEventTiming);
  observer.disconnect();
  probe.typing = undefined;
  return keys.map((key, index) => {
    const next = keys[index + 1] ?? Number.POSITIVE_INFINITY;
    let worst: PerformanceEventTiming | undefined;
    for (const entry of entries) {
      // An event's startTime is its timeStamp; allow for rounding of both to the same clock.
      if (entry.startTime < key - 1 || entry.startTime >= next - 1) continue;
      if (!worst || entry.duration > worst.duration) worst = entry;
    }
    if (!worst) return null;
    return {
      inputDelay: worst.processingStart - worst.startTime,
      processing: worst.processingEnd - worst.processingStart,
      presentation: Math.max(0, worst.startTime + worst.duration - worst.processingEnd),
      duration: worst.duration,
      event: worst.name,
    };
  });
}

/** A fixed amount of JavaScript work, timed in the page: tells whether CPU throttling is in effect. */
export function calibrate(): number {
  const started = performance.now();
  let sum = 0;
  for (let i = 0; i < 20_000_000; i += 1) sum = (sum + i * 7) % 1_000_003;
  if (sum < 0) throw new Error('unreachable');
  return performance.now() - started;
}

/**
 * Writes seed rows straight into the app's IndexedDB database, the way Dexie stores them: an `updates` row
 * with an auto-incremented `seq`, a `summaries` row whose `seq` is that same number, so the app sees every
 * summary as current and rebuilds none at start, and a `docTeams` row naming the case's team. No `outbox`
 * row: each case is stored as a device holds a case it received from the relay, already synced, so the
 * sync engine has nothing of them to push.
 */
export async function writeSeedRows(args: {
  name: string;
  teamId: string;
  rows: { id: string; update: string; summary: string }[];
}): Promise<number> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(args.name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
  });
  try {
    const stores = [...db.objectStoreNames];
    if (!['updates', 'summaries', 'docTeams'].every((store) => stores.includes(store))) {
      throw new Error(`${args.name} has no app schema yet (stores: ${stores.join(', ') || 'none'})`);
    }
    const tx = db.transaction(['updates', 'summaries', 'docTeams'], 'readwrite');
    const updates = tx.objectStore('updates');
    const summaries = tx.objectStore('summaries');
    const docTeams = tx.objectStore('docTeams');
    const at = Date.now();
    for (const row of args.rows) {
      const data = Uint8Array.from(atob(row.update), (char) => char.charCodeAt(0));
      const summary = Uint8Array.from(atob(row.summary), (char) => char.charCodeAt(0));
      const added = updates.add({ docId: row.id, data, at });
      added.onsuccess = () => summaries.put({ id: row.id, data: summary, seq: added.result, at });
      docTeams.put({ docId: row.id, teamId: args.teamId });
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('seed transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('seed transaction aborted'));
    });
    return args.rows.length;
  } finally {
    db.close();
  }
}

/** Waits until the app has created its database with its schema (it does so right after start). */
export async function waitForAppDatabase(name: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const infos = await indexedDB.databases();
    if (infos.some((info) => info.name === name && (info.version ?? 0) > 1)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`The app did not create its database ${name} within 10 s.`);
}

/** How many rows each named store of the database `name` holds. */
export async function countRows(args: { name: string; stores: string[] }): Promise<Record<string, number>> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(args.name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
  });
  try {
    const tx = db.transaction(args.stores, 'readonly');
    const counts = await Promise.all(
      args.stores.map(
        (store) =>
          new Promise<[string, number]>((resolve, reject) => {
            const request = tx.objectStore(store).count();
            request.onsuccess = () => resolve([store, request.result]);
            request.onerror = () => reject(request.error ?? new Error(`counting ${store} failed`));
          }),
      ),
    );
    return Object.fromEntries(counts);
  } finally {
    db.close();
  }
}
