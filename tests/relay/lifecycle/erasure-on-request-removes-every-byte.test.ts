import { describe, expect, it } from 'vitest';
import { lifecyclePath } from '../../../src/protocol/lifecycle.ts';
import { useSyncRelay } from '../sync/support/fixture.ts';
import { WORLD } from '../sync/support/world.ts';
import { api, caseUpdate, databaseBytes, expectStatus } from './support.ts';

const sync = useSyncRelay();
const A = WORLD.teamA;
const MARKER = 'Zaunkoenig-4711-Markierung';

describe('an erasure on request', () => {
  it('needs a second person, and then leaves no byte of the case in the database file or its log', async () => {
    const anna = await sync.connect(WORLD.anna);
    await anna.control('caught-up', (f) => f.teamId === A);
    const ack = await anna.push(
      A,
      'case-1',
      caseUpdate({ id: 'case-1', teamId: A, marker: MARKER, openedOn: '2025-02-03' }),
    );
    expect(ack.type).toBe('ack');
    // A second update, so that the case has several rows in the log, and a case that stays.
    expect((await anna.push(A, 'case-1', anna.edit(A, 'case-1', `${MARKER} ruft zurück.`))).type).toBe('ack');
    expect(
      (
        await anna.push(
          A,
          'case-2',
          caseUpdate({ id: 'case-2', teamId: A, marker: 'Bleibt', openedOn: '2025-02-03' }),
        )
      ).type,
    ).toBe('ack');
    await sync.relay.lifecycle.due([A]); // projects the facts, so the case's facts row holds the marker too
    expect((await databaseBytes(sync.relay)).includes(MARKER)).toBe(true);

    const request = lifecyclePath('request', A, 'case-1');
    expectStatus(
      await api(sync.relay, WORLD.anna, 'POST', request, { reason: 'Antrag nach Art. 17 vom 1.12.' }),
      204,
    );
    // The one who asked cannot confirm, nor can a case manager of another team or a colleague of the team.
    const confirm = lifecyclePath('confirm', A, 'case-1');
    expectStatus(await api(sync.relay, WORLD.annaSecond, 'POST', confirm), 403);
    expectStatus(await api(sync.relay, WORLD.bert, 'POST', confirm), 403);
    expect(await sync.relay.store.teamOfDoc(`${A}/case-1`)).toBe(A);

    const erased = await api(sync.relay, WORLD.carla, 'POST', confirm);
    expectStatus(erased, 200);
    expect(erased.body).toMatchObject({ docId: 'case-1', teamId: A, reason: 'request' });

    const bytes = await databaseBytes(sync.relay);
    expect(bytes.includes(MARKER)).toBe(false);
    expect(bytes.includes('Bleibt')).toBe(true);
    expect(await sync.relay.store.erasureOf(`${A}/case-1`)).toMatchObject({
      requestedBy: WORLD.anna.userId,
      confirmedBy: WORLD.carla.userId,
    });
    await sync.relay.audit.flush();
    const kinds = (await sync.relay.store.listAudit({ docId: 'case-1', limit: 20 })).events.map(
      (e) => e.kind,
    );
    expect(kinds).toEqual(expect.arrayContaining(['erasure-requested', 'case-erased']));
  });
});
