import type { WelcomeTeam } from '../protocol/sync.ts';

/** Where this device stands in a team's log, as stored: its cursor and the epoch it was reached under. */
export interface CursorPosition {
  seq: number;
  /** null for a cursor stored before the relay named epochs. */
  epoch: string | null;
}

/**
 * Whether the relay's log still holds everything up to the device's cursor. It does not when the cursor is
 * above the team's latest seq, or was reached under an epoch the relay does not list (one begun after the
 * backup it was restored from), or beyond where a listed earlier epoch ended on this relay: then the relay
 * lost entries this device had received or sent.
 *
 * A relay that names no epoch, or a cursor stored before epochs, can only be checked against `latest`.
 */
export function cursorHolds(position: CursorPosition, team: WelcomeTeam): boolean {
  if (position.seq > team.latest) return false;
  if (team.epoch === undefined || position.epoch === null) return true;
  if (position.epoch === team.epoch) return true;
  const earlier = team.earlier?.find((entry) => entry.epoch === position.epoch);
  return earlier !== undefined && position.seq <= earlier.last;
}
