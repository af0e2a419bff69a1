import { localTexts } from '../i18n/index.ts';

export const updateTexts = localTexts({
  de: {
    available: 'Neue Version verfügbar',
    apply: 'Jetzt aktualisieren',
    later: 'Später',
    applying: 'Wird aktualisiert …',
  },
  en: {
    available: 'New version available',
    apply: 'Update now',
    later: 'Later',
    applying: 'Updating …',
  },
});
