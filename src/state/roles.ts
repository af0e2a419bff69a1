import type { Role } from '../protocol/auth.ts';

/**
 * What each role may see in the app (docs/architecture.md#roles-and-access). The relay enforces the same
 * rules; the app follows them so that nobody is offered a screen the relay would refuse, and so that a device
 * of someone without case access never opens a case database, nor a sync connection other than
 * coordination's for its Themen.
 */
export interface RoleAccess {
  /** Case files, "Heute", new cases, the team directory, and the sync connection behind them. */
  cases: boolean;
  /** "Verwaltung": the audit log and every device. */
  administration: boolean;
  /**
   * "Berichte": coordination's anonymised reports of its teams, computed by the relay, kept sealed on the
   * device for offline use (docs/architecture.md#reports). No other role is offered it: case managers and
   * admins have no reports, and the relay refuses them.
   */
  reports: boolean;
  /**
   * "Teamvokabular": confirming, renaming and archiving the teams' partners and barrier categories over the
   * relay's API (docs/architecture.md#team-vocabulary). Coordination for their teams, admins for every team.
   */
  vocabulary: boolean;
  /**
   * "Themen": coordination's working data (docs/architecture.md#themen), kept in the coordination doc on
   * the device and synced over the device socket, which serves coordination that one doc and no case.
   */
  themen: boolean;
}

const ACCESS: Record<Role, RoleAccess> = {
  'case-manager': { cases: true, administration: false, reports: false, vocabulary: false, themen: false },
  coordination: { cases: false, administration: false, reports: true, vocabulary: true, themen: true },
  admin: { cases: false, administration: true, reports: false, vocabulary: true, themen: false },
};

/** The access of `role`; nobody signed in (`null`) gets nothing. */
export function accessOf(role: Role | null | undefined): RoleAccess {
  return role
    ? ACCESS[role]
    : { cases: false, administration: false, reports: false, vocabulary: false, themen: false };
}
