import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { teamDocId } from '../../../src/domain/team-directory.ts';
import { readTeam } from '../../../src/domain/team-read.ts';
import {
  BARRIER_REPORT_PATHS,
  BarrierReportsAnswerSchema,
  BarrierReportsQuerySchema,
  type ListedBarrierReport,
} from '../../../src/protocol/barrier-reports.ts';
import type { ErrorCode } from '../../../src/protocol/errors.ts';
import type { Principal } from '../auth/principal.ts';
import type { RelayContext } from '../relay-context.ts';
import type { CaseKeys } from '../reports/case-keys.ts';
import type { FactsCache } from '../reports/facts-cache.ts';
import { catchUpFacts } from '../reports/facts-projector.ts';
import { docKey } from '../sync/doc-key.ts';
import type { SyncCore } from '../sync/sync-core.ts';
import { sendError } from './errors.ts';
import { guard } from './guard.ts';

/**
 * The barrier reports coordination groups into Themen (`GET /api/barrier-reports?teams=a,b`;
 * docs/architecture.md#themen): every active report of the asked teams' cases, read from the facts
 * projection, with the texts written for coordination, the category's name, the month and a pseudonym of
 * the case — never a name, a note, a contact or a doc id. Only coordination, only for teams it is a member
 * of; case managers and admins are refused with `forbidden` (the rule of `/api/reports`). Every request
 * after authentication is audited once as `barrier-reports-requested` with the teams asked for and the
 * outcome.
 */
export function registerBarrierReportRoutes(
  http: FastifyInstance,
  context: RelayContext,
  core: SyncCore,
  caseKeys: CaseKeys,
  facts: FactsCache,
): void {
  const audited = (
    principal: Principal,
    request: FastifyRequest,
    teams: string,
    outcome: 'ok' | ErrorCode,
    reports?: number,
  ) =>
    context.audit.record({
      kind: 'barrier-reports-requested',
      userId: principal.userId,
      deviceId: principal.deviceId,
      login: principal.login,
      address: request.ip,
      detail: { teams, outcome, ...(reports === undefined ? {} : { reports }) },
    });

  const refused = (
    principal: Principal,
    request: FastifyRequest,
    reply: FastifyReply,
    teams: string,
    code: ErrorCode,
    message: string,
  ): FastifyReply => {
    audited(principal, request, teams, code);
    return sendError(reply, code, message);
  };

  /** The names of the teams' barrier categories, keyed by team and category id. */
  const categoryLabels = async (teamIds: readonly string[]) => {
    const labels = new Map<string, string>();
    for (const teamId of teamIds) {
      const doc = await core.docs.get(docKey(teamId, teamDocId(teamId)));
      for (const category of readTeam(doc).team.barrierCategories) {
        labels.set(`${teamId}\u0000${category.id}`, category.label);
      }
    }
    return labels;
  };

  http.get(BARRIER_REPORT_PATHS.reports, async (request, reply) => {
    const principal = await guard(context, request, reply, () => true);
    if (!principal) return reply;
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const asked = typeof raw.teams === 'string' ? raw.teams : '';
    if (principal.role !== 'coordination') {
      return refused(
        principal,
        request,
        reply,
        asked,
        'forbidden',
        'Only coordination reads barrier reports.',
      );
    }
    const query = BarrierReportsQuerySchema.safeParse(raw);
    if (!query.success) {
      const issue = query.error.issues[0];
      const message =
        issue?.code === 'unrecognized_keys'
          ? `Unknown filter: ${issue.keys.join(', ')}. Use teams.`
          : `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`;
      return refused(principal, request, reply, asked, 'bad-request', message);
    }

    const known = await context.store.listTeams();
    const teams: { id: string; name: string }[] = [];
    for (const teamId of query.data.teams) {
      const team = known.find((candidate) => candidate.id === teamId);
      if (!team) return refused(principal, request, reply, asked, 'bad-request', `Unknown team: ${teamId}`);
      if (!principal.teamIds.has(teamId)) {
        return refused(principal, request, reply, asked, 'not-in-team', `You do not coordinate ${teamId}.`);
      }
      teams.push({ id: team.id, name: team.name });
    }

    // Every report made so far is listed, not only what the projector reached.
    await catchUpFacts(context.store, context.log);
    const labels = await categoryLabels(teams.map((team) => team.id));
    const reports: ListedBarrierReport[] = [];
    for (const row of (await facts.ofTeams(teams.map((team) => team.id))).cases) {
      const caseKey = caseKeys.of(row.docId);
      for (const report of row.facts.reports) {
        reports.push({
          reportId: report.reportId,
          teamId: row.teamId,
          caseKey,
          category: report.category,
          categoryLabel: labels.get(`${row.teamId}\u0000${report.category}`) ?? report.category,
          institution: report.institution,
          happened: report.happened,
          ...(report.wouldHelp !== undefined ? { wouldHelp: report.wouldHelp } : {}),
          month: report.reportedOn.slice(0, 7),
        });
      }
    }
    reports.sort(
      (a, b) =>
        b.month.localeCompare(a.month) ||
        a.teamId.localeCompare(b.teamId) ||
        a.reportId.localeCompare(b.reportId),
    );
    const body = BarrierReportsAnswerSchema.parse({ teams, computedAt: new Date().toISOString(), reports });
    audited(principal, request, asked, 'ok', reports.length);
    return reply.header('cache-control', 'no-store').send(body);
  });
}
