import http from 'node:http';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachmentPath, UPLOAD_CHUNK_CONTENT_TYPE } from '../../../src/protocol/attachments.ts';
import { TEAM_A, useSecurityRelay } from '../security/support.ts';
import { begin, blob, chunk, download, head, type Target } from './support.ts';

const sec = useSecurityRelay();

/** Sends the head of a chunk's body, then cuts the connection before the rest. */
function cutChunk(t: Target, offset: number, whole: Uint8Array, sent: number): Promise<void> {
  const url = new URL(attachmentPath(t.teamId, t.caseId, t.hash), t.url);
  return new Promise((resolve) => {
    const req = http.request(url, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${t.token}`,
        'content-type': UPLOAD_CHUNK_CONTENT_TYPE,
        'upload-offset': String(offset),
        'content-length': String(whole.length),
      },
    });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.write(whole.subarray(0, sent), () => req.destroy());
  });
}

describe('a resumable attachment upload', () => {
  it('goes on where the relay stands after a cut connection, and serves only the whole verified blob', async () => {
    const anna = await sec.login('anna');
    const { bytes, hash } = blob(300_000);
    const t: Target = { url: sec.relay.url, token: anna.accessToken, teamId: TEAM_A, caseId: 'case-1', hash };

    expect((await begin(t, bytes.length)).body).toEqual({ offset: 0, length: bytes.length, complete: false });
    expect((await chunk(t, 0, bytes.subarray(0, 100_000))).body).toMatchObject({ offset: 100_000 });

    // The second chunk's connection is cut halfway: nothing of it is kept.
    await cutChunk(t, 100_000, bytes.subarray(100_000, 200_000), 50_000);
    const standing = await head(t);
    expect(standing.status).toBe(200);
    expect(standing.headers.get('upload-offset')).toBe('100000');
    expect(standing.headers.get('upload-length')).toBe('300000');

    // Nothing is served while the upload is incomplete.
    expect((await download(t)).status).toBe(404);

    // A chunk for the wrong offset is refused with where the upload stands.
    const wrong = await chunk(t, 150_000, bytes.subarray(150_000, 200_000));
    expect(wrong.status).toBe(409);
    expect(wrong.body).toMatchObject({ error: 'upload-offset-mismatch' });

    // A begin again (another device, or this one after a restart) answers the same state.
    expect((await begin(t, bytes.length)).body).toEqual({
      offset: 100_000,
      length: 300_000,
      complete: false,
    });
    await chunk(t, 100_000, bytes.subarray(100_000, 200_000));
    const done = await chunk(t, 200_000, bytes.subarray(200_000));
    expect(done.body).toEqual({ offset: 300_000, length: 300_000, complete: true });

    const fetched = await download(t);
    expect(fetched.status).toBe(200);
    expect(fetched.bytes.equals(bytes)).toBe(true);
    // Uploading it again is answered as stored, without a byte sent.
    expect((await begin(t, bytes.length)).body).toEqual({ offset: 300_000, length: 300_000, complete: true });

    const files = await readdir(path.join(sec.relay.dataDir, 'attachments', `t_${TEAM_A}`, 'c_case-1'));
    expect(files).toEqual([hash]);
  });
});
