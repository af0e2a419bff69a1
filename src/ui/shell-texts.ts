import { localTexts } from './i18n/index.ts';

export const appTexts = localTexts({
  de: {
    name: 'Lotse',
    skipToContent: 'Zum Inhalt springen',
    lock: 'Sperren',
  },
  en: {
    name: 'Lotse',
    skipToContent: 'Skip to content',
    lock: 'Lock',
  },
});

export const navTexts = localTexts({
  de: {
    label: 'Hauptnavigation',
    start: 'Start',
    cases: 'Fälle',
    today: 'Heute',
    reports: 'Berichte',
    settings: 'Einstellungen',
  },
  en: {
    label: 'Main navigation',
    start: 'Start',
    cases: 'Cases',
    today: 'Today',
    reports: 'Reports',
    settings: 'Settings',
  },
});

export const casesTexts = localTexts({
  de: {
    title: 'Fälle',
    newCase: 'Neuer Fall',
    caseFile: 'Fallakte',
  },
  en: {
    title: 'Cases',
    newCase: 'New case',
    caseFile: 'Case file',
  },
});

export const todayTexts = localTexts({
  de: {
    title: 'Heute',
  },
  en: {
    title: 'Today',
  },
});

export const languageTexts = localTexts({
  de: {
    de: 'Deutsch',
    en: 'English',
  },
  en: {
    de: 'Deutsch',
    en: 'English',
  },
});
