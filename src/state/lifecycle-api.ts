import {
  AccessAnswerSchema,
  CaseLifecycleSchema,
  DueAnswerSchema,
  ErasedAnswerSchema,
  LIFECYCLE_PATHS,
  lifecyclePath,
  PendingAnswerSchema,
  type AccessAnswer,
  type CaseLifecycle,
  type DueAnswer,
  type ErasedAnswer,
  type PendingAnswer,
} from '../protocol/lifecycle.ts';
import { sendEmpty, sendJson, type ApiResult, type RelayApiOptions } from './admin-api.ts';
import { sessionApiOptions } from './relay-api.ts';

/**
 * The app's side of the relay's data lifecycle API (src/protocol/lifecycle.ts): a case's retention,
 * Löschsperre and erasure request, the due list, what waits for coordination's decision, and a case's access
 * list for the Auskunft. Every answer is parsed before use. Nothing here is stored: these need the relay.
 */
export interface CaseRef {
  teamId: string;
  docId: string;
}

export function fetchCaseLifecycle(
  ref: CaseRef,
  options: RelayApiOptions = sessionApiOptions(),
): Promise<ApiResult<CaseLifecycle>> {
  return sendJson(options, 'GET', lifecyclePath('status', ref.teamId, ref.docId), CaseLifecycleSchema);
}

export function fetchAccessList(
  ref: CaseRef,
  options: RelayApiOptions = sessionApiOptions(),
): Promise<ApiResult<AccessAnswer>> {
  return sendJson(options, 'GET', lifecyclePath('access', ref.teamId, ref.docId), AccessAnswerSchema);
}

export function fetchDue(
  within = 30,
  options: RelayApiOptions = sessionApiOptions(),
): Promise<ApiResult<DueAnswer>> {
  return sendJson(options, 'GET', `${LIFECYCLE_PATHS.due}?within=${within}`, DueAnswerSchema);
}

export function fetchPending(
  options: RelayApiOptions = sessionApiOptions(),
): Promise<ApiResult<PendingAnswer>> {
  return sendJson(options, 'GET', LIFECYCLE_PATHS.pending, PendingAnswerSchema);
}

/** A step without an answer body: set or lift the Löschsperre, ask for erasure, drop the request. */
export function lifecycleStep(
  step: 'hold' | 'liftHold' | 'request' | 'drop',
  ref: CaseRef,
  reason?: string,
  options: RelayApiOptions = sessionApiOptions(),
): Promise<ApiResult<undefined>> {
  return sendEmpty(
    options,
    'POST',
    lifecyclePath(step, ref.teamId, ref.docId),
    reason === undefined ? undefined : { reason },
  );
}

/** The second person confirms a request: the relay erases the case and answers its erasure record. */
export function confirmErasure(
  ref: CaseRef,
  options: RelayApiOptions = sessionApiOptions(),
): Promise<ApiResult<ErasedAnswer>> {
  return sendJson(options, 'POST', lifecyclePath('confirm', ref.teamId, ref.docId), ErasedAnswerSchema);
}
