import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ATTACHMENT_PATH_PREFIX,
  ContentHashSchema,
  MAX_UPLOAD_CHUNK_BYTES,
  UPLOAD_CHUNK_CONTENT_TYPE,
  UPLOAD_HEADERS,
  type UploadState,
} from '../../../src/protocol/attachments.ts';
import { IdSchema, TeamIdSchema } from '../../../src/protocol/sync.ts';
import type { Principal } from '../auth/principal.ts';
import { isBlobError, type BlobRef, type BlobState, type BlobStore } from '../blobs/contract.ts';
import type { RelayContext } from '../relay-context.ts';
import { docKey } from '../sync/doc-key.ts';
import { roleRefusal } from '../sync/served-logs.ts';
import { sendError } from './errors.ts';
import { guard, refuse } from './guard.ts';

const ROUTE = `${ATTACHMENT_PATH_PREFIX}/:teamId/:caseId/:hash`;

const ParamsSchema = z.object({ teamId: TeamIdSchema, caseId: IdSchema, hash: ContentHashSchema });

const byteCount = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * The attachment API (../../../src/protocol/attachments.ts): resumable uploads of encrypted attachments and
 * their download, behind the blob store. Access is exactly that of the case's doc: a case manager who is a
 * member of the team, checked on every request; every refusal is audited, every completed upload
 * (`attachment-stored`) and every download (`attachment-fetched`) too.
 */
export function registerAttachmentRoutes(
  http: FastifyInstance,
  context: RelayContext,
  blobs: BlobStore,
): void {
  const limits = context.config.attachments;

  // Chunks arrive as raw bytes; this parser applies to this content type only, with its own size bound.
  http.addContentTypeParser(
    UPLOAD_CHUNK_CONTENT_TYPE,
    { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_CHUNK_BYTES },
    (_request, body, done) => done(null, body),
  );

  /** The blob the request names, once the caller may use it; else answers and audits the refusal. */
  async function admit(request: FastifyRequest, reply: FastifyReply) {
    const principal = await guard(context, request, reply, () => true);
    if (!principal) return undefined;
    const params = ParamsSchema.safeParse(request.params);
    if (!params.success) {
      refuse(context, request, reply, 'bad-request', 'Team, case or hash is malformed.', principal);
      return undefined;
    }
    const ref: BlobRef = params.data;
    const refusal = roleRefusal(principal, ref.teamId, ref.caseId) ?? teamRefusal(principal, ref.teamId);
    if (refusal) {
      context.audit.record({
        kind: 'access-refused',
        ...who(principal),
        teamId: ref.teamId,
        docId: ref.caseId,
        code: refusal.code,
        address: request.ip,
        detail: { endpoint: ROUTE, method: request.method },
      });
      sendError(reply, refusal.code, refusal.message);
      return undefined;
    }
    // An erased case's attachments went with it; none is stored or served under its id again.
    if ((await context.store.erasureOf(docKey(ref.teamId, ref.caseId))) !== undefined) {
      sendError(reply, 'doc-erased', 'The case was erased; its attachments went with it.');
      return undefined;
    }
    return { principal, ref };
  }

  const answer = (reply: FastifyReply, state: BlobState, status = 200) =>
    reply
      .code(status)
      .header('cache-control', 'no-store')
      .header(UPLOAD_HEADERS.offset, String(state.offset))
      .header(UPLOAD_HEADERS.length, String(state.length))
      .send(state satisfies UploadState);

  // Defined before the GET, so Fastify does not derive a HEAD from the download.
  http.head(ROUTE, async (request, reply) => {
    const admitted = await admit(request, reply);
    if (!admitted) return reply;
    const state = await blobs.state(admitted.ref);
    if (!state) return reply.code(404).header('cache-control', 'no-store').send();
    return reply
      .code(200)
      .header('cache-control', 'no-store')
      .header(UPLOAD_HEADERS.offset, String(state.offset))
      .header(UPLOAD_HEADERS.length, String(state.length))
      .send();
  });

  http.post(ROUTE, async (request, reply) => {
    const admitted = await admit(request, reply);
    if (!admitted) return reply;
    const { principal, ref } = admitted;
    const length = byteCount.safeParse(request.headers[UPLOAD_HEADERS.length]);
    if (!length.success) {
      return refuse(
        context,
        request,
        reply,
        'bad-request',
        'Upload-Length is missing or not a byte count.',
        principal,
      );
    }
    const existing = await blobs.state(ref);
    if (existing?.complete) return answer(reply, existing);
    if (length.data > limits.maxFileBytes) {
      return refuse(
        context,
        request,
        reply,
        'attachment-too-large',
        `Attachments are limited to ${limits.maxFileBytes} bytes.`,
        principal,
      );
    }
    const held = (await blobs.caseBytes(ref.teamId, ref.caseId)) - (existing?.length ?? 0);
    if (held + length.data > limits.maxCaseBytes) {
      return refuse(
        context,
        request,
        reply,
        'case-attachments-full',
        `The attachments of one case are limited to ${limits.maxCaseBytes} bytes together.`,
        principal,
      );
    }
    const state = await blobs.begin(ref, length.data);
    return answer(reply, state, existing ? 200 : 201);
  });

  http.patch(ROUTE, async (request, reply) => {
    const admitted = await admit(request, reply);
    if (!admitted) return reply;
    const { principal, ref } = admitted;
    const offset = byteCount.safeParse(request.headers[UPLOAD_HEADERS.offset]);
    const chunk = request.body;
    if (!offset.success || !(chunk instanceof Uint8Array) || chunk.length === 0) {
      return refuse(
        context,
        request,
        reply,
        'bad-request',
        `A chunk needs Upload-Offset and a non-empty ${UPLOAD_CHUNK_CONTENT_TYPE} body.`,
        principal,
      );
    }
    let state: BlobState;
    try {
      state = await blobs.append(ref, offset.data, chunk);
    } catch (error) {
      if (isBlobError(error, 'hash-mismatch')) {
        return refuse(context, request, reply, 'attachment-hash-mismatch', error.message, principal);
      }
      if (isBlobError(error, 'offset-mismatch')) {
        return refuse(context, request, reply, 'upload-offset-mismatch', error.message, principal);
      }
      if (isBlobError(error, 'not-found')) {
        return refuse(context, request, reply, 'not-found', error.message, principal);
      }
      throw error;
    }
    if (state.complete) {
      context.audit.record({
        kind: 'attachment-stored',
        ...who(principal),
        teamId: ref.teamId,
        docId: ref.caseId,
        address: request.ip,
        detail: { hash: ref.hash, bytes: state.length },
      });
    }
    return answer(reply, state);
  });

  http.get(ROUTE, async (request, reply) => {
    const admitted = await admit(request, reply);
    if (!admitted) return reply;
    const { principal, ref } = admitted;
    let bytes: Uint8Array;
    try {
      bytes = await blobs.read(ref);
    } catch (error) {
      if (isBlobError(error, 'not-found')) {
        return refuse(context, request, reply, 'not-found', 'No such attachment (yet).', principal);
      }
      if (isBlobError(error, 'corrupt')) {
        request.log.error(
          { team: ref.teamId, doc: ref.caseId, hash: ref.hash },
          'stored attachment is corrupt',
        );
        return refuse(context, request, reply, 'internal', 'The stored attachment is damaged.', principal);
      }
      throw error;
    }
    context.audit.record({
      kind: 'attachment-fetched',
      ...who(principal),
      teamId: ref.teamId,
      docId: ref.caseId,
      address: request.ip,
      detail: { hash: ref.hash, bytes: bytes.length },
    });
    return reply
      .header('cache-control', 'private, no-store')
      .header('content-type', 'application/octet-stream')
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  });
}

function teamRefusal(principal: Principal, teamId: string) {
  return principal.teamIds.has(teamId)
    ? undefined
    : { code: 'not-in-team' as const, message: 'You are not a member of this team.' };
}

function who(principal: Principal) {
  return { userId: principal.userId, login: principal.login, deviceId: principal.deviceId };
}
