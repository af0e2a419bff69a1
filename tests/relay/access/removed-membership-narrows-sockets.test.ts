import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../../src/protocol/errors.ts';
import { removeFromTeam } from '../../../sync-server/src/auth/accounts.ts';
import { useSyncRelay } from '../sync/support/fixture.ts';
import { WORLD } from '../sync/support/world.ts';
import { openDocSocket, runAdmin } from './support.ts';

const sync = useSyncRelay({ accessSweepMs: 100 });
const A = WORLD.teamA;
const B = WORLD.teamB;
const closedWith = (code: keyof typeof ERRORS) => ({ code: ERRORS[code].ws, reason: code });

/** Anna in teams A and B, with a device socket caught up on both. */
async function annaInTwoTeams() {
  await sync.relay.store.addMembership(WORLD.anna.userId, B);
  const anna = await sync.connect(WORLD.anna);
  await Promise.all([
    anna.control('caught-up', (frame) => frame.teamId === A),
    anna.control('caught-up', (frame) => frame.teamId === B),
  ]);
  return anna;
}

describe('removing a user from a team', () => {
  it('closes at once the sockets that serve the team, and the device reconnects to the teams that remain', async () => {
    const anna = await annaInTwoTeams();
    const docA = await openDocSocket(sync.relay.url, await sync.token(WORLD.anna), A, 'case-1');
    const docB = await openDocSocket(sync.relay.url, await sync.token(WORLD.anna), B, 'case-2');

    expect(await removeFromTeam(sync.relay.store, WORLD.anna.userId, A, sync.relay.access)).toBe(true);

    expect(await anna.closed).toEqual(closedWith('not-in-team'));
    expect(await docA.closed).toEqual(closedWith('not-in-team'));
    expect(docB.isOpen()).toBe(true);

    const again = await sync.connect(WORLD.anna, { [A]: 0, [B]: 0 });
    expect(await again.control('welcome')).toMatchObject({ teams: [{ id: B }] });
    const refused = await again.push(A, 'case-1', again.edit(A, 'case-1', 'nicht mehr im Team '));
    expect(refused).toMatchObject({ type: 'error', code: 'not-in-team' });
    expect(await again.write(B, 'case-2', 'weiter in Team B ')).toBeGreaterThan(0);
    docB.close();
    await docB.closed;
  });

  // Four runs of the CLI, each a Node process of its own: slow on a busy machine.
  it(
    'through the admin CLI, in its own process, reaches the running relay by its access sweep',
    { timeout: 60_000 },
    async () => {
      const anna = await annaInTwoTeams();
      const colleague = await sync.connect(WORLD.bert);
      await colleague.control('caught-up');

      const removed = await runAdmin(sync.relay.dataDir, ['user', 'remove-team', 'anna', A]);
      expect(removed).toMatchObject({ code: 0 });
      expect(removed.stdout).toContain('Removed anna from team-a');

      expect(await anna.closed).toEqual(closedWith('not-in-team'));
      expect(colleague.isOpen).toBe(true);
      expect((await sync.relay.store.teamsOf(WORLD.anna.userId)).map((team) => team.id)).toEqual([B]);

      const again = await runAdmin(sync.relay.dataDir, ['user', 'remove-team', 'anna', A]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('anna is not a member of team-a');
      const added = await runAdmin(sync.relay.dataDir, ['user', 'add-team', 'anna', A]);
      expect(added).toMatchObject({ code: 0 });
      expect((await sync.relay.store.teamsOf(WORLD.anna.userId)).map((team) => team.id).sort()).toEqual([
        A,
        B,
      ]);
      expect((await runAdmin(sync.relay.dataDir, ['--help'])).stdout).toContain(
        'user remove-team <login> <teamId>',
      );
    },
  );
});
