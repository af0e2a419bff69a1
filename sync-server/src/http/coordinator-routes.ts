import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ADMIN_PATHS,
  CoordinatorTeamParamsSchema,
  type Coordinator,
  type CoordinatorAnswer,
  type CoordinatorList,
} from '../../../src/protocol/admin.ts';
import { removeFromTeam } from '../auth/accounts.ts';
import type { Principal } from '../auth/principal.ts';
import type { RelayContext } from '../relay-context.ts';
import type { User } from '../storage/contract.ts';
import { sendError } from './errors.ts';
import { guard, refuse } from './guard.ts';

/**
 * Who coordinates which teams, for admins in Verwaltung (`/api/admin/coordinators`, shapes in
 * src/protocol/admin.ts; docs/architecture.md#roles-and-access): the coordination accounts with their teams,
 * and adding or removing one team. A removal is an access change like the CLI's `user remove-team`: it is
 * published, so the coordinator's open sockets that serve the team close at once. Every change is audited
 * as `coordination-changed`; asking again for what already holds changes nothing and records nothing.
 */
export function registerCoordinatorRoutes(http: FastifyInstance, context: RelayContext): void {
  const isAdmin = (principal: { role: string }) => principal.role === 'admin';

  const coordinatorOf = async (user: User): Promise<Coordinator> => ({
    userId: user.id,
    login: user.login,
    displayName: user.displayName,
    disabled: user.disabled,
    teams: (await context.store.teamsOf(user.id)).map((team) => ({ id: team.id, name: team.name })),
  });

  /** The admin, the coordinator and the team of a change request, or the refusal already sent. */
  const changeRequest = async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ admin: Principal; user: User; teamId: string } | undefined> => {
    const admin = await guard(context, request, reply, isAdmin);
    if (!admin) return undefined;
    const params = CoordinatorTeamParamsSchema.safeParse(request.params ?? {});
    if (!params.success) {
      refuse(context, request, reply, 'bad-request', 'Give a user id and a team id.', admin);
      return undefined;
    }
    const user = await context.store.userById(params.data.userId);
    if (!user || user.role !== 'coordination') {
      sendError(reply, 'not-found', `No coordination account with the id ${params.data.userId}.`);
      return undefined;
    }
    const team = (await context.store.listTeams()).find((candidate) => candidate.id === params.data.teamId);
    if (!team) {
      sendError(reply, 'not-found', `No team with the id ${params.data.teamId}.`);
      return undefined;
    }
    return { admin, user, teamId: team.id };
  };

  const audited = (
    request: FastifyRequest,
    change: { admin: Principal; user: User; teamId: string },
    action: 'team-added' | 'team-removed',
  ) =>
    context.audit.record({
      kind: 'coordination-changed',
      userId: change.user.id,
      login: change.user.login,
      teamId: change.teamId,
      address: request.ip,
      detail: { action, by: change.admin.userId, byLogin: change.admin.login },
    });

  http.get(ADMIN_PATHS.coordinators, async (request, reply) => {
    const admin = await guard(context, request, reply, isAdmin);
    if (!admin) return reply;
    const users = (await context.store.listUsers()).filter((user) => user.role === 'coordination');
    const body: CoordinatorList = {
      coordinators: await Promise.all(
        users
          .sort((a, b) => a.displayName.localeCompare(b.displayName, 'de'))
          .map((user) => coordinatorOf(user)),
      ),
      teams: (await context.store.listTeams()).map((team) => ({ id: team.id, name: team.name })),
    };
    return reply.header('cache-control', 'no-store').send(body);
  });

  http.post(ADMIN_PATHS.coordinatorTeamAdd, async (request, reply) => {
    const change = await changeRequest(request, reply);
    if (!change) return reply;
    const teams = await context.store.teamsOf(change.user.id);
    if (!teams.some((team) => team.id === change.teamId)) {
      await context.store.addMembership(change.user.id, change.teamId);
      audited(request, change, 'team-added');
    }
    const body: CoordinatorAnswer = { coordinator: await coordinatorOf(change.user) };
    return reply.send(body);
  });

  http.post(ADMIN_PATHS.coordinatorTeamRemove, async (request, reply) => {
    const change = await changeRequest(request, reply);
    if (!change) return reply;
    // Published as an access change: the coordinator's sockets serving the team close with `not-in-team`.
    if (await removeFromTeam(context.store, change.user.id, change.teamId, context.access)) {
      audited(request, change, 'team-removed');
    }
    const body: CoordinatorAnswer = { coordinator: await coordinatorOf(change.user) };
    return reply.send(body);
  });
}
