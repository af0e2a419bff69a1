import { z } from 'zod';

/**
 * The relay's account API (`/api/auth/*`): request and answer bodies, shared by the relay (which parses
 * requests) and the app (which parses answers). Error answers are `ErrorBody` (./errors.ts).
 */

export const AUTH_PATHS = {
  login: '/api/auth/login',
  refresh: '/api/auth/refresh',
  logout: '/api/auth/logout',
  password: '/api/auth/password',
} as const;

/** New passwords: long rather than complicated (NIST SP 800-63B); the upper bound keeps hashing cheap. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export const ROLES = ['case-manager', 'coordination', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const TEAM_KINDS = ['support-center', 'provider-site'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];

const login = z.string().trim().toLowerCase().min(1).max(100);
const secret = z.string().min(1).max(PASSWORD_MAX_LENGTH);
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH);

const id = z.string().min(1).max(100);

export const LoginRequestSchema = z.object({
  login,
  password: secret,
  /** Required when the account must change its password (first login); sets it and logs in. */
  newPassword: newPasswordSchema.optional(),
  device: z.object({
    /** The id this browser got at an earlier login, so a re-login does not register a second device. */
    id: id.optional(),
    /** What the person calls the device ("Tablet Büro"), shown in device lists. */
    name: z.string().trim().min(1).max(100),
  }),
});
export type LoginRequest = z.input<typeof LoginRequestSchema>;

export const RefreshRequestSchema = z.object({
  refreshToken: z.string().min(1).max(200),
  /**
   * The device the token was issued to, as the app knows it. Naming it lets the app retry once, shortly
   * after, a refresh whose answer it never received (a reload mid-refresh) instead of being logged out.
   */
  deviceId: z.string().min(1).max(100).optional(),
});
export type RefreshRequest = z.infer<typeof RefreshRequestSchema>;

export const LogoutRequestSchema = z.object({ refreshToken: z.string().min(1).max(200) });
export type LogoutRequest = z.infer<typeof LogoutRequestSchema>;

export const PasswordChangeRequestSchema = z.object({
  currentPassword: secret,
  newPassword: newPasswordSchema,
});
export type PasswordChangeRequest = z.infer<typeof PasswordChangeRequestSchema>;

export const TeamInfoSchema = z.object({
  id,
  name: z.string(),
  kind: z.enum(TEAM_KINDS),
});
export type TeamInfo = z.infer<typeof TeamInfoSchema>;

export const UserInfoSchema = z.object({
  id,
  login: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
});
export type UserInfo = z.infer<typeof UserInfoSchema>;

/** What login and refresh answer: a fresh token pair and who the tokens are for. */
export const SessionSchema = z.object({
  accessToken: z.string().min(1),
  /** Milliseconds since the epoch. */
  accessExpiresAt: z.number().int(),
  refreshToken: z.string().min(1),
  refreshExpiresAt: z.number().int(),
  deviceId: id,
  user: UserInfoSchema,
  teams: z.array(TeamInfoSchema),
  /** What the relay's operators decided for devices: minutes of inactivity before the app locks. */
  policy: z.object({ autoLockMinutes: z.number().int().min(1).max(30) }).optional(),
});
export type Session = z.infer<typeof SessionSchema>;
