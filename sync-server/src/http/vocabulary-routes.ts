import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { isMessageCode, message } from '../../../src/domain/messages.ts';
import type { BarrierCategory, Partner, PartnerInput } from '../../../src/domain/schema/team.ts';
import { teamDocId, type TeamDirectory } from '../../../src/domain/team-directory.ts';
import {
  addBarrierCategory,
  addPartner,
  archiveBarrierCategory,
  archivePartner,
  confirmBarrierCategory,
  confirmPartner,
  renameBarrierCategory,
  restoreBarrierCategory,
  restorePartner,
  setConsentTranslation,
  setFullTimePosts,
  updatePartner,
} from '../../../src/domain/team-doc.ts';
import { translationFileSchema } from '../../../src/domain/consent-templates.ts';
import { isProposed } from '../../../src/domain/team-vocabulary.ts';
import { changeTeamDoc } from '../../../src/domain/team-vocabulary-doc.ts';
import { readTeam } from '../../../src/domain/team-read.ts';
import { refused, type WriteResult } from '../../../src/domain/write-result.ts';
import { ERRORS } from '../../../src/protocol/errors.ts';
import {
  AddCategoryBodySchema,
  AddPartnerBodySchema,
  CategorizeBodySchema,
  ConsentTranslationParamsSchema,
  EmptyBodySchema,
  RenameBodySchema,
  StaffingBodySchema,
  VOCABULARY_PATHS,
  VocabularyAnswerSchema,
  VocabularyEntryParamsSchema,
  VocabularyListParamsSchema,
  VocabularyTeamParamsSchema,
  VocabularyTeamsAnswerSchema,
  type VocabularyAction,
  type VocabularyAnswer,
  type VocabularyEntry,
  type VocabularyListParam,
} from '../../../src/protocol/vocabulary.ts';
import type { Principal } from '../auth/principal.ts';
import type { RelayContext } from '../relay-context.ts';
import type { Team } from '../storage/contract.ts';
import { docKey } from '../sync/doc-key.ts';
import { isSyncError } from '../sync/sync-error.ts';
import type { SyncCore } from '../sync/sync-core.ts';
import { guard, refuse } from './guard.ts';

const mayManage = (principal: Principal) => principal.role === 'coordination' || principal.role === 'admin';

function describeIssues(error: z.ZodError, what: string): string {
  const issue = error.issues[0];
  if (!issue) return `The ${what} is invalid.`;
  if (issue.code === 'unrecognized_keys') return `Unknown ${what} field: ${issue.keys.join(', ')}`;
  return `${issue.path.join('.') || what}: ${issue.message}`;
}

const PARTNER_DETAILS = [
  'service',
  'category',
  'contactPerson',
  'phone',
  'email',
  'address',
  'note',
] as const;

function toEntry(entry: Partner | BarrierCategory, names: ReadonlyMap<string, string>): VocabularyEntry {
  const partner = 'name' in entry ? entry : undefined;
  const details: Record<string, string> = {};
  for (const key of PARTNER_DETAILS) {
    const value = partner?.[key];
    if (value !== undefined) details[key] = value;
  }
  return {
    id: entry.id,
    name: partner ? partner.name : (entry as BarrierCategory).label,
    archived: entry.archived === true,
    proposed: isProposed(entry),
    proposedBy: entry.proposedBy ?? null,
    proposedByName: entry.proposedBy === undefined ? null : (names.get(entry.proposedBy) ?? null),
    details,
  };
}

/**
 * The team vocabulary API (shapes in src/protocol/vocabulary.ts; docs/architecture.md#team-vocabulary):
 * coordination reads and changes the vocabulary of the teams they belong to, admins of every team. Case
 * managers propose entries in the app instead, and every other role is refused. A change is made as an
 * update of the team doc through the sync core, so it is appended to the team's log, published to the
 * team's devices and applied to the cached doc exactly like a push; each one is audited.
 */
export function registerVocabularyRoutes(http: FastifyInstance, context: RelayContext, core: SyncCore): void {
  /** The team, if the principal may manage it; otherwise answers and audits the refusal. */
  const teamFor = async (
    principal: Principal,
    teamId: string,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<Team | undefined> => {
    if (principal.role !== 'admin' && !principal.teamIds.has(teamId)) {
      refuse(context, request, reply, 'not-in-team', 'You are not a member of this team.', principal);
      return undefined;
    }
    const team = (await context.store.listTeams()).find((candidate) => candidate.id === teamId);
    if (!team) {
      refuse(context, request, reply, 'not-found', 'No team with this id.', principal);
      return undefined;
    }
    return team;
  };

  const parse = <S extends z.ZodType>(
    schema: S,
    value: unknown,
    what: string,
    principal: Principal,
    request: FastifyRequest,
    reply: FastifyReply,
  ): z.output<S> | undefined => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    refuse(context, request, reply, 'bad-request', describeIssues(parsed.error, what), principal);
    return undefined;
  };

  const answerOf = async (team: Team, directory: TeamDirectory): Promise<VocabularyAnswer> => {
    const members = await context.store.listUsers();
    const names = new Map(members.map((user) => [user.id, user.displayName]));
    // Parsed on the way out too: the app refuses an answer that breaks the shared schema.
    return VocabularyAnswerSchema.parse({
      team: { id: team.id, name: team.name },
      partners: directory.partners.map((entry) => toEntry(entry, names)),
      categories: directory.barrierCategories.map((entry) => toEntry(entry, names)),
      fullTimePosts: directory.meta.fullTimePosts ?? null,
      consentTranslations: directory.consentTranslations.map(({ language, reviewedBy, reviewedOn }) => ({
        language,
        reviewedBy,
        reviewedOn,
      })),
    });
  };

  /**
   * Makes one change to the team doc and answers with the vocabulary after it. A refused change (a taken
   * name, an unknown id, an invalid value) answers with the domain's message codes in `issues`.
   */
  const change = async (
    principal: Principal,
    team: Team,
    request: FastifyRequest,
    reply: FastifyReply,
    what: {
      list: VocabularyListParam | 'staffing' | 'consent-translation';
      action: VocabularyAction | 'add' | 'set' | 'remove';
      entryId?: string;
    },
    write: (doc: Parameters<typeof confirmPartner>[0]) => WriteResult<unknown>,
  ): Promise<FastifyReply> => {
    const docId = teamDocId(team.id);
    let outcome;
    try {
      outcome = await core.changeDoc(principal, team.id, docId, (current) => {
        const made = changeTeamDoc(current, team.id, write);
        return { update: made.update, value: made };
      });
    } catch (error) {
      if (!isSyncError(error)) throw error;
      return refuse(context, request, reply, error.code, error.message, principal);
    }
    const { result, team: directory } = outcome.value;
    if (!result.ok) {
      const code = result.error.code === 'not-found' ? 'not-found' : 'bad-request';
      context.audit.record({
        kind: 'access-refused',
        userId: principal.userId,
        deviceId: principal.deviceId,
        login: principal.login,
        teamId: team.id,
        code,
        address: request.ip,
        detail: { endpoint: request.routeOptions.url ?? '', method: request.method },
      });
      const issues = result.error.issues.map((issue) => ({
        path: issue.path,
        ...(issue.code === undefined ? {} : { code: issue.code }),
        message: issue.message,
      }));
      const english = result.error.issues.map((issue) =>
        isMessageCode(issue.code) ? message(issue.code, {}, 'en') : issue.message,
      );
      return reply
        .code(ERRORS[code].http)
        .header('cache-control', 'no-store')
        .send({ error: code, message: english.join(' '), issues });
    }
    const entryId = what.entryId ?? (typeof result.value === 'string' ? result.value : '');
    if (outcome.seq !== null) {
      context.audit.record({
        kind: 'vocabulary-changed',
        userId: principal.userId,
        deviceId: principal.deviceId,
        login: principal.login,
        teamId: team.id,
        docId,
        address: request.ip,
        detail: { list: what.list, action: what.action, entryId },
      });
    }
    return reply.header('cache-control', 'no-store').send(await answerOf(team, directory));
  };

  /**
   * The caller, if they may manage vocabularies, and the team named in the path, if it is theirs; otherwise
   * the refusal is sent (and audited) and the answer is `undefined`.
   */
  const teamOfRequest = async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = await guard(context, request, reply, mayManage);
    if (!principal) return undefined;
    const params = parse(VocabularyTeamParamsSchema, request.params, 'path', principal, request, reply);
    if (!params) return undefined;
    const team = await teamFor(principal, params.teamId, request, reply);
    return team ? { principal, team } : undefined;
  };

  http.get(VOCABULARY_PATHS.teams, async (request, reply) => {
    const principal = await guard(context, request, reply, mayManage);
    if (!principal) return reply;
    const teams =
      principal.role === 'admin'
        ? await context.store.listTeams()
        : await context.store.teamsOf(principal.userId);
    const body = VocabularyTeamsAnswerSchema.parse({
      teams: teams
        .map((team) => ({ id: team.id, name: team.name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    });
    return reply.header('cache-control', 'no-store').send(body);
  });

  http.get(VOCABULARY_PATHS.team, async (request, reply) => {
    const asked = await teamOfRequest(request, reply);
    if (!asked) return reply;
    const { team } = asked;
    const current = await core.docs.get(docKey(team.id, teamDocId(team.id)));
    // Read through the same seed as a change would, so a team no device has synced yet shows its defaults.
    const { team: directory } = changeTeamDoc(current, team.id, () => ({ ok: true, value: undefined }));
    return reply.header('cache-control', 'no-store').send(await answerOf(team, directory));
  });

  http.post(VOCABULARY_PATHS.add, async (request, reply) => {
    const principal = await guard(context, request, reply, mayManage);
    if (!principal) return reply;
    const params = parse(VocabularyListParamsSchema, request.params, 'path', principal, request, reply);
    if (!params) return reply;
    const team = await teamFor(principal, params.teamId, request, reply);
    if (!team) return reply;
    const opts = { actor: principal.userId };
    if (params.list === 'partners') {
      const body = parse(AddPartnerBodySchema, request.body, 'body', principal, request, reply);
      if (!body) return reply;
      return change(principal, team, request, reply, { list: 'partners', action: 'add' }, (doc) =>
        // The category's closed list is the domain's to check: an unknown one is refused with its issues.
        addPartner(doc, body as PartnerInput, opts),
      );
    }
    const body = parse(AddCategoryBodySchema, request.body, 'body', principal, request, reply);
    if (!body) return reply;
    return change(principal, team, request, reply, { list: 'categories', action: 'add' }, (doc) =>
      addBarrierCategory(doc, body.label, opts),
    );
  });

  // A static path: it is matched before the `:list` of `add`, which knows no list of this name.
  http.post(VOCABULARY_PATHS.staffing, async (request, reply) => {
    const asked = await teamOfRequest(request, reply);
    if (!asked) return reply;
    const { principal, team } = asked;
    const body = parse(StaffingBodySchema, request.body, 'body', principal, request, reply);
    if (!body) return reply;
    return change(principal, team, request, reply, { list: 'staffing', action: 'set' }, (doc) =>
      setFullTimePosts(doc, body.fullTimePosts ?? undefined, { actor: principal.userId }),
    );
  });

  // Static like staffing. The body is the translation file itself; the domain parses it again on writing.
  http.post(VOCABULARY_PATHS.consentTranslation, async (request, reply) => {
    const asked = await teamOfRequest(request, reply);
    if (!asked) return reply;
    const { principal, team } = asked;
    const body = parse(translationFileSchema, request.body, 'body', principal, request, reply);
    if (!body) return reply;
    return change(
      principal,
      team,
      request,
      reply,
      { list: 'consent-translation', action: 'set', entryId: body.language },
      (doc) => setConsentTranslation(doc, body.language, body, { actor: principal.userId }),
    );
  });

  http.post(VOCABULARY_PATHS.removeConsentTranslation, async (request, reply) => {
    const principal = await guard(context, request, reply, mayManage);
    if (!principal) return reply;
    const params = parse(ConsentTranslationParamsSchema, request.params, 'path', principal, request, reply);
    if (!params) return reply;
    const team = await teamFor(principal, params.teamId, request, reply);
    if (!team) return reply;
    const { language } = params;
    return change(
      principal,
      team,
      request,
      reply,
      { list: 'consent-translation', action: 'remove', entryId: language },
      (doc) =>
        readTeam(doc).team.consentTranslations.some((translation) => translation.language === language)
          ? setConsentTranslation(doc, language, undefined, { actor: principal.userId })
          : refused('not-found', 'item-not-found'),
    );
  });

  http.post(VOCABULARY_PATHS.entry, async (request, reply) => {
    const principal = await guard(context, request, reply, mayManage);
    if (!principal) return reply;
    const params = parse(VocabularyEntryParamsSchema, request.params, 'path', principal, request, reply);
    if (!params) return reply;
    const team = await teamFor(principal, params.teamId, request, reply);
    if (!team) return reply;
    const { list, id, action } = params;
    const opts = { actor: principal.userId };
    let name = '';
    let category: string | undefined;
    if (action === 'rename') {
      const body = parse(RenameBodySchema, request.body, 'body', principal, request, reply);
      if (!body) return reply;
      name = body.name;
    } else if (action === 'categorize') {
      if (list !== 'partners') {
        return refuse(context, request, reply, 'bad-request', 'Only partners have a category.', principal);
      }
      const body = parse(CategorizeBodySchema, request.body, 'body', principal, request, reply);
      if (!body) return reply;
      category = body.category ?? undefined;
    } else {
      const empty = EmptyBodySchema.safeParse(request.body ?? undefined);
      if (!empty.success) {
        return refuse(context, request, reply, 'bad-request', describeIssues(empty.error, 'body'), principal);
      }
    }
    const partners = list === 'partners';
    const writes: Record<
      VocabularyAction,
      (doc: Parameters<typeof confirmPartner>[0]) => WriteResult<unknown>
    > = {
      confirm: (doc) => (partners ? confirmPartner : confirmBarrierCategory)(doc, id, opts),
      rename: (doc) =>
        partners ? updatePartner(doc, id, { name }, opts) : renameBarrierCategory(doc, id, name, opts),
      archive: (doc) => (partners ? archivePartner : archiveBarrierCategory)(doc, id, opts),
      restore: (doc) => (partners ? restorePartner : restoreBarrierCategory)(doc, id, opts),
      categorize: (doc) => updatePartner(doc, id, { category: category as Partner['category'] }, opts),
    };
    return change(principal, team, request, reply, { list, action, entryId: id }, writes[action]);
  });
}
