import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachmentPath } from '../../../src/protocol/attachments.ts';
import { request, TEAM_A, useSecurityRelay } from '../security/support.ts';
import { begin, blob, chunk, download, head, upload, type Target } from './support.ts';

const KIB = 1024;
const sec = useSecurityRelay({ attachments: { maxFileBytes: 200 * KIB, maxCaseBytes: 300 * KIB } });

describe('attachment uploads the relay refuses', () => {
  it('drops an upload whose bytes do not match the hash it was sent under', async () => {
    const anna = await sec.login('anna');
    const { bytes, hash } = blob(100 * KIB);
    const tampered = Buffer.from(bytes);
    tampered[5_000] = (tampered[5_000] ?? 0) ^ 0xff;
    const t: Target = { url: sec.relay.url, token: anna.accessToken, teamId: TEAM_A, caseId: 'case-1', hash };

    const answer = await upload(t, tampered);
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ error: 'attachment-hash-mismatch' });
    expect((await head(t)).status).toBe(404);
    expect((await download(t)).status).toBe(404);
    expect(await readdir(path.join(sec.relay.dataDir, 'attachments', `t_${TEAM_A}`, 'c_case-1'))).toEqual([]);

    // The right bytes under the same name are then accepted.
    expect((await upload(t, bytes)).body).toMatchObject({ complete: true });
    expect((await download(t)).bytes.equals(bytes)).toBe(true);
    const refused = await sec.audit({ kind: 'access-refused' });
    expect(refused.map((event) => event.code)).toContain('attachment-hash-mismatch');
  });

  it('never serves a stored attachment whose bytes changed on disk', async () => {
    const anna = await sec.login('anna');
    const { bytes, hash } = blob(20 * KIB);
    const t: Target = { url: sec.relay.url, token: anna.accessToken, teamId: TEAM_A, caseId: 'case-1', hash };
    expect((await upload(t, bytes)).body).toMatchObject({ complete: true });
    const damaged = Buffer.from(bytes);
    damaged[0] = (damaged[0] ?? 0) ^ 1;
    await writeFile(path.join(sec.relay.dataDir, 'attachments', `t_${TEAM_A}`, 'c_case-1', hash), damaged);
    const fetched = await download(t);
    expect(fetched.status).toBe(500);
    expect(fetched.bytes.includes(damaged.subarray(0, 64))).toBe(false);
  });

  it('refuses a file over the per-file limit and one that would fill the case beyond its limit', async () => {
    const anna = await sec.login('anna');
    const target = (caseId: string, hash: string): Target => ({
      url: sec.relay.url,
      token: anna.accessToken,
      teamId: TEAM_A,
      caseId,
      hash,
    });
    const big = blob(200 * KIB + 1);
    const tooBig = await upload(target('case-1', big.hash), big.bytes);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({ error: 'attachment-too-large' });

    const first = blob(150 * KIB);
    const second = blob(100 * KIB);
    const third = blob(100 * KIB);
    expect((await upload(target('case-1', first.hash), first.bytes)).body).toMatchObject({ complete: true });
    expect((await upload(target('case-1', second.hash), second.bytes)).body).toMatchObject({
      complete: true,
    });
    const full = await upload(target('case-1', third.hash), third.bytes);
    expect(full.status).toBe(413);
    expect(full.body).toMatchObject({ error: 'case-attachments-full' });
    // The limit is per case: another case still takes it.
    expect((await upload(target('case-2', third.hash), third.bytes)).body).toMatchObject({ complete: true });
  });

  it('refuses malformed names and chunks', async () => {
    const anna = await sec.login('anna');
    const { bytes, hash } = blob(10 * KIB);
    const badHash = await upload(
      { url: sec.relay.url, token: anna.accessToken, teamId: TEAM_A, caseId: 'case-1', hash: 'A'.repeat(64) },
      bytes,
    );
    expect(badHash.status).toBe(400);
    const t: Target = { url: sec.relay.url, token: anna.accessToken, teamId: TEAM_A, caseId: 'case-1', hash };
    const noLength = await request(t, 'POST', attachmentPath(TEAM_A, 'case-1', hash), {
      token: anna.accessToken,
    });
    expect(noLength.body).toMatchObject({ error: 'bad-request' });
    expect((await begin(t, bytes.length)).status).toBe(201);
    const empty = await chunk(t, 0, new Uint8Array());
    expect(empty.body).toMatchObject({ error: 'bad-request' });
    expect((await head(t)).headers.get('upload-offset')).toBe('0');
  });
});
