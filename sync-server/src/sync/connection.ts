import type { Logger } from 'pino';
import type WebSocket from 'ws';
import { ERRORS, type ErrorCode } from '../../../src/protocol/errors.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { Principal } from '../auth/principal.ts';
import { roleRefusal, servedLogs, type LogRefusal } from './served-logs.ts';

/**
 * While more than this many bytes wait in a socket's send buffer, a catch-up stream waits for them to be
 * written before it reads the next batch, so a slow device does not make the relay hold its whole log.
 */
export const SEND_HIGH_WATER_BYTES = 4 * 1024 * 1024;

export type Endpoint = 'device' | 'doc';

/** The endpoint's path, as the audit log names it. */
export const ENDPOINT_PATHS: Record<Endpoint, string> = { device: '/sync', doc: '/ws/doc' };

/** A device's accepted updates to one doc are audited at most once per this long. */
export const CHANGE_AUDIT_WINDOW_MS = 60_000;

/** Closes that end a session normally or were audited where they were decided, not refusals of a frame. */
const NOT_REFUSALS: ReadonlySet<ErrorCode> = new Set([
  'token-expired',
  'shutting-down',
  'storage-unavailable',
  'device-revoked',
]);

/** Why access ends while a socket is open (../auth/access-events.ts), as the close code says it. */
export type AccessEnded = 'device-revoked' | 'account-disabled' | 'not-in-team';

/**
 * One accepted sync socket and who is on the other end: counts frames for the disconnect log line, closes
 * with our stable codes, ends the session when the access token expires, and records in the audit log
 * which docs this device fetched and changed, and every refusal.
 */
export class Connection {
  readonly openedAt = Date.now();
  framesIn = 0;
  framesOut = 0;
  readonly log: Logger;
  readonly #expiry: NodeJS.Timeout;
  readonly #audit: AuditTrail;
  /** Doc keys whose content this socket has sent: a fetch is audited once per doc and socket. */
  readonly #fetched = new Set<string>();
  /**
   * The logs this socket may still use: at connect those its principal's role is served (./served-logs.ts:
   * a case manager's teams, or coordination's log), narrowed by access changes.
   */
  readonly #teams: Set<string>;
  /** Cleared when the account is disabled or the device revoked: from then on nothing is accepted. */
  #allowed = true;

  /**
   * @param docTeamId For a `/ws/doc` socket, the team of the one doc it serves; a device socket serves
   *   every team of the principal.
   */
  constructor(
    readonly ws: WebSocket,
    readonly principal: Principal,
    readonly endpoint: Endpoint,
    log: Logger,
    audit: AuditTrail,
    readonly docTeamId?: string,
  ) {
    this.#audit = audit;
    this.#teams = new Set(servedLogs(principal));
    this.log = log.child({ endpoint, userId: principal.userId, deviceId: principal.deviceId });
    // The socket may not outlive its token; the device refreshes and reconnects, which re-checks its access.
    this.#expiry = setTimeout(
      () => this.close('token-expired', 'The access token expired.'),
      // setTimeout fires at once for delays beyond 2^31 - 1 ms; tokens live far shorter, but never rely on it.
      Math.min(Math.max(0, principal.expiresAt - Date.now()), 2 ** 31 - 1),
    );
    this.#expiry.unref();
    ws.once('close', () => clearTimeout(this.#expiry));
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  /** The teams this socket may still use. */
  get teams(): ReadonlySet<string> {
    return this.#teams;
  }

  /**
   * Whether the device may still read and write the team's docs on this socket. Checked for every frame
   * that names a team, so that a push is refused from the moment its author lost access, not from the
   * moment the socket's close went out.
   */
  mayUse(teamId: string): boolean {
    return this.#allowed && this.#teams.has(teamId);
  }

  /**
   * Why a frame naming the doc (or only the log) is refused on this socket, or `undefined`: `forbidden`
   * when the role never has it (a team log for coordination, the coordination log for everyone else, any
   * other doc in the coordination log), else `not-in-team` when the socket may not (or no longer) use it.
   */
  refusal(teamId: string, docId?: string): LogRefusal | undefined {
    const byRole = roleRefusal(this.principal, teamId, docId);
    if (byRole) return byRole;
    if (!this.mayUse(teamId)) return { code: 'not-in-team', message: 'You are not a member of this team.' };
    return undefined;
  }

  /**
   * Access ended while the socket was open (../auth/access-events.ts): the account was disabled or the
   * device revoked (everything is refused and the socket closes), or the user left a team (the socket
   * closes if it serves that team). A device socket closes for any of its teams: it reconnects, and its new
   * welcome names only the teams that remain. Resolves whether the socket is closing for it.
   */
  endAccess(code: AccessEnded, teamId?: string): boolean {
    if (code === 'not-in-team') {
      if (teamId === undefined || !this.#teams.delete(teamId)) return false;
      if (this.docTeamId !== undefined && this.docTeamId !== teamId) return false;
    } else {
      this.#allowed = false;
    }
    if (!this.open) return false;
    this.log.info({ code, team: teamId }, 'access ended; closing sync socket');
    // A revoked device is audited once, with the revocation; the other two are audited per socket here.
    if (code !== 'device-revoked') {
      this.#audit.record({
        kind: 'access-refused',
        ...this.#who(),
        teamId: teamId ?? null,
        code,
        detail: { endpoint: ENDPOINT_PATHS[this.endpoint], stage: 'access-ended' },
      });
    }
    this.ws.close(ERRORS[code].ws, code);
    return true;
  }

  send(data: Uint8Array | string): void {
    if (!this.open) return;
    this.framesOut += 1;
    this.ws.send(data);
  }

  /**
   * Sends and, when the socket's send buffer is above the high-water mark, resolves only once this frame
   * has been written out. Resolves at once when the socket is closed; callers check `open` to stop.
   */
  sendPaced(data: Uint8Array | string): Promise<void> {
    if (!this.open) return Promise.resolve();
    this.framesOut += 1;
    if (this.ws.bufferedAmount < SEND_HIGH_WATER_BYTES) {
      this.ws.send(data);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.ws.send(data, () => resolve()));
  }

  /** Ends the session with the code's close code and the code itself as the reason. */
  close(code: ErrorCode, why: string): void {
    if (this.ws.readyState === this.ws.CLOSING || this.ws.readyState === this.ws.CLOSED) return;
    const level = code === 'device-revoked' || !NOT_REFUSALS.has(code) ? 'warn' : 'info';
    this.log[level]({ code, why }, 'closing sync socket');
    if (!NOT_REFUSALS.has(code)) this.refused(code, {});
    this.ws.close(ERRORS[code].ws, code);
  }

  /** Audits a refusal on this socket (a frame, or the whole socket); `why` never holds frame content. */
  refused(code: ErrorCode, about: { teamId?: string; docId?: string }): void {
    this.#audit.record({
      kind: 'access-refused',
      userId: this.principal.userId,
      login: this.principal.login,
      deviceId: this.principal.deviceId,
      teamId: about.teamId ?? null,
      docId: about.docId ?? null,
      code,
      detail: { endpoint: ENDPOINT_PATHS[this.endpoint], stage: 'frame' },
    });
  }

  /** The relay is sending the doc's content to this device: audited once per doc and socket. */
  noteFetched(teamId: string, docId: string): void {
    const key = `${teamId}/${docId}`;
    if (this.#fetched.has(key)) return;
    this.#fetched.add(key);
    this.#audit.record({
      kind: 'doc-fetched',
      ...this.#who(),
      teamId,
      docId,
      detail: { endpoint: ENDPOINT_PATHS[this.endpoint] },
    });
  }

  /** The relay accepted an update of this device to the doc: audited once per device, doc and minute. */
  noteChanged(teamId: string, docId: string): void {
    const who = this.#who();
    this.#audit.recordOnce(`change:${who.deviceId}:${teamId}/${docId}`, CHANGE_AUDIT_WINDOW_MS, {
      kind: 'doc-changed',
      ...who,
      teamId,
      docId,
      detail: { endpoint: ENDPOINT_PATHS[this.endpoint] },
    });
  }

  #who() {
    const { userId, login, deviceId } = this.principal;
    return { userId, login, deviceId };
  }

  /** Logs the end of the session; called once, when the socket has closed. */
  logDisconnect(closeCode: number, reason: string): void {
    this.log.info(
      {
        teams: this.principal.teamIds.size,
        durationMs: Date.now() - this.openedAt,
        framesIn: this.framesIn,
        framesOut: this.framesOut,
        closeCode,
        reason,
      },
      'sync socket disconnected',
    );
  }
}
