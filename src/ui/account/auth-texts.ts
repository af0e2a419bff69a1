import type { ErrorCode } from '../../protocol/errors.ts';
import type { AuthFailure } from '../../state/session-api.ts';
import { locale } from '../../state/locale.svelte.ts';
import { fill } from '../i18n/index.ts';
import { syncTexts } from '../components/sync-texts.ts';
import { accountTexts } from './account-texts.ts';

/** What the login form says when the relay (or the network) refused a login. */
export function loginErrorText(error: AuthFailure): string {
  switch (error) {
    case 'invalid-credentials':
      return accountTexts().errorInvalidCredentials;
    case 'password-change-required':
      return accountTexts().errorPasswordChangeRequired;
    case 'account-disabled':
      return accountTexts().errorAccountDisabled;
    case 'device-revoked':
      return accountTexts().errorDeviceRevoked;
    case 'rate-limited':
      return accountTexts().errorRateLimited;
    case 'network':
    case 'shutting-down':
    case 'storage-unavailable':
    case 'app-not-built':
      return accountTexts().errorNetwork;
    case 'bad-request':
      return accountTexts().errorBadRequest;
    default:
      return fill(accountTexts().errorOther, { code: error });
  }
}

/** What the app says when the relay refused to sync, or refused one pushed change. */
export function syncRefusalText(code: ErrorCode, connectionRefused: boolean): string {
  switch (code) {
    case 'device-revoked':
      return syncTexts().revoked;
    case 'account-disabled':
      return syncTexts().disabled;
    case 'protocol-unsupported':
      return syncTexts().outdated;
    default:
      return connectionRefused
        ? fill(syncTexts().refused, { code })
        : fill(syncTexts().pushRefused, { code });
  }
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "vor 5 Minuten", "gestern": when something happened, as people say it. */
export function relativeTime(at: number, now: number): string {
  const elapsed = Math.max(0, now - at);
  if (elapsed < 45 * SECOND) return syncTexts().justNow;
  const format = new Intl.RelativeTimeFormat(locale.current, { numeric: 'auto' });
  if (elapsed < HOUR) return format.format(-Math.round(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return format.format(-Math.round(elapsed / HOUR), 'hour');
  return format.format(-Math.round(elapsed / DAY), 'day');
}
