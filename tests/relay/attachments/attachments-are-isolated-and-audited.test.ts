import { describe, expect, it } from 'vitest';
import { TEAM_A, TEAM_B, useSecurityRelay, type PersonName } from '../security/support.ts';
import { begin, blob, download, head, upload, type Target } from './support.ts';

const sec = useSecurityRelay();

describe('attachments and team isolation', () => {
  it('serves a team’s attachment only to case managers of that team, and audits every access', async () => {
    const anna = await sec.login('anna');
    const { bytes, hash } = blob(50_000);
    const at = (token: string, teamId = TEAM_A): Target => ({
      url: sec.relay.url,
      token,
      teamId,
      caseId: 'case-1',
      hash,
    });
    expect((await upload(at(anna.accessToken), bytes)).body).toMatchObject({ complete: true });

    const refusals: Record<Exclude<PersonName, 'anna'>, string> = {
      bert: 'not-in-team',
      carla: 'forbidden',
      ada: 'forbidden',
    };
    for (const [name, code] of Object.entries(refusals) as [Exclude<PersonName, 'anna'>, string][]) {
      const session = await sec.login(name);
      const other = at(session.accessToken);
      const fetched = await download(other);
      expect(fetched.status, name).toBe(403);
      expect(fetched.body, name).toMatchObject({ error: code });
      expect(fetched.bytes.includes(bytes.subarray(0, 32)), name).toBe(false);
      expect((await head(other)).status, name).toBe(403);
      expect((await begin(other, 10)).status, name).toBe(403);
    }
    // Bert uploads the same bytes under the same name to his own team: that is his team's blob, not Anna's.
    const bert = await sec.login('bert');
    expect((await head(at(bert.accessToken, TEAM_B))).status).toBe(404);
    expect((await download(at('not-a-token'))).status).toBe(401);

    expect((await download(at(anna.accessToken))).bytes.equals(bytes)).toBe(true);

    const stored = await sec.audit({ kind: 'attachment-stored' });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      userId: anna.user.id,
      deviceId: anna.deviceId,
      teamId: TEAM_A,
      docId: 'case-1',
      detail: { hash, bytes: 50_000 },
    });
    const fetched = await sec.audit({ kind: 'attachment-fetched' });
    expect(fetched.map((event) => event.deviceId)).toEqual([anna.deviceId]);
    const refused = await sec.audit({ kind: 'access-refused', teamId: TEAM_A });
    expect(new Set(refused.map((event) => event.code))).toEqual(new Set(['not-in-team', 'forbidden']));
    expect(refused.every((event) => event.docId === 'case-1')).toBe(true);
  });
});
