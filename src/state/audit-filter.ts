import { AUDIT_KINDS, AuditQuerySchema, type AuditKind, type AuditQueryInput } from '../protocol/admin.ts';

/** The audit log's filter form as people fill it in: dates as `YYYY-MM-DD`, empty for "any". */
export interface AuditFilterForm {
  from: string;
  to: string;
  login: string;
  kind: AuditKind | '';
  deviceId: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilterForm = { from: '', to: '', login: '', kind: '', deviceId: '' };

/** Why a filter field is refused; the screen says it in words. */
export type AuditFilterProblem = 'invalid-date' | 'range-reversed' | 'too-long' | 'unknown-kind';

export type AuditFilterResult =
  | { ok: true; query: AuditQueryInput }
  | { ok: false; problems: Partial<Record<keyof AuditFilterForm, AuditFilterProblem>> };

/** Logins and device ids are at most this long at the relay; anything longer matches nothing. */
export const FILTER_TEXT_MAX = 100;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight at the start of `iso` (a calendar day), or `undefined` for no such day. */
export function startOfLocalDay(iso: string): number | undefined {
  const match = DAY.exec(iso);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day);
  // `new Date` rolls 31 February over into March; a day that rolled over does not exist.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day)
    return undefined;
  return date.getTime();
}

/** Local midnight after `iso`: "bis 12.03." includes the whole of that day. */
function endOfLocalDay(iso: string): number | undefined {
  const start = startOfLocalDay(iso);
  if (start === undefined) return undefined;
  const date = new Date(start);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1).getTime();
}

/**
 * Turns the filter form into the relay's audit query, or says which fields are wrong. Both dates are
 * whole days in the device's time zone and both are included ("von 01.03. bis 31.03." is all of March);
 * the relay's `to` is exclusive, so it gets the midnight after the last day.
 *
 * A login found in `knownUsers` (login → user id) is asked for by user id: some events (a revocation, a
 * refused renewal) name the user only by id. Any other login is asked for as typed, which finds failed
 * logins of accounts that do not exist.
 */
export function buildAuditQuery(
  form: AuditFilterForm,
  knownUsers: ReadonlyMap<string, string> = new Map(),
): AuditFilterResult {
  const problems: Partial<Record<keyof AuditFilterForm, AuditFilterProblem>> = {};
  const query: AuditQueryInput = {};
  const fromText = form.from.trim();
  const toText = form.to.trim();
  const from = fromText === '' ? undefined : startOfLocalDay(fromText);
  const to = toText === '' ? undefined : endOfLocalDay(toText);
  if (fromText !== '' && from === undefined) problems.from = 'invalid-date';
  if (toText !== '' && to === undefined) problems.to = 'invalid-date';
  if (from !== undefined && to !== undefined && to <= from) problems.to = 'range-reversed';
  if (from !== undefined) query.from = String(from);
  if (to !== undefined) query.to = String(to);

  const login = form.login.trim().toLowerCase();
  if (login.length > FILTER_TEXT_MAX) problems.login = 'too-long';
  else if (login !== '') {
    const userId = knownUsers.get(login);
    if (userId !== undefined) query.userId = userId;
    else query.login = login;
  }

  const deviceId = form.deviceId.trim();
  if (deviceId.length > FILTER_TEXT_MAX) problems.deviceId = 'too-long';
  else if (deviceId !== '') query.deviceId = deviceId;

  if (form.kind !== '') {
    if ((AUDIT_KINDS as readonly string[]).includes(form.kind)) query.kind = form.kind;
    else problems.kind = 'unknown-kind';
  }

  if (Object.keys(problems).length > 0) return { ok: false, problems };
  // The relay parses the same schema; a query it would refuse must not leave the device.
  const checked = AuditQuerySchema.safeParse(query);
  if (!checked.success) throw new Error(`An audit query the relay would refuse: ${checked.error.message}`);
  return { ok: true, query };
}
