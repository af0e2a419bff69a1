import type { Principal } from '../auth/principal.ts';
import { COORDINATION_DOC_ID, COORDINATION_LOG_ID } from '../../../src/domain/coordination-doc.ts';
import type { ErrorCode } from '../../../src/protocol/errors.ts';

/**
 * Which logs a principal's sync sockets serve (docs/architecture.md#roles-and-access): a case manager's
 * are the logs of their teams; coordination's is the one coordination log, whatever teams they coordinate,
 * so coordination never receives a case or a team doc; an admin's are none.
 */
export function servedLogs(principal: Pick<Principal, 'role' | 'teamIds'>): ReadonlySet<string> {
  switch (principal.role) {
    case 'case-manager':
      return principal.teamIds;
    case 'coordination':
      return new Set([COORDINATION_LOG_ID]);
    case 'admin':
      return new Set();
  }
}

export interface LogRefusal {
  code: ErrorCode;
  message: string;
}

/**
 * Why the role may never read or write the doc in that log, or `undefined` when it may in principle (team
 * membership is checked apart). `forbidden` says the role rules it out, so the same frame is refused
 * again on every connection; `not-in-team` stays the answer for a team the person is not a member of.
 */
export function roleRefusal(principal: Principal, logId: string, docId?: string): LogRefusal | undefined {
  if (principal.role === 'coordination') {
    if (logId !== COORDINATION_LOG_ID) {
      return { code: 'forbidden', message: 'Coordination syncs only the coordination log, never a case.' };
    }
    if (docId !== undefined && docId !== COORDINATION_DOC_ID) {
      return {
        code: 'forbidden',
        message: `The coordination log holds only the doc ${COORDINATION_DOC_ID}.`,
      };
    }
    return undefined;
  }
  if (logId === COORDINATION_LOG_ID) {
    return { code: 'forbidden', message: 'Only coordination syncs the coordination log.' };
  }
  if (principal.role !== 'case-manager') {
    return { code: 'forbidden', message: 'Only case managers sync case content.' };
  }
  return undefined;
}
