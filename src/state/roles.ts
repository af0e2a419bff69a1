import type { Role } from '../protocol/auth.ts';

/**
 * What each role may see in the app (docs/architecture.md#roles-and-access). The relay enforces the same
 * rules; the app follows them so that nobody is offered a screen the relay would refuse, and so that a device
 * of someone without case access never opens a sync connection or a case database.
 */
export interface RoleAccess {
  /** Case files, "Heute", new cases, the team directory, and the sync connection behind them. */
  cases: boolean;
  /** "Verwaltung": the audit log and every device. */
  administration: boolean;
}

const ACCESS: Record<Role, RoleAccess> = {
  'case-manager': { cases: true, administration: false },
  coordination: { cases: false, administration: false },
  admin: { cases: false, administration: true },
};

/** The access of `role`; nobody signed in (`null`) gets nothing. */
export function accessOf(role: Role | null | undefined): RoleAccess {
  return role ? ACCESS[role] : { cases: false, administration: false };
}
