import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import type { RelayStore } from '../storage/contract.ts';
import { AccountError, createAccount } from './accounts.ts';

export const FIRST_ADMIN_LOGIN = 'admin';

/** Lower-case letters and digits without look-alikes (0/o, 1/l/i), easy to read off a terminal and type. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Four groups of five characters, e.g. `k7dmx-p3rta-9wqhe-ufn2c`: about 99 bits of randomness. */
export function generateOneTimePassword(): string {
  const group = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return Array.from({ length: 4 }, group).join('-');
}

/** The framed block the relay prints once, on its first start. */
export function firstAdminNotice(password: string): string {
  const rule = '='.repeat(72);
  return [
    '',
    rule,
    '  Lotse: first start. An administrator account was created.',
    '',
    `    login:     ${FIRST_ADMIN_LOGIN}`,
    `    password:  ${password}`,
    '',
    '  This one-time password is shown only now and is not written to any log.',
    '  Log in with it in the app; you must choose a new password at the first login.',
    '  Teams and users can also be managed with `npm run admin -- --help`.',
    rule,
    '',
    '',
  ].join('\n');
}

/**
 * On a fresh database (no users at all), creates the administrator `admin` with a random one-time password
 * that must be changed at the first login, and passes the notice to `announce` (stderr in production, so
 * the password goes to the operator's terminal and never into the JSON logs). Resolves whether it created one.
 */
export async function ensureFirstAdmin(
  store: RelayStore,
  log: Logger,
  announce: (text: string) => void,
): Promise<boolean> {
  if ((await store.countUsers()) > 0) return false;
  const password = generateOneTimePassword();
  try {
    const user = await createAccount(store, {
      login: FIRST_ADMIN_LOGIN,
      displayName: 'Administrator',
      role: 'admin',
      teamIds: [],
      password,
      mustChangePassword: true,
    });
    log.info(
      { login: user.login, userId: user.id },
      'first start: created the administrator account; its one-time password was printed to stderr',
    );
  } catch (error) {
    // Another relay process on the same database was faster; its operator got the password.
    if (error instanceof AccountError && (await store.userByLogin(FIRST_ADMIN_LOGIN))) return false;
    throw error;
  }
  announce(firstAdminNotice(password));
  return true;
}
