import { z } from 'zod';
import { ROLES } from './auth.ts';

/**
 * The names of the people in the caller's teams (`GET /api/team-members`), so a device can show who wrote
 * an entry or who is responsible for a case. Shared by the relay, which builds the answer, and the app,
 * which parses it. Error answers are `ErrorBody` (./errors.ts).
 */

export const TEAM_MEMBER_PATHS = {
  /** `GET`: every team of the signed-in person with its members; never a team they do not belong to. */
  members: '/api/team-members',
} as const;

const id = z.string().min(1).max(100);

export const TeamMemberSchema = z.object({
  id,
  displayName: z.string().max(200),
  role: z.enum(ROLES),
  /** False for a disabled account, and (on the device) for someone who left the team since. */
  active: z.boolean(),
});
export type TeamMember = z.infer<typeof TeamMemberSchema>;

export const TeamMembersSchema = z.object({
  id,
  members: z.array(TeamMemberSchema).max(5000),
});
export type TeamMembers = z.infer<typeof TeamMembersSchema>;

export const TeamMembersAnswerSchema = z.object({
  teams: z.array(TeamMembersSchema).max(256),
});
export type TeamMembersAnswer = z.infer<typeof TeamMembersAnswerSchema>;
