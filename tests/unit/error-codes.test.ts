import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERRORS, isErrorCode, isPermanent } from '../../src/protocol/errors.ts';

describe('error codes', () => {
  it('maps every code to an HTTP error status and a valid WebSocket close code', () => {
    for (const code of ERROR_CODES) {
      const { http, ws } = ERRORS[code];
      expect(http, code).toBeGreaterThanOrEqual(400);
      expect(http, code).toBeLessThan(600);
      // 1001, 1011 and 1013 are the standard codes for going away, server error and try again later; ours
      // are in 4000–4999.
      expect([1001, 1011, 1013].includes(ws) || (ws >= 4000 && ws <= 4999), code).toBe(true);
    }
  });

  it('uses each application close code once, so a client can tell them apart', () => {
    const applicationCodes = ERROR_CODES.map((code) => ERRORS[code].ws).filter((ws) => ws >= 4000);
    expect(new Set(applicationCodes).size).toBe(applicationCodes.length);
  });

  it('recognises only known codes', () => {
    expect(isErrorCode('not-found')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(404)).toBe(false);
  });

  it('tells refusals that will repeat from those that may pass later', () => {
    for (const code of [
      'doc-too-large',
      'malformed-frame',
      'not-in-team',
      'not-allowed-for-role',
      'payload-too-large',
    ] as const) {
      expect(isPermanent(code), code).toBe(true);
    }
    for (const code of [
      'internal',
      'rate-limited',
      'token-expired',
      'shutting-down',
      'storage-unavailable',
    ] as const) {
      expect(isPermanent(code), code).toBe(false);
    }
  });
});
