/**
 * What protecting the device's data costs, in Chromium on this machine:
 * - unlocking: PBKDF2-SHA-256 with the shipped iteration count and unwrapping the data key, in the page
 *   (WebCrypto), and in the app from submitting the PIN on the lock screen to a usable list of 1,000 cases;
 * - encryption: the same 1,000 cases read through the plain codec and through the vault's AES-GCM codec,
 *   interleaved in one run: the case list's summaries, and every doc into a Y.Doc.
 * The app always encrypts now, so it cannot be run with the plain codec: the comparison runs the shipped
 * storage layer (SummaryStore and DocStore over Dexie) in the harness page, as the case-file benchmark's doc
 * load does. Nothing here fails on a number, only on something broken.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { PBKDF2_ITERATIONS } from '../src/storage/vault.ts';
import { ensureChromium } from '../tests/support/chromium.ts';
import { startTestRelay } from '../tests/support/relay.ts';
import { BENCH_DEVICE_PIN, BENCH_TEAM, createBenchAccount } from './account.ts';
import { measureColdOpens, type SeedRow } from './casefile-app.ts';
import { buildHarness, openHarness } from './casefile-load.ts';
import type { ColdOpenMarks } from './casefile-page.ts';
import { seed } from './casefile.ts';
import type { CodecName, CodecResult, DecryptProfile } from './harness/api.ts';
import { HARNESS_DIST } from './harness/vite.config.ts';
import { describeDistribution, distribution, tail, writeResult, type Distribution } from './support.ts';

/** Cold opens of the app, each in a new browser: PIN submitted until the list is painted. */
const APP_RUNS = 20;
/** Rounds of the codec comparison; each round measures both codecs for both reads, in alternating order. */
const CODEC_RUNS = 20;
const SEED_CHUNK = 100;
const TARGET_PERCENT = 25;

type Read = 'summaries' | 'docs';

interface CodecComparison {
  /** Milliseconds per read and codec, in the order measured. */
  ms: Record<Read, Record<CodecName, number[]>>;
  /** PBKDF2 and unwrapping, once in every new browser that read through the vault codec. */
  unlockMs: number[];
  iterations: number;
  storedBytes: Record<CodecName, number>;
  /** Decrypting alone, after each encrypted doc load, in the same page. */
  decrypt: DecryptProfile[];
}

/**
 * Seeds both databases once, then measures every read in a new browser on the same on-disk profile, so no
 * read profits from another's warm database. Each browser first does what the app does before it opens the
 * store: opens the database and reads its vault record, and unlocks the vault for the encrypted one.
 */
async function compareCodecs(options: {
  executablePath: string;
  rows: SeedRow[];
  contacts: number;
}): Promise<CodecComparison> {
  const { executablePath, rows, contacts } = options;
  buildHarness();
  const relay = await startTestRelay({ staticDir: HARNESS_DIST });
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'lotse-bench-security-'));
  try {
    const seeding = await openHarness(executablePath, userDataDir, relay.url);
    let storedBytes: Record<CodecName, number>;
    try {
      for (let start = 0; start < rows.length; start += SEED_CHUNK) {
        const chunk = rows.slice(start, start + SEED_CHUNK);
        await seeding.page.evaluate(({ docs, secret }) => window.lotseHarness!.seedCodecs(docs, secret), {
          docs: chunk,
          secret: BENCH_DEVICE_PIN,
        });
      }
      const stored = await seeding.page.evaluate(() => window.lotseHarness!.storedCodecs());
      const { plain, 'aes-gcm': sealed } = stored;
      if (
        [plain, sealed].some((db) => db.updates !== rows.length || db.summaries !== rows.length) ||
        plain.vault ||
        !sealed.vault
      ) {
        throw new Error(
          `Seeding the harness failed: ${JSON.stringify(stored)}, expected ${rows.length} each.`,
        );
      }
      storedBytes = { plain: plain.bytes, 'aes-gcm': sealed.bytes };
    } finally {
      await seeding.context.close();
    }

    const comparison: CodecComparison = {
      ms: { summaries: { plain: [], 'aes-gcm': [] }, docs: { plain: [], 'aes-gcm': [] } },
      unlockMs: [],
      iterations: 0,
      storedBytes,
      decrypt: [],
    };
    const measure = async (read: Read, codec: CodecName): Promise<void> => {
      const { context, page } = await openHarness(executablePath, userDataDir, relay.url);
      try {
        const prepared = await page.evaluate(
          ({ name, secret }) => window.lotseHarness!.prepareCodec(name, secret),
          { name: codec, secret: BENCH_DEVICE_PIN },
        );
        if (prepared.unlockMs !== undefined) comparison.unlockMs.push(prepared.unlockMs);
        if (prepared.iterations !== undefined) comparison.iterations = prepared.iterations;
        const result: CodecResult =
          read === 'summaries'
            ? await page.evaluate((name) => window.lotseHarness!.readSummaries(name), codec)
            : await page.evaluate((name) => window.lotseHarness!.loadDocs(name), codec);
        if (result.count !== rows.length || result.contacts !== contacts || result.quarantined !== 0) {
          throw new Error(
            `${read} through ${codec}: ${result.count} read, ${result.contacts} contacts, ${result.quarantined} quarantined; expected ${rows.length}, ${contacts}, 0.`,
          );
        }
        comparison.ms[read][codec].push(result.ms);
        if (read === 'docs' && codec === 'aes-gcm') {
          comparison.decrypt.push(await page.evaluate(() => window.lotseHarness!.timeDecrypt()));
        }
      } finally {
        await context.close();
      }
    };
    for (let run = 0; run < CODEC_RUNS; run += 1) {
      const order: CodecName[] = run % 2 === 0 ? ['plain', 'aes-gcm'] : ['aes-gcm', 'plain'];
      for (const read of ['summaries', 'docs'] as const) {
        for (const codec of order) await measure(read, codec);
      }
    }
    return comparison;
  } finally {
    await relay.close();
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}

/** How much slower `encrypted` is than `plain`, in percent, rounded to 0.1. */
function slowdown(plain: number, encrypted: number): number {
  return Math.round((encrypted / plain - 1) * 1000) / 10;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function codecEntry(name: string, plainMs: number[], encryptedMs: number[]) {
  const plain = distribution(plainMs);
  const encrypted = distribution(encryptedMs);
  // Run i of each codec was measured back to back: their ratio cancels most of the machine's drift.
  const paired = plainMs.map((ms, index) => encryptedMs[index]! / ms);
  return {
    name,
    target: `encrypted under ${TARGET_PERCENT} % slower than plain`,
    plain: { name: 'plain codec (bytes stored as they are)', ...plain },
    encrypted: { name: 'vault codec (AES-GCM-256, a random IV per record)', ...encrypted },
    slowdownPercent: {
      p50: slowdown(plain.p50, encrypted.p50),
      tail: { of: tail(plain).label, percent: slowdown(tail(plain).value, tail(encrypted).value) },
      medianOfPairedRuns: Math.round((median(paired) - 1) * 1000) / 10,
    },
  };
}

function line(name: string, d: Distribution, extra = ''): string {
  return `security: ${name}: ${describeDistribution(d)}${extra}`;
}

export async function benchSecurity(): Promise<void> {
  const started = performance.now();
  const loadAtStart = loadavg()[0]!;
  const executablePath = ensureChromium((text) => console.log(text));
  const relay = await startTestRelay();
  let seeded: Awaited<ReturnType<typeof seed>>;
  let marks: ColdOpenMarks[];
  try {
    const user = { userId: await createBenchAccount(relay), teamId: BENCH_TEAM.id };
    seeded = await seed(user);
    console.log(`security: seeded ${seeded.rows.length} cases, ${seeded.contacts} contacts`);
    marks = await measureColdOpens({
      executablePath,
      url: relay.url,
      user,
      rows: seeded.rows,
      runs: APP_RUNS,
    });
  } finally {
    await relay.close();
  }
  const { rows, contacts, bytes } = seeded;
  const codecs = await compareCodecs({ executablePath, rows, contacts });
  if (codecs.iterations !== PBKDF2_ITERATIONS) {
    throw new Error(`The vault was made with ${codecs.iterations} iterations, not ${PBKDF2_ITERATIONS}.`);
  }

  const unlock = distribution(codecs.unlockMs);
  const pinToList = distribution(marks.map((mark) => mark.listPainted - mark.unlockSubmitted));
  const pinToListInDom = distribution(marks.map((mark) => mark.listInDom - mark.unlockSubmitted));
  const lockScreen = distribution(marks.map((mark) => mark.lockPainted));
  const summaries = codecEntry(
    'open the case list: SummaryStore.all() reads and decodes 1,000 summaries (database opened inside the timing)',
    codecs.ms.summaries.plain,
    codecs.ms.summaries['aes-gcm'],
  );
  const docs = codecEntry(
    'load every doc: DocStore.loadAll() reads and decodes 1,000 docs into Y.Docs (database opened inside the timing)',
    codecs.ms.docs.plain,
    codecs.ms.docs['aes-gcm'],
  );
  const file = await writeResult('security', {
    description:
      'What encrypting the device data costs: unlocking the vault, and reading 1,000 realistic cases encrypted versus plain (Chromium, headless, on-disk profile). Times in ms.',
    seed: { cases: rows.length, contacts, updateBytes: bytes },
    unlock: {
      kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: codecs.iterations },
      inPage: {
        name: 'unlockVault(): PBKDF2-SHA-256 key derivation and AES-GCM unwrap of the data key, WebCrypto, once in each new browser',
        ...unlock,
      },
      pinToCaseList: {
        name: 'app, new browser, network off: the PIN form submitted on "Lotse ist gesperrt" until "1000 von 1000 Fällen" and the list are painted',
        ...pinToList,
        listInDom: { name: 'the same until the list is in the DOM', ...pinToListInDom },
        lockScreenPainted: { name: 'before it: navigation until the lock screen is painted', ...lockScreen },
      },
    },
    encryptionCost: {
      method:
        'The app always encrypts, so it cannot run with the plain codec any more. Measured instead: the shipped storage layer (SummaryStore and DocStore over Dexie), bundled into the benchmark harness page, on two databases holding the same 1,000 cases, one written through the plain codec and one through vaultCodec. Every read runs in a new browser on the same on-disk profile; plain and encrypted alternate which goes first. The encrypted browser unlocks the vault before the timing starts (that is the unlock above).',
      storedBytes: {
        plain: codecs.storedBytes.plain,
        encrypted: codecs.storedBytes['aes-gcm'],
        overheadPercent: slowdown(codecs.storedBytes.plain, codecs.storedBytes['aes-gcm']),
      },
      openCaseList: summaries,
      loadAllDocs: docs,
      decryptOnlyP50: {
        name: 'the vault codec alone, in the page after an encrypted load: decrypting every stored record, rows read beforehand',
        summaries: distribution(codecs.decrypt.map((entry) => entry.summariesMs)).p50,
        updates: distribution(codecs.decrypt.map((entry) => entry.updatesMs)).p50,
        summariesAllAtOnce: distribution(codecs.decrypt.map((entry) => entry.summariesAtOnceMs)).p50,
      },
    },
    // Other work on the machine shows up as spread; interleaving and the paired ratio keep it out of the slowdown.
    machineLoadAverage1m: {
      atStart: Math.round(loadAtStart * 10) / 10,
      atEnd: Math.round(loadavg()[0]! * 10) / 10,
    },
    runtimeSeconds: Math.round((performance.now() - started) / 1000),
  });
  console.log(line(`unlock in the page (PBKDF2 ${codecs.iterations.toLocaleString('en')} + unwrap)`, unlock));
  console.log(line('PIN submitted to painted list of 1,000 cases', pinToList));
  for (const [label, entry] of [
    ['case list summaries', summaries],
    ['load all docs', docs],
  ] as const) {
    console.log(
      line(
        `${label}, encrypted`,
        entry.encrypted,
        `; plain p50 ${entry.plain.p50} ms, slowdown ${entry.slowdownPercent.p50} % (${entry.slowdownPercent.tail.of} ${entry.slowdownPercent.tail.percent} %, paired runs ${entry.slowdownPercent.medianOfPairedRuns} %)`,
      ),
    );
  }
  console.log(`security: → ${file}`);
}
