import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportAnswer } from '../../../src/protocol/reports.ts';
import type { Codec } from '../../../src/storage/codec.ts';
import { LotseDatabase } from '../../../src/storage/db.ts';
import { createVault, keyIdOf, vaultCodec } from '../../../src/storage/vault.ts';
import {
  ALL_TEAMS,
  KEPT_REPORTS,
  ReportsState,
  type ReportsDeps,
} from '../../../src/state/reports.svelte.ts';

const TEAMS = [
  { id: 'sc-a', name: 'SC Nord', kind: 'support-center' as const },
  { id: 'sc-b', name: 'SC Süd', kind: 'support-center' as const },
];
const TODAY = '2026-12-07';

function answer(periodId: string, total = 12): ReportAnswer {
  return {
    period: { id: periodId, kind: 'quarter', start: '2026-07-01', end: '2026-09-30' },
    teams: TEAMS.map(({ id, name }) => ({ id, name })),
    computedAt: '2026-12-07T09:15:00.000Z',
    tables: [
      {
        id: 'caseload',
        unit: 'cases',
        columns: ['new'],
        rows: [{ key: 'total', cells: { new: total } }],
        notRecorded: [],
      },
    ],
    themen: [],
  };
}

let counter = 0;
let db: LotseDatabase;
let codec: Codec;
let requests: string[];
/** What the relay does with the next requests: answer, refuse, or be out of reach. */
let relay: (url: URL) => Response | 'offline';
let now: number;

function deps(): ReportsDeps {
  return {
    options: () => ({
      baseUrl: 'https://relay.test',
      getAccessToken: () => Promise.resolve('token'),
      fetchImpl: (input) => {
        const url = new URL(String(input));
        requests.push(`${url.pathname}${url.search}`);
        const result = relay(url);
        return result === 'offline'
          ? Promise.reject(new TypeError('Failed to fetch'))
          : Promise.resolve(result);
      },
    }),
    storage: () => Promise.resolve({ db, codec }),
    teams: () => TEAMS,
    today: () => TODAY,
    now: () => now,
  };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeEach(async () => {
  db = new LotseDatabase(`reports-${++counter}`);
  await db.open();
  const opened = await createVault('271828', { iterations: 100_000 });
  codec = vaultCodec(opened.key, { keyId: keyIdOf(opened.record) });
  requests = [];
  now = 1_000;
  relay = (url) => json(answer(url.searchParams.get('period') ?? ''));
});

afterEach(async () => {
  await db.delete();
});

describe('coordination’s reports on the device', () => {
  it('asks for all teams and the last ended quarter, and a later start shows the stored report', async () => {
    const reports = new ReportsState(deps());
    expect(reports.teamChoice).toBe(ALL_TEAMS);
    expect(reports.periodId).toBe('2026-Q3');
    await reports.create();
    expect(requests).toEqual(['/api/reports?teams=sc-a%2Csc-b&period=2026-Q3']);
    expect(reports.shown).toMatchObject({ stored: false, fetchedAt: 1_000 });
    expect(reports.stored.map((stored) => stored.key)).toEqual(['report:sc-a,sc-b:2026-Q3']);

    // The next start (no relay asked) opens on it, from the device.
    const again = new ReportsState(deps());
    await again.init();
    expect(requests).toHaveLength(1);
    expect(again.shown).toMatchObject({ stored: true, unreachable: false, fetchedAt: 1_000 });
    expect(again.shown?.answer).toEqual(answer('2026-Q3'));
  });

  it('without a connection shows the stored report of the same filter, and says when there is none', async () => {
    const reports = new ReportsState(deps());
    await reports.create();
    relay = () => 'offline';
    await reports.create();
    expect(reports.shown).toMatchObject({ stored: true, unreachable: true });
    expect(reports.problem).toBeNull();

    reports.teamChoice = 'sc-b';
    await reports.create();
    expect(reports.problem).toEqual({ kind: 'unreachable' });
    // The report shown before stays, and still says it is the stored one.
    expect(reports.shown?.key).toBe('report:sc-a,sc-b:2026-Q3');
  });

  it('refuses a running period itself, and shows the relay’s refusal in German', async () => {
    const reports = new ReportsState(deps());
    reports.periodId = '2026-Q4';
    await reports.create();
    expect(requests).toEqual([]);
    expect(reports.problem).toMatchObject({
      kind: 'invalid',
      text: { de: expect.stringContaining('läuft noch') },
    });

    relay = () => json({ error: 'bad-request', message: 'Unknown team: sc-b' }, 400);
    reports.periodId = '2026-Q3';
    await reports.create();
    expect(reports.problem).toEqual({
      kind: 'invalid',
      text: expect.objectContaining({ de: 'Unbekanntes Team: sc-b. Bitte die Auswahl neu laden.' }),
    });
    relay = () => json({ error: 'not-in-team', message: 'You do not coordinate sc-b.' }, 403);
    await reports.create();
    expect(reports.problem).toEqual({ kind: 'failed', error: 'not-in-team' });
    expect(reports.shown).toBeNull();
  });

  it(`keeps the ${KEPT_REPORTS} reports fetched last, newest first`, async () => {
    const reports = new ReportsState(deps());
    reports.chooseKind('month');
    const months = reports.periods.map((period) => period.id);
    for (const teamChoice of [ALL_TEAMS, 'sc-a']) {
      for (const month of months) {
        now += 1;
        reports.teamChoice = teamChoice;
        reports.periodId = month;
        await reports.create();
      }
    }
    expect(reports.stored).toHaveLength(KEPT_REPORTS);
    expect(reports.stored[0]?.key).toBe(`report:sc-a:${months.at(-1)}`);
    expect(await db.meta.where('key').startsWith('answer:report:').count()).toBe(KEPT_REPORTS);
  });
});
