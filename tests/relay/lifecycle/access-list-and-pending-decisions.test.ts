import { describe, expect, it } from 'vitest';
import {
  AccessAnswerSchema,
  LIFECYCLE_PATHS,
  lifecyclePath,
  PendingAnswerSchema,
} from '../../../src/protocol/lifecycle.ts';
import { useSyncRelay } from '../sync/support/fixture.ts';
import { WORLD } from '../sync/support/world.ts';
import { api, caseUpdate, expectStatus } from './support.ts';

const sync = useSyncRelay();
const A = WORLD.teamA;

async function twoCases(): Promise<void> {
  const anna = await sync.connect(WORLD.anna);
  await anna.control('caught-up', (f) => f.teamId === A);
  for (const id of ['case-1', 'case-2']) {
    const ack = await anna.push(
      A,
      id,
      caseUpdate({ id, teamId: A, marker: `M-${id}`, openedOn: '2025-02-03' }),
    );
    expect(ack.type).toBe('ack');
  }
}

describe('the access list of a case (for the Auskunft)', () => {
  it('names who received or changed the case and when, only to the case managers of its team, and is audited', async () => {
    const before = Date.now();
    await twoCases();
    // A second device of the team catches up: the relay sends it both cases.
    const second = await sync.connect(WORLD.annaSecond);
    await second.control('caught-up', (f) => f.teamId === A);

    const path = lifecyclePath('access', A, 'case-1');
    const answer = await api(sync.relay, WORLD.anna, 'GET', path);
    expectStatus(answer, 200);
    const list = AccessAnswerSchema.parse(answer.body);
    expect(list.truncated).toBe(false);
    expect(new Set(list.entries.map((entry) => entry.kind))).toEqual(new Set(['doc-changed', 'doc-fetched']));
    for (const entry of list.entries) {
      expect(entry.userId).toBe(WORLD.anna.userId);
      expect(entry.at).toBeGreaterThanOrEqual(before);
      // Actor, time and kind: nothing of the device, the address or the content.
      expect(Object.keys(entry).sort()).toEqual(['at', 'kind', 'login', 'userId']);
    }
    // Newest first.
    expect([...list.entries].sort((a, b) => b.at - a.at)).toEqual(list.entries);

    // Nobody else: a case manager of another team, coordination, an admin.
    for (const person of [WORLD.bert, WORLD.carla, WORLD.olaf]) {
      expectStatus(await api(sync.relay, person, 'GET', path), 403);
    }
    expectStatus(await api(sync.relay, WORLD.anna, 'GET', lifecyclePath('access', A, 'no-such-case')), 404);

    await sync.relay.audit.flush();
    const listed = await sync.relay.store.listAudit({ kind: 'case-access-listed', limit: 10 });
    expect(listed.events).toHaveLength(1);
    expect(listed.events[0]).toMatchObject({ userId: WORLD.anna.userId, teamId: A, docId: 'case-1' });
  });
});

describe('what waits for a decision', () => {
  it('lists open requests and Löschsperren to coordination of the team and admins, not to case managers', async () => {
    await twoCases();
    expectStatus(
      await api(sync.relay, WORLD.anna, 'POST', lifecyclePath('request', A, 'case-1'), {
        reason: 'Antrag vom 1.12.',
      }),
      204,
    );
    expectStatus(
      await api(sync.relay, WORLD.anna, 'POST', lifecyclePath('hold', A, 'case-2'), {
        reason: 'Widerspruch läuft',
      }),
      204,
    );
    for (const person of [WORLD.carla, WORLD.olaf]) {
      const answer = await api(sync.relay, person, 'GET', LIFECYCLE_PATHS.pending);
      expectStatus(answer, 200);
      const pending = PendingAnswerSchema.parse(answer.body);
      expect(pending.requests).toEqual([
        expect.objectContaining({
          teamId: A,
          docId: 'case-1',
          reason: 'Antrag vom 1.12.',
          requestedBy: WORLD.anna.userId,
          requestedByName: 'anna',
        }),
      ]);
      expect(pending.holds).toEqual([
        expect.objectContaining({
          teamId: A,
          docId: 'case-2',
          reason: 'Widerspruch läuft',
          setBy: WORLD.anna.userId,
          setByName: 'anna',
        }),
      ]);
    }
    expectStatus(await api(sync.relay, WORLD.anna, 'GET', LIFECYCLE_PATHS.pending), 403);
    // Once decided, it is no longer pending.
    expectStatus(await api(sync.relay, WORLD.carla, 'POST', lifecyclePath('liftHold', A, 'case-2')), 204);
    expectStatus(await api(sync.relay, WORLD.carla, 'POST', lifecyclePath('drop', A, 'case-1')), 204);
    const after = PendingAnswerSchema.parse(
      (await api(sync.relay, WORLD.carla, 'GET', LIFECYCLE_PATHS.pending)).body,
    );
    expect(after).toEqual({ requests: [], holds: [] });
  });
});
