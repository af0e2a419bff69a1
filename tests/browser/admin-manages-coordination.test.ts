import { describe, expect, it } from 'vitest';
import { ADMIN, COORDINATOR, TEAM } from './support/accounts.ts';
import { axeViolations, logIn, useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium({ logIn: false });
const HERNE = { id: 'sc-herne', name: 'Support-Center Herne', kind: 'support-center' } as const;

async function teamsOfCoordinator(): Promise<string[]> {
  const user = (await env.relay.store.listUsers()).find((candidate) => candidate.login === COORDINATOR.login);
  return (await env.relay.store.teamsOf(user!.id)).map((team) => team.id).sort();
}

describe('Verwaltung: who coordinates which teams', () => {
  it('adds a team to a coordinator and removes another, as the relay then holds it', async () => {
    await env.relay.store.createTeam(HERNE);
    await logIn(env.login, ADMIN, '/verwaltung');
    const panel = env.page.getByRole('region', { name: 'Koordination', exact: true });
    const person = panel.getByRole('listitem').filter({
      has: env.page.getByRole('heading', { name: new RegExp(COORDINATOR.displayName) }),
    });
    const removeButton = (team: { name: string }) =>
      person.getByRole('button', {
        name: `${team.name} aus den Teams von ${COORDINATOR.displayName} entfernen`,
      });
    await removeButton(TEAM).waitFor();
    expect(await teamsOfCoordinator()).toEqual([TEAM.id]);

    // Adding without choosing a team says so at the field and asks nothing.
    await person.getByRole('button', { name: 'Hinzufügen' }).click();
    await person.getByText('Bitte wählen Sie ein Team.').waitFor();

    await person
      .getByLabel(`Team für ${COORDINATOR.displayName} hinzufügen`)
      .selectOption({ label: HERNE.name });
    await person.getByRole('button', { name: 'Hinzufügen' }).click();
    await removeButton(HERNE).waitFor();
    await expect.poll(teamsOfCoordinator).toEqual([TEAM.id, HERNE.id].sort());
    expect(await person.getByText('Betreut schon alle Teams.').count()).toBe(1);
    expect(await axeViolations(env.page)).toEqual([]);

    await removeButton(TEAM).click();
    await expect.poll(teamsOfCoordinator).toEqual([HERNE.id]);
    await expect.poll(() => removeButton(TEAM).count()).toBe(0);
    expect(await panel.getByRole('status').textContent()).toBe(
      `${COORDINATOR.displayName} betreut ${TEAM.name} nicht mehr.`,
    );

    // The audit log names the change.
    await env.relay.audit.flush();
    const audit = (await env.relay.store.listAudit({ kind: 'coordination-changed', limit: 10 })).events;
    expect(audit.map((event) => [event.teamId, event.detail.action])).toEqual([
      [TEAM.id, 'team-removed'],
      [HERNE.id, 'team-added'],
    ]);
  });
});
