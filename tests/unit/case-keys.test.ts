import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CaseKeys } from '../../sync-server/src/reports/case-keys.ts';

const DOC = 'sc-bochum/case-7f3a2c9e';

describe('case keys, coordination’s pseudonyms of cases', () => {
  it('are stable for a case under the same secret, also across instances', () => {
    const secret = randomBytes(48);
    const key = new CaseKeys(secret).of(DOC);
    expect(new CaseKeys(Buffer.from(secret)).of(DOC)).toBe(key);
    expect(new CaseKeys(secret).of(DOC)).toBe(key);
  });

  it('are 22 base64url characters that neither are nor contain the doc id', () => {
    const key = new CaseKeys(randomBytes(48)).of(DOC);
    expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(key).not.toBe(DOC);
    for (const part of DOC.split('/')) expect(key).not.toContain(part);
  });

  it('differ between cases, and between relays with different secrets', () => {
    const keys = new CaseKeys(randomBytes(48));
    expect(keys.of('sc-bochum/case-1')).not.toBe(keys.of('sc-bochum/case-2'));
    expect(keys.of('sc-bochum/case-1')).not.toBe(keys.of('traeger-nord/case-1'));
    expect(new CaseKeys(randomBytes(48)).of(DOC)).not.toBe(keys.of(DOC));
  });

  it('are not a plain hash of the doc id, nor keyed with the token secret itself', () => {
    const secret = randomBytes(48);
    const key = new CaseKeys(secret).of(DOC);
    expect(key).not.toBe(createHash('sha256').update(DOC).digest('base64url').slice(0, 22));
    expect(key).not.toBe(createHmac('sha256', secret).update(DOC).digest('base64url').slice(0, 22));
  });

  it('refuse a secret too short to key anything', () => {
    expect(() => new CaseKeys(randomBytes(16))).toThrow('at least 32 bytes');
  });
});
