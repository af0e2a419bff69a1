import {
  PASSPHRASE_MIN_LENGTH,
  PIN_MIN_LENGTH,
  SECRET_MAX_LENGTH,
  type SecretKind,
  type SecretProblem,
} from '../../domain/device-secret.ts';
import { fill, localTexts } from '../i18n/index.ts';

/** The rules for a device PIN or passphrase and what is wrong with one, for every form that takes a new one. */
const tx = localTexts({
  de: {
    rules: 'Eine PIN hat mindestens {pin} Ziffern, eine Passphrase mindestens {phrase} Zeichen.',
    pinRules:
      'Mindestens {pin} Ziffern. Nicht erlaubt, weil leicht zu erraten: eine Ziffer allein (111111), Zahlenfolgen (123456, 654321) und Wiederholungen (121212, 123123).',
    passphraseRules: 'Mindestens {phrase} Zeichen, zum Beispiel einige Wörter.',
    'pin-too-short': 'Die PIN braucht mindestens {pin} Ziffern.',
    'pin-same-digit':
      'Diese PIN besteht aus einer einzigen Ziffer und ist leicht zu erraten. Bitte eine andere wählen.',
    'pin-sequence':
      'Diese PIN ist eine Zahlenfolge (wie 123456 oder 654321) und leicht zu erraten. Bitte eine andere wählen.',
    'pin-repeated':
      'Diese PIN wiederholt ein kurzes Muster (wie 121212 oder 123123) und ist leicht zu erraten. Bitte eine andere wählen.',
    'pin-not-digits':
      'Eine PIN besteht nur aus Ziffern. Für Buchstaben und Zeichen „Passphrase verwenden“ wählen.',
    'passphrase-too-short': 'Die Passphrase braucht mindestens {phrase} Zeichen.',
    'too-long': 'Das ist zu lang (höchstens {max} Zeichen).',
  },
  en: {
    rules: 'A PIN has at least {pin} digits, a passphrase at least {phrase} characters.',
    pinRules:
      'At least {pin} digits. Not allowed, because easy to guess: one digit throughout (111111), runs (123456, 654321) and repetitions (121212, 123123).',
    passphraseRules: 'At least {phrase} characters, for example a few words.',
    'pin-too-short': 'The PIN needs at least {pin} digits.',
    'pin-same-digit': 'This PIN is one digit throughout and easy to guess. Please choose another.',
    'pin-sequence':
      'This PIN is a run of digits (like 123456 or 654321) and easy to guess. Please choose another.',
    'pin-repeated':
      'This PIN repeats a short pattern (like 121212 or 123123) and is easy to guess. Please choose another.',
    'pin-not-digits': 'A PIN is digits only. For letters and other characters choose “Use a passphrase”.',
    'passphrase-too-short': 'The passphrase needs at least {phrase} characters.',
    'too-long': 'That is too long (at most {max} characters).',
  },
});

const LIMITS = { pin: PIN_MIN_LENGTH, phrase: PASSPHRASE_MIN_LENGTH, max: SECRET_MAX_LENGTH };

export function secretRules(): string {
  return fill(tx().rules, LIMITS);
}

/** The rules for the kind of secret being chosen, shown before it is submitted. */
export function kindRules(kind: SecretKind): string {
  return fill(kind === 'pin' ? tx().pinRules : tx().passphraseRules, LIMITS);
}

export function secretProblem(problem: SecretProblem | 'pin-not-digits'): string {
  return fill(tx()[problem], LIMITS);
}
