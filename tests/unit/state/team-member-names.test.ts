import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TeamMembersAnswer } from '../../../src/protocol/team-members.ts';
import type { ApiResult } from '../../../src/state/admin-api.ts';
import { openDeviceStore, type DeviceStore } from '../../../src/state/device-store.ts';
import { locale } from '../../../src/state/locale.svelte.ts';
import { mergeTeamMembers, teamMembers } from '../../../src/state/team-members.svelte.ts';
import { vaultCodec, createVault } from '../../../src/storage/vault.ts';

let store: DeviceStore;
let counter = 0;

const ANSWER: TeamMembersAnswer = {
  teams: [
    {
      id: 'team-1',
      members: [
        { id: 'u-anna', displayName: 'Anna Albers', role: 'case-manager', active: true },
        { id: 'u-zora', displayName: 'Zora Zell', role: 'case-manager', active: false },
        { id: 'u-ben', displayName: 'Ben Brandt', role: 'case-manager', active: true },
      ],
    },
  ],
};

/** A source answering `answers` in turn, counting the calls. */
function source(...answers: ApiResult<TeamMembersAnswer>[]) {
  const calls = { count: 0 };
  const next = async () => {
    const answer = answers[Math.min(calls.count, answers.length - 1)]!;
    calls.count += 1;
    return answer;
  };
  return Object.assign(next, { calls });
}

beforeEach(async () => {
  const { key } = await createVault('271828', { iterations: 1000 });
  store = await openDeviceStore({
    server: `https://members-${++counter}.test`,
    user: { id: 'u-anna', teamId: 'team-1' },
    codec: vaultCodec(key, { keyId: 1 }),
  });
});

afterEach(async () => {
  teamMembers.reset();
  locale.reset();
  await store.db.delete();
});

describe('team member names on a device', () => {
  it('names nobody before anything is known, with a neutral text naming the id', () => {
    expect(teamMembers.nameOf('u-ben')).toBe('Unbekannt (u-ben)');
    expect(teamMembers.nameOf('0f9c2d1e-7a41-4c55-9e1b-2f0d6c1a9b77')).toBe('Unbekannt (0f9c2d1e…)');
    locale.set('en');
    expect(teamMembers.nameOf('u-ben')).toBe('Unknown (u-ben)');
  });

  it('shows an author recorded by name as that name', async () => {
    expect(teamMembers.nameOf('Zora Zell')).toBe('Zora Zell');
    await teamMembers.init(store, { source: source({ ok: true, value: ANSWER }) });
    await teamMembers.refresh();
    expect(teamMembers.nameOf('u-zora')).toBe('Zora Zell');
  });

  it("shows the relay's answer, lists a team active members first, and keeps it sealed for offline starts", async () => {
    await teamMembers.init(store, { source: source({ ok: true, value: ANSWER }) });
    await teamMembers.refresh();
    expect(teamMembers.nameOf('u-ben')).toBe('Ben Brandt');
    expect(teamMembers.members('team-1').map((member) => [member.displayName, member.active])).toEqual([
      ['Anna Albers', true],
      ['Ben Brandt', true],
      ['Zora Zell', false],
    ]);
    expect(teamMembers.members('team-other')).toEqual([]);
    // Stored sealed: the name is nowhere in the clear.
    const row = await store.db.meta.get('team-members');
    expect(new TextDecoder().decode((row?.value as { data: Uint8Array }).data)).not.toContain('Ben Brandt');

    // A restart without the relay (offline) finds the names on the device.
    teamMembers.reset();
    const offline = source({ ok: false, error: 'network' });
    await teamMembers.init(store, { source: offline });
    await teamMembers.refresh({ force: true });
    expect(offline.calls.count).toBeGreaterThan(0);
    expect(teamMembers.nameOf('u-ben')).toBe('Ben Brandt');
  });

  it('keeps the name of someone who left the team, marked inactive', async () => {
    const left: TeamMembersAnswer = {
      teams: [{ id: 'team-1', members: ANSWER.teams[0]!.members.filter((member) => member.id !== 'u-ben') }],
    };
    await teamMembers.init(store, { source: source({ ok: true, value: ANSWER }, { ok: true, value: left }) });
    await teamMembers.refresh();
    await teamMembers.refresh({ force: true });
    expect(teamMembers.nameOf('u-ben')).toBe('Ben Brandt');
    expect(teamMembers.member('u-ben')?.active).toBe(false);
  });

  it('drops an unreadable stored record instead of failing, and asks the relay again', async () => {
    await store.db.meta.put({ key: 'team-members', value: { data: new Uint8Array([2, 0, 0, 0, 1, 9, 9]) } });
    const answer = source({ ok: true, value: ANSWER });
    await teamMembers.init(store, { source: answer });
    await teamMembers.refresh();
    expect(answer.calls.count).toBe(1);
    expect(teamMembers.nameOf('u-anna')).toBe('Anna Albers');
  });

  it('does not ask the relay again within a minute unless told to', async () => {
    const answer = source({ ok: true, value: ANSWER });
    await teamMembers.init(store, { source: answer });
    await teamMembers.refresh();
    await teamMembers.refresh();
    expect(answer.calls.count).toBe(1);
  });
});

describe('merging a fresh answer', () => {
  it('drops teams the person left', () => {
    expect(mergeTeamMembers(ANSWER.teams, [])).toEqual([]);
  });
});
