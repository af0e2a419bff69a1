import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DueQuerySchema,
  LIFECYCLE_PATHS,
  LifecycleCaseParamsSchema,
  ReasonBodySchema,
  type AccessAnswer,
  type DueAnswer,
  type PendingAnswer,
  type ErasedAnswer,
} from '../../../src/protocol/lifecycle.ts';
import type { Principal } from '../auth/principal.ts';
import { LifecycleRefusal, type Actor, type Lifecycle } from '../lifecycle/lifecycle.ts';
import type { RelayContext } from '../relay-context.ts';
import { clientDocId } from '../sync/doc-key.ts';
import { sendError } from './errors.ts';
import { guard, refuse } from './guard.ts';

const personOf = (principal: Principal): Actor => ({
  kind: 'person',
  userId: principal.userId,
  login: principal.login,
  role: principal.role,
  teamIds: principal.teamIds,
});

/**
 * The data lifecycle API (src/protocol/lifecycle.ts; docs/architecture.md#data-lifecycle). Who may do what
 * is decided by the rules in ../lifecycle/lifecycle.ts; every step is audited there, every refusal here.
 */
export function registerLifecycleRoutes(
  http: FastifyInstance,
  context: RelayContext,
  lifecycle: Lifecycle,
): void {
  /** The principal and the case a case route names, or the refusal already sent. */
  const caseRequest = async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = await guard(context, request, reply, () => true);
    if (!principal) return undefined;
    const params = LifecycleCaseParamsSchema.safeParse(request.params ?? {});
    if (!params.success) {
      refuse(context, request, reply, 'bad-request', 'Give a team id and a doc id.', principal);
      return undefined;
    }
    return { principal, actor: personOf(principal), ...params.data };
  };

  const answerRefusal = (
    request: FastifyRequest,
    reply: FastifyReply,
    principal: Principal,
    error: unknown,
  ): FastifyReply => {
    if (!(error instanceof LifecycleRefusal)) throw error;
    if (error.code === 'forbidden')
      return refuse(context, request, reply, 'forbidden', error.message, principal);
    return sendError(reply, error.code, error.message);
  };

  http.get(LIFECYCLE_PATHS.due, async (request, reply) => {
    const principal = await guard(
      context,
      request,
      reply,
      (who) => who.role === 'admin' || who.role === 'coordination',
    );
    if (!principal) return reply;
    const query = DueQuerySchema.safeParse(request.query ?? {});
    if (!query.success)
      return sendError(reply, 'bad-request', 'within must be a number of days from 0 to 366.');
    const admin = principal.role === 'admin';
    const teamIds = admin
      ? (await context.store.listTeams()).map((team) => team.id)
      : [...principal.teamIds].sort();
    const due = await lifecycle.due(teamIds, query.data.within);
    const body: DueAnswer = {
      within: query.data.within,
      teams: teamIds.map((teamId) => {
        const ofTeam = due.filter((entry) => entry.teamId === teamId);
        return { teamId, due: ofTeam.length, held: ofTeam.filter((entry) => entry.held).length };
      }),
      // Coordination sees no case, not even its id: counts are what it plans with.
      ...(admin ? { cases: due } : {}),
    };
    return reply.header('cache-control', 'no-store').send(body);
  });

  http.get(LIFECYCLE_PATHS.pending, async (request, reply) => {
    const principal = await guard(
      context,
      request,
      reply,
      (who) => who.role === 'admin' || who.role === 'coordination',
    );
    if (!principal) return reply;
    const teamIds =
      principal.role === 'admin'
        ? (await context.store.listTeams()).map((team) => team.id)
        : [...principal.teamIds].sort();
    const body: PendingAnswer = await lifecycle.pending(teamIds);
    return reply.header('cache-control', 'no-store').send(body);
  });

  http.get(LIFECYCLE_PATHS.access, async (request, reply) => {
    const asked = await caseRequest(request, reply);
    if (!asked) return reply;
    try {
      const body: AccessAnswer = await lifecycle.accessList(asked.actor, asked.teamId, asked.docId);
      return reply.header('cache-control', 'no-store').send(body);
    } catch (error) {
      return answerRefusal(request, reply, asked.principal, error);
    }
  });

  http.get(LIFECYCLE_PATHS.status, async (request, reply) => {
    const asked = await caseRequest(request, reply);
    if (!asked) return reply;
    if (asked.principal.role !== 'case-manager' || !asked.principal.teamIds.has(asked.teamId)) {
      return refuse(
        context,
        request,
        reply,
        'forbidden',
        'Only the case managers of the team see this.',
        asked.principal,
      );
    }
    try {
      return reply
        .header('cache-control', 'no-store')
        .send(await lifecycle.caseStatus(asked.teamId, asked.docId));
    } catch (error) {
      return answerRefusal(request, reply, asked.principal, error);
    }
  });

  /** A step on a case that needs a reason (a Löschsperre, an erasure request): 204 once it is recorded. */
  const withReason = (
    path: string,
    refusal: string,
    act: (asked: NonNullable<Awaited<ReturnType<typeof caseRequest>>>, reason: string) => Promise<unknown>,
  ) =>
    http.post(path, async (request, reply) => {
      const asked = await caseRequest(request, reply);
      if (!asked) return reply;
      const body = ReasonBodySchema.safeParse(request.body ?? {});
      if (!body.success) return sendError(reply, 'bad-request', refusal);
      try {
        await act(asked, body.data.reason);
        return reply.code(204).send();
      } catch (error) {
        return answerRefusal(request, reply, asked.principal, error);
      }
    });

  withReason(LIFECYCLE_PATHS.hold, 'A Löschsperre needs a reason of 1–500 characters.', (asked, reason) =>
    lifecycle.setHold(asked.actor, asked.teamId, asked.docId, reason),
  );

  http.post(LIFECYCLE_PATHS.liftHold, async (request, reply) => {
    const asked = await caseRequest(request, reply);
    if (!asked) return reply;
    try {
      const lifted = await lifecycle.liftHold(asked.actor, asked.teamId, asked.docId);
      return lifted ? reply.code(204).send() : sendError(reply, 'not-found', 'The case has no Löschsperre.');
    } catch (error) {
      return answerRefusal(request, reply, asked.principal, error);
    }
  });

  withReason(LIFECYCLE_PATHS.request, 'A request needs a reason of 1–500 characters.', (asked, reason) =>
    lifecycle.requestErasure(asked.actor, asked.teamId, asked.docId, reason),
  );

  http.post(LIFECYCLE_PATHS.confirm, async (request, reply) => {
    const asked = await caseRequest(request, reply);
    if (!asked) return reply;
    try {
      const record = await lifecycle.confirmErasure(asked.actor, asked.teamId, asked.docId);
      const body: ErasedAnswer = {
        docId: clientDocId(record.teamId, record.docId) ?? asked.docId,
        teamId: record.teamId,
        seq: record.seq,
        erasedAt: record.erasedAt,
        reason: record.reason,
      };
      return reply.send(body);
    } catch (error) {
      return answerRefusal(request, reply, asked.principal, error);
    }
  });

  http.post(LIFECYCLE_PATHS.drop, async (request, reply) => {
    const asked = await caseRequest(request, reply);
    if (!asked) return reply;
    try {
      const dropped = await lifecycle.dropRequest(asked.actor, asked.teamId, asked.docId);
      return dropped ? reply.code(204).send() : sendError(reply, 'not-found', 'There is no open request.');
    } catch (error) {
      return answerRefusal(request, reply, asked.principal, error);
    }
  });
}
