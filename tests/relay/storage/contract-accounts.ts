import { describe, expect, it } from 'vitest';
import type { NewUser, Role, TeamKind } from '../../../sync-server/src/storage/contract.ts';
import { expectStoreError } from './fixtures.ts';
import type { StoreSlot } from './store-contract.ts';

const newUser = (id: string, login: string, role: Role = 'case-manager'): NewUser => ({
  id,
  login,
  displayName: `Person ${id}`,
  role,
  passwordHash: `scrypt$${id}`,
  mustChangePassword: true,
});

export function describeAccountsContract(engine: string, slot: StoreSlot): void {
  describe(`${engine} store: teams`, () => {
    it('creates teams and lists them by name', async () => {
      const store = slot.current;
      expect(await store.listTeams()).toEqual([]);
      const created = await store.createTeam({ id: 't-2', name: 'Träger Süd', kind: 'provider-site' });
      expect(created).toMatchObject({ id: 't-2', name: 'Träger Süd', kind: 'provider-site' });
      expect(typeof created.createdAt).toBe('number');
      await store.createTeam({ id: 't-1', name: 'SC Essen', kind: 'support-center' });
      expect((await store.listTeams()).map((team) => team.id)).toEqual(['t-1', 't-2']);
    });

    it('refuses a taken team id and an unknown kind', async () => {
      const store = slot.current;
      await store.createTeam({ id: 't-1', name: 'SC Essen', kind: 'support-center' });
      await expectStoreError(
        store.createTeam({ id: 't-1', name: 'Again', kind: 'support-center' }),
        'conflict',
      );
      const kind = 'club' as TeamKind;
      await expectStoreError(store.createTeam({ id: 't-3', name: 'Club', kind }), 'invalid-input');
      expect((await store.listTeams()).map((team) => team.name)).toEqual(['SC Essen']);
    });
  });

  describe(`${engine} store: users`, () => {
    it('counts, creates, finds and lists users', async () => {
      const store = slot.current;
      expect(await store.countUsers()).toBe(0);
      const admin = await store.createUser(newUser('u-admin', 'admin', 'admin'));
      expect(admin).toMatchObject({ ...newUser('u-admin', 'admin', 'admin'), disabled: false });
      await store.createUser(newUser('u-anna', 'anna', 'coordination'));
      expect(await store.countUsers()).toBe(2);
      expect(await store.userByLogin('anna')).toMatchObject({ id: 'u-anna', role: 'coordination' });
      expect(await store.userById('u-admin')).toEqual(admin);
      expect(await store.userByLogin('nobody')).toBeUndefined();
      expect(await store.userById('u-nobody')).toBeUndefined();
      expect((await store.listUsers()).map((user) => user.login)).toEqual(['admin', 'anna']);
    });

    it('refuses a taken id, a taken login and an unknown role', async () => {
      const store = slot.current;
      await store.createUser(newUser('u-1', 'anna'));
      await expectStoreError(store.createUser(newUser('u-1', 'berta')), 'conflict');
      await expectStoreError(store.createUser(newUser('u-2', 'anna')), 'conflict');
      await expectStoreError(store.createUser(newUser('u-3', 'cem', 'boss' as Role)), 'invalid-input');
      expect(await store.countUsers()).toBe(1);
    });

    it('disables and re-enables a user, keeping everything else', async () => {
      const store = slot.current;
      const before = await store.createUser(newUser('u-1', 'anna'));
      await store.setUserDisabled('u-1', true);
      expect(await store.userById('u-1')).toEqual({ ...before, disabled: true });
      await store.setUserDisabled('u-1', false);
      expect(await store.userById('u-1')).toEqual(before);
      await expectStoreError(store.setUserDisabled('u-nobody', true), 'not-found');
    });

    it('replaces a password hash and its must-change flag', async () => {
      const store = slot.current;
      await store.createUser(newUser('u-1', 'anna'));
      await store.setPassword('u-1', 'argon2$new', false);
      expect(await store.userById('u-1')).toMatchObject({
        passwordHash: 'argon2$new',
        mustChangePassword: false,
      });
      await expectStoreError(store.setPassword('u-nobody', 'x', false), 'not-found');
    });

    it('adds memberships idempotently and lists a user’s teams by name', async () => {
      const store = slot.current;
      await store.createUser(newUser('u-1', 'anna'));
      await store.createTeam({ id: 't-b', name: 'B-Stadt', kind: 'provider-site' });
      await store.createTeam({ id: 't-a', name: 'A-Stadt', kind: 'support-center' });
      await store.createTeam({ id: 't-c', name: 'C-Stadt', kind: 'support-center' });
      await store.addMembership('u-1', 't-b');
      await store.addMembership('u-1', 't-a');
      await store.addMembership('u-1', 't-a');
      expect((await store.teamsOf('u-1')).map((team) => team.id)).toEqual(['t-a', 't-b']);
      expect(await store.teamsOf('u-nobody')).toEqual([]);
      await expectStoreError(store.addMembership('u-nobody', 't-a'), 'not-found');
      await expectStoreError(store.addMembership('u-1', 't-nowhere'), 'not-found');
    });

    it('lists a team’s members by display name, disabled ones included, and nobody of other teams', async () => {
      const store = slot.current;
      await store.createTeam({ id: 't-a', name: 'A-Stadt', kind: 'support-center' });
      await store.createTeam({ id: 't-b', name: 'B-Stadt', kind: 'provider-site' });
      await store.createUser({ ...newUser('u-1', 'zora'), displayName: 'Zora Zell' });
      await store.createUser({ ...newUser('u-2', 'anna'), displayName: 'Anna Albers' });
      await store.createUser({ ...newUser('u-3', 'bert'), displayName: 'Bert Brandt' });
      await store.addMembership('u-1', 't-a');
      await store.addMembership('u-2', 't-a');
      await store.addMembership('u-3', 't-b');
      await store.setUserDisabled('u-1', true);
      const members = await store.membersOf('t-a');
      expect(members.map((user) => [user.id, user.displayName, user.disabled])).toEqual([
        ['u-2', 'Anna Albers', false],
        ['u-1', 'Zora Zell', true],
      ]);
      expect(await store.membersOf('t-nowhere')).toEqual([]);
    });

    it('removes a membership once and keeps the others', async () => {
      const store = slot.current;
      await store.createUser(newUser('u-1', 'anna'));
      await store.createTeam({ id: 't-a', name: 'A-Stadt', kind: 'support-center' });
      await store.createTeam({ id: 't-b', name: 'B-Stadt', kind: 'provider-site' });
      await store.addMembership('u-1', 't-a');
      await store.addMembership('u-1', 't-b');
      expect(await store.removeMembership('u-1', 't-a')).toBe(true);
      expect(await store.removeMembership('u-1', 't-a')).toBe(false);
      expect(await store.removeMembership('u-nobody', 't-b')).toBe(false);
      expect((await store.teamsOf('u-1')).map((team) => team.id)).toEqual(['t-b']);
    });
  });

  describe(`${engine} store: devices`, () => {
    it('registers, finds, lists and revokes devices; the first revocation time stays', async () => {
      const store = slot.current;
      await store.createUser(newUser('u-1', 'anna'));
      const tablet = await store.registerDevice({ id: 'd-1', userId: 'u-1', name: 'Tablet' });
      expect(tablet).toMatchObject({ id: 'd-1', userId: 'u-1', name: 'Tablet', revokedAt: null });
      await store.registerDevice({ id: 'd-2', userId: 'u-1', name: 'Laptop' });
      expect((await store.devicesOf('u-1')).map((device) => device.id).sort()).toEqual(['d-1', 'd-2']);
      expect(await store.devicesOf('u-nobody')).toEqual([]);
      await store.revokeDevice('d-1', 1_000);
      await store.revokeDevice('d-1', 2_000);
      expect(await store.deviceById('d-1')).toEqual({ ...tablet, revokedAt: 1_000 });
      expect((await store.deviceById('d-2'))?.revokedAt).toBeNull();
      expect(await store.deviceById('d-nobody')).toBeUndefined();
    });

    it('refuses an unknown user, a taken id and revoking an unknown device', async () => {
      const store = slot.current;
      await store.createUser(newUser('u-1', 'anna'));
      await store.registerDevice({ id: 'd-1', userId: 'u-1', name: 'Tablet' });
      await expectStoreError(store.registerDevice({ id: 'd-2', userId: 'u-nobody', name: 'X' }), 'not-found');
      await expectStoreError(store.registerDevice({ id: 'd-1', userId: 'u-1', name: 'Again' }), 'conflict');
      await expectStoreError(store.revokeDevice('d-nobody', 1), 'not-found');
    });
  });

  describe(`${engine} store: refresh tokens`, () => {
    async function withDevices() {
      const store = slot.current;
      await store.createUser(newUser('u-1', 'anna'));
      await store.registerDevice({ id: 'd-1', userId: 'u-1', name: 'Tablet' });
      await store.registerDevice({ id: 'd-2', userId: 'u-1', name: 'Laptop' });
      const token = (hash: string, deviceId: string, familyId: string) =>
        store.storeRefreshToken({ hash, deviceId, userId: 'u-1', familyId, expiresAt: 9_000 });
      return { store, token };
    }

    it('stores only what it is given and finds a token by its hash', async () => {
      const { store, token } = await withDevices();
      const stored = await token('hash-1', 'd-1', 'fam-1');
      expect(stored).toMatchObject({ hash: 'hash-1', deviceId: 'd-1', familyId: 'fam-1', expiresAt: 9_000 });
      expect(stored).toMatchObject({ usedAt: null, revokedAt: null });
      expect(await store.refreshTokenByHash('hash-1')).toEqual(stored);
      expect(await store.refreshTokenByHash('hash-nobody')).toBeUndefined();
      await expectStoreError(token('hash-1', 'd-1', 'fam-1'), 'conflict');
      await expectStoreError(token('hash-2', 'd-nobody', 'fam-1'), 'not-found');
    });

    it('marks a token used exactly once, also when two refreshes race', async () => {
      const { store, token } = await withDevices();
      await token('hash-1', 'd-1', 'fam-1');
      const results = await Promise.all([
        store.markRefreshTokenUsed('hash-1', 100),
        store.markRefreshTokenUsed('hash-1', 200),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.markRefreshTokenUsed('hash-1', 300)).toBe(false);
      expect((await store.refreshTokenByHash('hash-1'))?.usedAt).toBe(results[0] ? 100 : 200);
      await expectStoreError(store.markRefreshTokenUsed('hash-nobody', 1), 'not-found');
    });

    it('grants one retry of an exchange while its successor is unseen, and spends the successor', async () => {
      const { store, token } = await withDevices();
      await token('hash-1', 'd-1', 'fam-1');
      await token('hash-2', 'd-1', 'fam-1');
      expect(await store.claimRefreshRetry('hash-1', 0, 50)).toBe(false); // not used yet
      expect(await store.markRefreshTokenUsed('hash-1', 100, 'hash-2')).toBe(true);
      expect((await store.refreshTokenByHash('hash-1'))?.replacedBy).toBe('hash-2');
      expect(await store.claimRefreshRetry('hash-1', 101, 150)).toBe(false); // used before the window
      const racing = await Promise.all([
        store.claimRefreshRetry('hash-1', 100, 200),
        store.claimRefreshRetry('hash-1', 100, 201),
      ]);
      expect(racing.filter(Boolean)).toHaveLength(1);
      expect(await store.refreshTokenByHash('hash-1')).toMatchObject({ retriedAt: expect.any(Number) });
      expect((await store.refreshTokenByHash('hash-2'))?.usedAt).toEqual(expect.any(Number));
      expect(await store.claimRefreshRetry('hash-nobody', 0, 300)).toBe(false);
    });

    it('grants no retry once the successor was used', async () => {
      const { store, token } = await withDevices();
      await token('hash-1', 'd-1', 'fam-1');
      await token('hash-2', 'd-1', 'fam-1');
      await store.markRefreshTokenUsed('hash-1', 100, 'hash-2');
      await store.markRefreshTokenUsed('hash-2', 110);
      expect(await store.claimRefreshRetry('hash-1', 100, 120)).toBe(false);
    });

    it('revokes a whole family, and only that family', async () => {
      const { store, token } = await withDevices();
      await token('hash-1', 'd-1', 'fam-1');
      await token('hash-2', 'd-1', 'fam-1');
      await token('hash-3', 'd-1', 'fam-2');
      expect(await store.revokeRefreshFamily('fam-1')).toBe(2);
      expect(await store.revokeRefreshFamily('fam-1')).toBe(0);
      expect((await store.refreshTokenByHash('hash-1'))?.revokedAt).toEqual(expect.any(Number));
      expect((await store.refreshTokenByHash('hash-2'))?.revokedAt).toEqual(expect.any(Number));
      expect((await store.refreshTokenByHash('hash-3'))?.revokedAt).toBeNull();
    });

    it('revokes every token of a device, and only of that device', async () => {
      const { store, token } = await withDevices();
      await token('hash-1', 'd-1', 'fam-1');
      await token('hash-2', 'd-1', 'fam-2');
      await token('hash-3', 'd-2', 'fam-3');
      expect(await store.revokeRefreshTokensOfDevice('d-1')).toBe(2);
      expect(await store.revokeRefreshTokensOfDevice('d-1')).toBe(0);
      expect((await store.refreshTokenByHash('hash-2'))?.revokedAt).toEqual(expect.any(Number));
      expect((await store.refreshTokenByHash('hash-3'))?.revokedAt).toBeNull();
    });
  });

  describe(`${engine} store: closing`, () => {
    it('closes idempotently and then refuses every call with "closed"', async () => {
      const store = await slot.fresh();
      await store.createTeam({ id: 't-1', name: 'SC Essen', kind: 'support-center' });
      await store.close();
      await store.close();
      await expectStoreError(store.listTeams(), 'closed');
      await expectStoreError(store.latestSeq('t-1'), 'closed');
    });
  });
}
