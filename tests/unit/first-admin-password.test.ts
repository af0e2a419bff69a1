import { describe, expect, it } from 'vitest';
import { PASSWORD_MIN_LENGTH } from '../../src/protocol/auth.ts';
import { firstAdminNotice, generateOneTimePassword } from '../../sync-server/src/auth/first-admin.ts';

describe("the first admin's one-time password", () => {
  it('is four groups of five characters without look-alikes, long enough for the password rules', () => {
    for (let i = 0; i < 200; i += 1) {
      const password = generateOneTimePassword();
      expect(password).toMatch(/^[a-hjkmnp-z2-9]{5}(-[a-hjkmnp-z2-9]{5}){3}$/);
      expect(password.length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
    }
  });

  it('is different every time', () => {
    const passwords = new Set(Array.from({ length: 100 }, generateOneTimePassword));
    expect(passwords.size).toBe(100);
  });

  it('is shown in a framed notice that says it must be changed', () => {
    const notice = firstAdminNotice('abcde-fghjk-mnpqr-stuvw');
    const lines = notice.split('\n');
    const rules = lines.filter((line) => /^={40,}$/.test(line));
    expect(rules).toHaveLength(2);
    expect(lines.filter((line) => line.includes('abcde-fghjk-mnpqr-stuvw'))).toHaveLength(1);
    expect(notice).toMatch(/login:\s+admin/);
    expect(notice).toMatch(/must choose a new password/);
  });
});
