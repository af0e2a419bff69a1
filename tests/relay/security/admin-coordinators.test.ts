import { describe, expect, it } from 'vitest';
import {
  ADMIN_PATHS,
  CoordinatorAnswerSchema,
  CoordinatorListSchema,
  coordinatorTeamPath,
} from '../../../src/protocol/admin.ts';
import { REPORT_PATHS } from '../../../src/protocol/reports.ts';
import type { AccessChange } from '../../../sync-server/src/auth/access-events.ts';
import { request, TEAM_A, TEAM_B, useSecurityRelay } from './support.ts';

const sec = useSecurityRelay();

describe('admins manage who coordinates which teams', () => {
  it('lists the coordination accounts with their teams, adds a team and removes one, audited', async () => {
    const admin = await sec.login('ada');
    const listed = await request(sec.relay, 'GET', ADMIN_PATHS.coordinators, { token: admin.accessToken });
    expect(listed.status).toBe(200);
    const list = CoordinatorListSchema.parse(listed.body);
    const carla = list.coordinators.find((coordinator) => coordinator.login === 'carla');
    expect(list.coordinators.map((coordinator) => coordinator.login)).toEqual(['carla']);
    expect(carla?.teams.map((team) => team.id)).toEqual([TEAM_A]);
    expect(list.teams.map((team) => team.id).sort()).toEqual([TEAM_A, TEAM_B].sort());

    const added = await request(sec.relay, 'POST', coordinatorTeamPath('add', carla!.userId, TEAM_B), {
      token: admin.accessToken,
    });
    expect(added.status).toBe(200);
    expect(
      CoordinatorAnswerSchema.parse(added.body)
        .coordinator.teams.map((team) => team.id)
        .sort(),
    ).toEqual([TEAM_A, TEAM_B].sort());
    // Adding again changes nothing and records nothing.
    await request(sec.relay, 'POST', coordinatorTeamPath('add', carla!.userId, TEAM_B), {
      token: admin.accessToken,
    });

    const published: AccessChange[] = [];
    const unsubscribe = sec.relay.access.subscribe((change) => published.push(change));
    const removed = await request(sec.relay, 'POST', coordinatorTeamPath('remove', carla!.userId, TEAM_A), {
      token: admin.accessToken,
    });
    unsubscribe();
    expect(removed.status).toBe(200);
    expect(CoordinatorAnswerSchema.parse(removed.body).coordinator.teams.map((team) => team.id)).toEqual([
      TEAM_B,
    ]);
    // An access change like the CLI's: every socket that serves the team closes.
    expect(published).toEqual([{ kind: 'membership-removed', userId: carla!.userId, teamId: TEAM_A }]);

    // Carla's own requests follow at once.
    const session = await sec.login('carla');
    const report = await request(sec.relay, 'GET', `${REPORT_PATHS.report}?teams=${TEAM_A}&period=2026-Q1`, {
      token: session.accessToken,
    });
    expect(report.status).toBe(403);
    expect(report.body).toMatchObject({ error: 'not-in-team' });

    const events = await sec.audit({ kind: 'coordination-changed' });
    expect(
      events
        .map((event) => [event.userId, event.teamId, event.detail.action, event.detail.byLogin])
        .reverse(),
    ).toEqual([
      [carla!.userId, TEAM_B, 'team-added', 'ada'],
      [carla!.userId, TEAM_A, 'team-removed', 'ada'],
    ]);
  });

  it('refuses other roles, and names an unknown coordinator or team', async () => {
    const admin = await sec.login('ada');
    const carla = await sec.login('carla');
    const anna = await sec.login('anna');
    for (const session of [carla, anna]) {
      const listed = await request(sec.relay, 'GET', ADMIN_PATHS.coordinators, {
        token: session.accessToken,
      });
      expect(listed.status).toBe(403);
      const changed = await request(sec.relay, 'POST', coordinatorTeamPath('add', carla.user.id, TEAM_B), {
        token: session.accessToken,
      });
      expect(changed.status).toBe(403);
    }
    const cases: [string, string, RegExp][] = [
      ['nobody', TEAM_A, /No coordination account with the id nobody/],
      [anna.user.id, TEAM_A, /No coordination account/],
      [carla.user.id, 'no-such-team', /No team with the id no-such-team/],
    ];
    for (const [userId, teamId, message] of cases) {
      const answer = await request(sec.relay, 'POST', coordinatorTeamPath('add', userId, teamId), {
        token: admin.accessToken,
      });
      expect(answer.status, `${userId} ${teamId}`).toBe(404);
      expect((answer.body as { message: string }).message).toMatch(message);
    }
    expect(await sec.audit({ kind: 'coordination-changed' })).toEqual([]);
  });
});
