import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { dayOf } from '../../../src/domain/case-facts.ts';
import { COORDINATION_LOG_ID } from '../../../src/domain/coordination-doc.ts';
import { parseReportPeriod } from '../../../src/domain/report-period.ts';
import type { ErrorCode } from '../../../src/protocol/errors.ts';
import { REPORT_PATHS, ReportAnswerSchema, ReportQuerySchema } from '../../../src/protocol/reports.ts';
import type { Principal } from '../auth/principal.ts';
import type { RelayContext } from '../relay-context.ts';
import { catchUpFacts } from '../reports/facts-projector.ts';
import type { ReportService } from '../reports/report-service.ts';
import { selectionKey } from '../reports/report-tables.ts';
import type { ReportsWorker } from '../reports/reports-worker.ts';
import { sendError } from './errors.ts';
import { guard } from './guard.ts';

/**
 * Coordination's reports (`GET /api/reports?teams=a,b&period=2026-Q3`; docs/architecture.md#reports).
 * Coordination asks for one team it is a member of or for all of them (the same membership rule as for the
 * team vocabulary); every selection it may ask for is suppressed as one system (`jointReport`), so no two
 * reports of one coordinator can be differenced. Case managers and admins are refused with `forbidden`: admins manage who coordinates which teams, they do not read
 * reports. Every request after authentication is audited once as `report-requested` with the teams and the
 * period asked for and its outcome (`ok` or the error code); a request without a valid token is audited by
 * the guard like any other.
 */
export function registerReportRoutes(
  http: FastifyInstance,
  context: RelayContext,
  service: ReportService,
  worker?: ReportsWorker,
): void {
  const audited = (
    principal: Principal,
    request: FastifyRequest,
    asked: { teams: string; period: string },
    outcome: 'ok' | ErrorCode,
  ) =>
    context.audit.record({
      kind: 'report-requested',
      userId: principal.userId,
      deviceId: principal.deviceId,
      login: principal.login,
      address: request.ip,
      detail: { teams: asked.teams, period: asked.period, outcome },
    });

  const refused = (
    principal: Principal,
    request: FastifyRequest,
    reply: FastifyReply,
    asked: { teams: string; period: string },
    code: ErrorCode,
    message: string,
  ): FastifyReply => {
    audited(principal, request, asked, code);
    return sendError(reply, code, message);
  };

  http.get(REPORT_PATHS.report, async (request, reply) => {
    const principal = await guard(context, request, reply, () => true);
    if (!principal) return reply;
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const asked = {
      teams: typeof raw.teams === 'string' ? raw.teams : '',
      period: typeof raw.period === 'string' ? raw.period : '',
    };
    if (principal.role !== 'coordination') {
      return refused(principal, request, reply, asked, 'forbidden', 'Only coordination reads reports.');
    }
    const query = ReportQuerySchema.safeParse(raw);
    if (!query.success) {
      const issue = query.error.issues[0];
      const message =
        issue?.code === 'unrecognized_keys'
          ? `Unknown filter: ${issue.keys.join(', ')}. Use teams and period.`
          : `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`;
      return refused(principal, request, reply, asked, 'bad-request', message);
    }
    const period = parseReportPeriod(query.data.period, dayOf(new Date().toISOString()) ?? '');
    if (!period.ok) return refused(principal, request, reply, asked, 'bad-request', period.en);

    const known = await context.store.listTeams();
    for (const teamId of query.data.teams) {
      if (!known.some((team) => team.id === teamId)) {
        return refused(principal, request, reply, asked, 'bad-request', `Unknown team: ${teamId}`);
      }
      if (!principal.teamIds.has(teamId)) {
        return refused(principal, request, reply, asked, 'not-in-team', `You do not coordinate ${teamId}.`);
      }
    }
    // Every team the caller coordinates: the reports of each of them and of all together are suppressed as
    // one system, so no two of them can be differenced (docs/architecture.md#suppression).
    const own = known
      .filter((team) => principal.teamIds.has(team.id) && team.id !== COORDINATION_LOG_ID)
      .map((team) => ({ id: team.id, name: team.name }))
      .sort((a, b) => a.id.localeCompare(b.id));
    const selection = own.filter((team) => query.data.teams.includes(team.id));
    if (selection.length !== 1 && selection.length !== own.length) {
      return refused(
        principal,
        request,
        reply,
        asked,
        'bad-request',
        `Ask for one team or for all of your teams (${own.map((team) => team.id).join(',')}): ` +
          'reports of other selections could be told apart from each other.',
      );
    }

    // Every update appended so far is counted, not only what the projector reached. The reports are then
    // those of the inputs as they are now, kept or computed: `computedAt` is when they were known to be.
    await catchUpFacts(context.store, context.log, undefined, worker);
    const reports = await service.reports(own, period.period);
    const { tables, themen } = reports.get(selectionKey(selection.map((team) => team.id)))!;
    const teams = selection;
    const { id, kind, start, end } = period.period;
    const body = ReportAnswerSchema.parse({
      period: { id, kind, start, end },
      teams,
      computedAt: new Date().toISOString(),
      tables,
      themen,
    });
    audited(principal, request, asked, 'ok');
    return reply.header('cache-control', 'no-store').send(body);
  });
}
