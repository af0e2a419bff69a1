import {
  PASSPHRASE_MIN_LENGTH,
  PIN_MIN_LENGTH,
  SECRET_MAX_LENGTH,
  type SecretProblem,
} from '../../domain/device-secret.ts';
import { fill, localTexts } from '../i18n/index.ts';

/** The rules for a device PIN or passphrase and what is wrong with one, for every form that takes a new one. */
const tx = localTexts({
  de: {
    rules: 'Eine PIN hat mindestens {pin} Ziffern, eine Passphrase mindestens {phrase} Zeichen.',
    'pin-too-short': 'Die PIN braucht mindestens {pin} Ziffern.',
    'passphrase-too-short': 'Die Passphrase braucht mindestens {phrase} Zeichen.',
    'too-long': 'Das ist zu lang (höchstens {max} Zeichen).',
  },
  en: {
    rules: 'A PIN has at least {pin} digits, a passphrase at least {phrase} characters.',
    'pin-too-short': 'The PIN needs at least {pin} digits.',
    'passphrase-too-short': 'The passphrase needs at least {phrase} characters.',
    'too-long': 'That is too long (at most {max} characters).',
  },
});

const LIMITS = { pin: PIN_MIN_LENGTH, phrase: PASSPHRASE_MIN_LENGTH, max: SECRET_MAX_LENGTH };

export function secretRules(): string {
  return fill(tx().rules, LIMITS);
}

export function secretProblem(problem: SecretProblem): string {
  return fill(tx()[problem], LIMITS);
}
