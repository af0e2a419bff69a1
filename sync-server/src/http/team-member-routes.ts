import type { FastifyInstance } from 'fastify';
import {
  TEAM_MEMBER_PATHS,
  TeamMembersAnswerSchema,
  type TeamMembersAnswer,
} from '../../../src/protocol/team-members.ts';
import type { RelayContext } from '../relay-context.ts';
import { guard } from './guard.ts';

/**
 * The names of the people in the caller's own teams (`GET /api/team-members`): who wrote an entry, who is
 * responsible for a case. Any signed-in role may ask; the answer holds only the teams the caller belongs to
 * at this moment, and of each person only the id, display name, role and whether the account is enabled —
 * never a login, device or case content.
 */
export function registerTeamMemberRoutes(http: FastifyInstance, context: RelayContext): void {
  http.get(TEAM_MEMBER_PATHS.members, async (request, reply) => {
    const principal = await guard(context, request, reply, () => true);
    if (!principal) return reply;
    const teams = await Promise.all(
      [...principal.teamIds].sort().map(async (teamId) => ({
        id: teamId,
        members: (await context.store.membersOf(teamId)).map((user) => ({
          id: user.id,
          displayName: user.displayName,
          role: user.role,
          active: !user.disabled,
        })),
      })),
    );
    // Parsed on the way out too: the app refuses an answer that breaks the shared schema.
    const body: TeamMembersAnswer = TeamMembersAnswerSchema.parse({ teams });
    return reply.header('cache-control', 'no-store').send(body);
  });
}
