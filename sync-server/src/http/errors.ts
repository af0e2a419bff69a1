import type { FastifyReply } from 'fastify';
import { ERRORS, type ErrorBody, type ErrorCode } from '../../../src/protocol/errors.ts';

/** Answers with the status that belongs to `code` and the shared error body. */
export function sendError(reply: FastifyReply, code: ErrorCode, message: string): FastifyReply {
  const body: ErrorBody = { error: code, message };
  return reply.code(ERRORS[code].http).header('cache-control', 'no-store').send(body);
}
