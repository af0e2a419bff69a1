import { describe, expect, it } from 'vitest';
import { TEAM_MEMBER_PATHS, TeamMembersAnswerSchema } from '../../../src/protocol/team-members.ts';
import { createAccount } from '../../../sync-server/src/auth/accounts.ts';
import { CHEAP_HASH } from '../auth/support.ts';
import { request, TEAM_A, TEAM_B, useSecurityRelay } from './support.ts';

/** Who may learn the names of whom: only the members of one's own teams, and never without a token. */
const sec = useSecurityRelay();

async function members(token: string) {
  const answer = await request(sec.relay, 'GET', TEAM_MEMBER_PATHS.members, { token });
  expect(answer.status).toBe(200);
  return TeamMembersAnswerSchema.parse(answer.body);
}

describe('GET /api/team-members', () => {
  it("names the members of the caller's own team with role and whether they are active, nobody else", async () => {
    const dora = await createAccount(sec.relay.store, {
      login: 'dora',
      displayName: 'Dora Demir',
      role: 'case-manager',
      teamIds: [TEAM_A],
      password: 'dora-password-123',
      mustChangePassword: false,
      hashParams: CHEAP_HASH,
    });
    await sec.relay.store.setUserDisabled(dora.id, true);
    const anna = await sec.login('anna');
    const answer = await members(anna.accessToken);
    expect(answer.teams.map((team) => team.id)).toEqual([TEAM_A]);
    const team = answer.teams[0]!;
    expect(team.members.map((member) => [member.displayName, member.role, member.active])).toEqual([
      ['Dora Demir', 'case-manager', false],
      ['Person anna', 'case-manager', true],
      ['Person carla', 'coordination', true],
    ]);
    expect(team.members.find((member) => member.displayName === 'Person anna')?.id).toBe(anna.user.id);
    // Team B's case manager and the admin of no team are not in it; nor are logins.
    expect(JSON.stringify(answer)).not.toContain('bert');
    expect(JSON.stringify(answer)).not.toContain('ada');
    expect(JSON.stringify(answer)).not.toContain('"login"');
  });

  it('answers the other team only to its members, and no team to an admin of none', async () => {
    const bert = await sec.login('bert');
    const answer = await members(bert.accessToken);
    expect(answer.teams.map((team) => team.id)).toEqual([TEAM_B]);
    expect(answer.teams[0]!.members.map((member) => member.displayName)).toEqual(['Person bert']);
    const ada = await sec.login('ada');
    expect((await members(ada.accessToken)).teams).toEqual([]);
  });

  it('follows a removed membership at once', async () => {
    const anna = await sec.login('anna');
    await sec.relay.store.removeMembership(anna.user.id, TEAM_A);
    expect((await members(anna.accessToken)).teams).toEqual([]);
  });

  it('refuses a request without a valid token, audited', async () => {
    const none = await request(sec.relay, 'GET', TEAM_MEMBER_PATHS.members);
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ error: 'unauthenticated' });
    const forged = await request(sec.relay, 'GET', TEAM_MEMBER_PATHS.members, { token: 'not-a-token' });
    expect(forged.status).toBe(401);
    const refused = await sec.audit({ kind: 'access-refused' });
    expect(refused.some((event) => event.detail.endpoint === TEAM_MEMBER_PATHS.members)).toBe(true);
  });
});
