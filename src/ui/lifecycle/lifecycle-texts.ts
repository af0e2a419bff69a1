import type { ApiFailure } from '../../state/admin-api.ts';
import { fill, localTexts } from '../i18n/index.ts';

/** Texts the lifecycle screens share: why a step at the relay failed. */
export const lifecycleFailureTexts = localTexts({
  de: {
    network: 'Der Lotse-Server ist nicht erreichbar. Nichts wurde geändert; bitte später erneut versuchen.',
    'no-session': 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
    forbidden:
      'Der Server hat abgelehnt: Dafür fehlt die Berechtigung. Eine Löschung bestätigt immer eine zweite Person (Koordination oder Verwaltung), nie die Person, die sie beantragt hat.',
    'not-found': 'Der Server kennt diesen Fall oder diesen Antrag nicht (mehr).',
    conflict: 'Für diesen Fall ist bereits eine Löschung beantragt.',
    'on-hold': 'Eine Löschsperre hält den Fall. Sie muss erst aufgehoben werden.',
    'doc-erased': 'Dieser Fall wurde auf dem Server bereits gelöscht.',
    'bad-request': 'Bitte geben Sie einen Grund an (höchstens 500 Zeichen).',
    'bad-answer': 'Der Server hat unerwartet geantwortet. Nichts wurde geändert.',
    other: 'Der Server hat abgelehnt (Code „{code}“). Nichts wurde geändert.',
  },
  en: {
    network: 'The Lotse server cannot be reached. Nothing was changed; please try again later.',
    'no-session': 'Your session has expired. Please log in again.',
    forbidden:
      'The server refused: you are not allowed to do this. An erasure is always confirmed by a second person (coordination or administration), never by the person who requested it.',
    'not-found': 'The server does not know this case or this request (any more).',
    conflict: 'An erasure of this case has already been requested.',
    'on-hold': 'A legal hold keeps the case. It has to be lifted first.',
    'doc-erased': 'This case has already been erased on the server.',
    'bad-request': 'Please give a reason (at most 500 characters).',
    'bad-answer': 'The server answered unexpectedly. Nothing was changed.',
    other: 'The server refused (code “{code}”). Nothing was changed.',
  },
});

export function lifecycleFailure(error: ApiFailure): string {
  const texts = lifecycleFailureTexts();
  return error in texts ? texts[error as keyof typeof texts] : fill(texts.other, { code: error });
}
