import { createHash, randomBytes } from 'node:crypto';
import {
  attachmentPath,
  UPLOAD_CHUNK_CONTENT_TYPE,
  UPLOAD_HEADERS,
} from '../../../src/protocol/attachments.ts';
import { request, type Answer } from '../security/support.ts';

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Random bytes standing in for an encrypted attachment, and the name they are uploaded under. */
export function blob(size: number): { bytes: Buffer; hash: string } {
  const bytes = randomBytes(size);
  return { bytes, hash: sha256(bytes) };
}

export interface Target {
  readonly url: string;
  token: string;
  teamId: string;
  caseId: string;
  hash: string;
}

const pathOf = (t: Target) => attachmentPath(t.teamId, t.caseId, t.hash);

export function begin(t: Target, length: number): Promise<Answer> {
  return request(t, 'POST', pathOf(t), {
    token: t.token,
    headers: { [UPLOAD_HEADERS.length]: String(length) },
  });
}

export async function chunk(t: Target, offset: number, bytes: Uint8Array): Promise<Answer> {
  const response = await fetch(new URL(pathOf(t), t.url), {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${t.token}`,
      'content-type': UPLOAD_CHUNK_CONTENT_TYPE,
      [UPLOAD_HEADERS.offset]: String(offset),
    },
    body: Buffer.from(bytes),
  });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('application/json');
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: json ? JSON.parse(text) : undefined,
  };
}

/** Where the upload stands: HEAD answers in headers only. */
export async function head(t: Target): Promise<{ status: number; headers: Headers }> {
  const response = await fetch(new URL(pathOf(t), t.url), {
    method: 'HEAD',
    headers: { authorization: `Bearer ${t.token}` },
  });
  return { status: response.status, headers: response.headers };
}

export async function download(t: Target): Promise<{ status: number; bytes: Buffer; body: unknown }> {
  const response = await fetch(new URL(pathOf(t), t.url), {
    headers: { authorization: `Bearer ${t.token}` },
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const json = (response.headers.get('content-type') ?? '').includes('application/json');
  return { status: response.status, bytes, body: json ? JSON.parse(bytes.toString('utf8')) : undefined };
}

/** Uploads `bytes` whole, in chunks of `size`; resolves the last answer. */
export async function upload(t: Target, bytes: Uint8Array, size = 64 * 1024): Promise<Answer> {
  const started = await begin(t, bytes.length);
  if (started.status >= 300) return started;
  let last = started;
  for (let offset = 0; offset < bytes.length; offset += size) {
    last = await chunk(t, offset, bytes.subarray(offset, offset + size));
    if (last.status >= 300) return last;
  }
  return last;
}
