import type { Role } from '../../../../src/protocol/auth.ts';
import type { TokenService } from '../../../../sync-server/src/auth/tokens.ts';
import type { RelayStore } from '../../../../sync-server/src/storage/contract.ts';

/**
 * Two teams and the people the sync tests need: Anna (case manager in team A, two devices), Bert (case
 * manager in team B), Carla (coordination in team A), Olaf (admin, in no team).
 */
export const WORLD = {
  teamA: 'team-a',
  teamB: 'team-b',
  anna: { userId: 'user-anna', deviceId: 'device-anna-1', role: 'case-manager' },
  annaSecond: { userId: 'user-anna', deviceId: 'device-anna-2', role: 'case-manager' },
  annaThird: { userId: 'user-anna', deviceId: 'device-anna-3', role: 'case-manager' },
  bert: { userId: 'user-bert', deviceId: 'device-bert-1', role: 'case-manager' },
  carla: { userId: 'user-carla', deviceId: 'device-carla-1', role: 'coordination' },
  olaf: { userId: 'user-olaf', deviceId: 'device-olaf-1', role: 'admin' },
} as const satisfies Record<string, string | { userId: string; deviceId: string; role: Role }>;

export type Person = { userId: string; deviceId: string; role: Role };

export async function seedWorld(store: RelayStore): Promise<void> {
  await store.createTeam({ id: WORLD.teamA, name: 'SC Bochum', kind: 'support-center' });
  await store.createTeam({ id: WORLD.teamB, name: 'Träger Nord', kind: 'provider-site' });
  const users = [
    { id: 'user-anna', login: 'anna', role: 'case-manager', team: WORLD.teamA },
    { id: 'user-bert', login: 'bert', role: 'case-manager', team: WORLD.teamB },
    { id: 'user-carla', login: 'carla', role: 'coordination', team: WORLD.teamA },
    { id: 'user-olaf', login: 'olaf', role: 'admin', team: undefined },
  ] as const;
  for (const user of users) {
    await store.createUser({
      id: user.id,
      login: user.login,
      displayName: user.login,
      role: user.role,
      passwordHash: 'scrypt$test',
      mustChangePassword: false,
    });
    if (user.team !== undefined) await store.addMembership(user.id, user.team);
  }
  for (const person of [WORLD.anna, WORLD.annaSecond, WORLD.annaThird, WORLD.bert, WORLD.carla, WORLD.olaf]) {
    await store.registerDevice({ id: person.deviceId, userId: person.userId, name: person.deviceId });
  }
}

export async function tokenFor(tokens: TokenService, person: Person, now?: number): Promise<string> {
  return (await tokens.issueAccess(person, now)).token;
}
