import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BarrierReportsAnswer, ListedBarrierReport } from '../../../src/protocol/barrier-reports.ts';
import { createVault, keyIdOf, vaultCodec } from '../../../src/storage/vault.ts';
import { BarrierReportsState } from '../../../src/state/barrier-reports.svelte.ts';
import { openDeviceStore, type DeviceStore } from '../../../src/state/device-store.ts';
import { filterReports, NO_FILTER, reportCategories } from '../../../src/ui/themen/report-filter.ts';

function listed(n: number, teamId: string, category: string, categoryLabel: string): ListedBarrierReport {
  return {
    reportId: `barrier-${n}@2026-11-0${n}T09:00:00.000Z`,
    teamId,
    caseKey: `case-key-${n}-0123456789abcdef`,
    category,
    categoryLabel,
    institution: 'Ausländerbehörde',
    happened: `Wartezeit ${n}`,
    month: '2026-11',
  };
}

const ANSWER: BarrierReportsAnswer = {
  teams: [
    { id: 'sc-a', name: 'SC Nord' },
    { id: 'sc-b', name: 'SC Süd' },
  ],
  computedAt: '2026-12-07T09:15:00.000Z',
  reports: [
    listed(1, 'sc-a', 'waiting-times', 'Wartezeiten bei Behörden'),
    listed(2, 'sc-b', 'waiting-times', 'Wartezeiten bei Behörden'),
    listed(3, 'sc-a', 'language', 'Sprachkurse'),
  ],
};

let counter = 0;
let store: DeviceStore;
let requests: string[];
/** What the relay does with the next request: answer with a body, or be out of reach. */
let relay: () => Response | 'offline';

function state(): BarrierReportsState {
  return new BarrierReportsState(
    () => store,
    () => ({
      baseUrl: 'https://relay.test',
      getAccessToken: () => Promise.resolve('token'),
      fetchImpl: (input) => {
        const url = new URL(String(input));
        requests.push(`${url.pathname}${url.search}`);
        const result = relay();
        return result === 'offline'
          ? Promise.reject(new TypeError('Failed to fetch'))
          : Promise.resolve(result);
      },
    }),
    () => ['sc-a', 'sc-b'],
  );
}

beforeEach(async () => {
  const opened = await createVault('271828', { iterations: 100_000 });
  store = await openDeviceStore({
    server: `https://barrier-reports-${++counter}.test`,
    user: { id: 'koordination-1', teamId: 'sc-a' },
    codec: vaultCodec(opened.key, { keyId: keyIdOf(opened.record) }),
  });
  requests = [];
  relay = () => Response.json(ANSWER);
});

afterEach(async () => {
  await store.db.delete();
});

describe('the reported barriers on the Themen screen', () => {
  it("asks for the coordinator's teams and keeps the answer, which shows offline with when it was fetched", async () => {
    const online = state();
    await online.load();
    expect(requests).toEqual(['/api/barrier-reports?teams=sc-a%2Csc-b']);
    expect(online.status).toBe('ready');
    expect(online.report(ANSWER.reports[1]!.reportId)?.teamId).toBe('sc-b');
    const fetchedAt = online.fetchedAt;
    expect(fetchedAt).not.toBeNull();

    // The next start, offline: the kept answer shows and nothing is asked.
    relay = () => 'offline';
    const offline = state();
    await offline.load({ offline: true });
    expect(offline.answer).toEqual(ANSWER);
    expect(offline.fetchedAt).toBe(fetchedAt);
    expect(requests).toHaveLength(1);

    // A refresh that cannot reach the relay says so and keeps showing what it had.
    await offline.refresh();
    expect(offline.status).toBe('failed');
    expect(offline.error).toBe('network');
    expect(offline.answer).toEqual(ANSWER);
  });

  it('takes nothing from an answer that is not the relay’s list, and keeps the earlier one', async () => {
    const screen = state();
    await screen.load();
    relay = () => Response.json({ reports: [{ reportId: 'x', happened: 'no team, no case key' }] });
    await screen.refresh();
    expect(screen.error).toBe('bad-answer');
    expect(screen.answer).toEqual(ANSWER);
    // Nor is it kept: the next start offline shows the earlier answer.
    const later = state();
    await later.load({ offline: true });
    expect(later.answer).toEqual(ANSWER);
  });

  it('filters by team, category and whether a report feeds a Thema yet', () => {
    const linked = new Set([ANSWER.reports[0]!.reportId]);
    const ids = (filter: typeof NO_FILTER) =>
      filterReports(ANSWER.reports, filter, (id) => linked.has(id)).map((report) => report.happened);
    expect(ids(NO_FILTER)).toEqual(['Wartezeit 1', 'Wartezeit 2', 'Wartezeit 3']);
    expect(ids({ ...NO_FILTER, teamId: 'sc-a' })).toEqual(['Wartezeit 1', 'Wartezeit 3']);
    expect(ids({ ...NO_FILTER, category: 'waiting-times' })).toEqual(['Wartezeit 1', 'Wartezeit 2']);
    expect(ids({ ...NO_FILTER, unassigned: true })).toEqual(['Wartezeit 2', 'Wartezeit 3']);
    expect(reportCategories(ANSWER.reports)).toEqual([
      { value: 'language', label: 'Sprachkurse' },
      { value: 'waiting-times', label: 'Wartezeiten bei Behörden' },
    ]);
  });
});
