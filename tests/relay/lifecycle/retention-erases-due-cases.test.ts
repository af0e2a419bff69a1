import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCaseDoc, type WriteOptions } from '../../../src/domain/case-doc.ts';
import { addContact } from '../../../src/domain/case-write-items.ts';
import { changePhase } from '../../../src/domain/case-write-phase.ts';
import { lifecyclePath, LIFECYCLE_PATHS } from '../../../src/protocol/lifecycle.ts';
import { REPORT_PATHS } from '../../../src/protocol/reports.ts';
import { useSyncRelay } from '../sync/support/fixture.ts';
import { WORLD, type Person } from '../sync/support/world.ts';
import { api, expectStatus } from './support.ts';

const sync = useSyncRelay();
const A = WORLD.teamA;
const ADMIN: Person = WORLD.olaf;

/** A case opened in 2021 with contacts on several days; closed on `closedOn` if given. */
function caseDoc(id: string, month: number, closedOn?: string): Uint8Array {
  let next = 0;
  const opts = (day: string): WriteOptions => ({
    actor: WORLD.anna.userId,
    now: new Date(`${day}T10:00:00.000Z`),
    newId: () => `${id}-${++next}`,
  });
  const mm = String(month).padStart(2, '0');
  const created = createCaseDoc(
    {
      id,
      kind: 'case',
      teamId: A,
      createdBy: WORLD.anna.userId,
      person: { familyName: `Person ${id}`, nationalities: ['UA'] },
    },
    opts(`2021-${mm}-0${(month % 9) + 1}`),
  );
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const doc = created.value;
  for (const day of [`2022-${mm}-03`, `2022-${mm}-2${month % 9}`]) {
    const contact = addContact(
      doc,
      { date: day, kind: 'office', topics: ['work'], note: 'Gespräch' },
      opts(day),
    );
    if (!contact.ok) throw new Error(JSON.stringify(contact.error));
  }
  if (closedOn !== undefined) {
    const closed = changePhase(doc, 'closed', {
      ...opts(closedOn),
      closure: { reason: 'goals-achieved', closedOn },
    });
    if (!closed.ok) throw new Error(JSON.stringify(closed.error));
  }
  return Y.encodeStateAsUpdate(doc);
}

async function report(period: string): Promise<unknown> {
  const answer = await api(
    sync.relay,
    WORLD.carla,
    'GET',
    `${REPORT_PATHS.report}?teams=${A}&period=${period}`,
  );
  expectStatus(answer, 200);
  const { computedAt: _computedAt, ...rest } = answer.body as { computedAt: string };
  return rest;
}

describe('cases whose retention period has ended', () => {
  it('are erased by the relay unless a Löschsperre holds them, and past reports do not change', async () => {
    const anna = await sync.connect(WORLD.anna);
    await anna.control('caught-up', (f) => f.teamId === A);
    // Closed in 2022: kept to the end of 2025, due since 1 January 2026. Closed in 2025: kept to 2028.
    const cases: [string, number, string | undefined][] = [
      ['case-01', 1, '2022-03-17'],
      ['case-02', 2, '2022-05-30'],
      ['case-03', 3, '2022-06-02'],
      ['case-04', 4, '2025-02-11'],
      ['case-05', 5, undefined],
      ['case-06', 6, undefined],
      ['case-07', 1, undefined],
      ['case-08', 2, undefined],
    ];
    for (const [id, month, closedOn] of cases) {
      expect((await anna.push(A, id, caseDoc(id, month, closedOn))).type).toBe('ack');
    }
    const periods = ['2022', '2022-Q1', '2022-H1', '2022-03', '2022-05'];
    const before = await Promise.all(periods.map(report));

    // Coordination sees counts only; admins see which docs and when; case managers see neither.
    const due = await api(sync.relay, WORLD.carla, 'GET', `${LIFECYCLE_PATHS.due}?within=0`);
    expect(due.body).toEqual({ within: 0, teams: [{ teamId: A, due: 3, held: 0 }] });
    const forAdmin = await api(sync.relay, ADMIN, 'GET', `${LIFECYCLE_PATHS.due}?within=0`);
    expect((forAdmin.body as { cases: { docId: string; dueOn: string }[] }).cases).toEqual([
      expect.objectContaining({
        docId: 'case-01',
        dueOn: '2026-01-01',
        keepUntil: '2025-12-31',
        held: false,
      }),
      expect.objectContaining({ docId: 'case-02', dueOn: '2026-01-01' }),
      expect.objectContaining({ docId: 'case-03', dueOn: '2026-01-01' }),
    ]);
    expectStatus(await api(sync.relay, WORLD.anna, 'GET', LIFECYCLE_PATHS.due), 403);
    const status = await api(sync.relay, WORLD.anna, 'GET', lifecyclePath('status', A, 'case-04'));
    expect(status.body).toEqual({
      retention: { rule: 'closed-case', keepUntil: '2028-12-31', dueOn: '2029-01-01' },
      hold: null,
      request: null,
    });

    // A case manager of the team may set a Löschsperre, but only coordination or an admin lifts it.
    const hold = lifecyclePath('hold', A, 'case-02');
    expectStatus(await api(sync.relay, WORLD.anna, 'POST', hold, { reason: 'Widerspruchsverfahren' }), 204);
    let swept = await sync.relay.lifecycle.sweep();
    expect(swept).toMatchObject({ erased: 2, held: 1, failed: 0 });
    expect(await sync.relay.store.docsOfTeam(A)).toEqual(
      ['case-02', 'case-04', 'case-05', 'case-06', 'case-07', 'case-08'].map((id) => `${A}/${id}`),
    );
    expect((await api(sync.relay, WORLD.carla, 'GET', `${LIFECYCLE_PATHS.due}?within=0`)).body).toEqual({
      within: 0,
      teams: [{ teamId: A, due: 1, held: 1 }],
    });
    expectStatus(await api(sync.relay, WORLD.anna, 'POST', lifecyclePath('liftHold', A, 'case-02')), 403);
    expectStatus(await api(sync.relay, WORLD.carla, 'POST', lifecyclePath('liftHold', A, 'case-02')), 204);
    swept = await sync.relay.lifecycle.sweep();
    expect(swept).toMatchObject({ erased: 1, held: 0 });
    expect(await sync.relay.store.erasureOf(`${A}/case-02`)).toMatchObject({
      reason: 'retention',
      rule: 'closed-case',
    });

    // Every report of a past period counts the erased cases' anonymous contributions as it counted them.
    expect(await Promise.all(periods.map(report))).toEqual(before);
    await sync.relay.audit.flush();
    const kinds = (await sync.relay.store.listAudit({ docId: 'case-02', limit: 20 })).events
      .map((e) => e.kind)
      .filter((kind) => kind !== 'doc-changed' && kind !== 'doc-fetched');
    expect(kinds).toEqual(['case-erased', 'legal-hold-lifted', 'legal-hold-set']);
  });
});
