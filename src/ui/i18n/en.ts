import type { Messages } from './messages.ts';

/** English UI texts, the second UI language. Same keys as de.ts; the compiler checks that. */
export const en: Messages = {
  app: {
    name: 'Lotse',
    tagline: 'Case files for municipal integration management in NRW – even without a network.',
    skipToContent: 'Skip to content',
    version: 'Version {version}',
  },
  nav: {
    label: 'Main navigation',
    start: 'Start',
    cases: 'Cases',
    today: 'Today',
    reports: 'Reports',
    settings: 'Settings',
  },
  connection: {
    label: 'Connection',
    online: 'Online',
    offline: 'Offline',
    relayUnreachable: 'Server unreachable',
    offlineHint: 'You are working offline. Your entries stay saved on this device.',
    relayUnreachableHint:
      'The network is up, but the Lotse server does not answer. Your entries stay saved on this device.',
  },
  update: {
    available: 'New version available',
    apply: 'Update now',
    later: 'Later',
    applying: 'Updating …',
    offlineReady: 'Lotse is now available offline.',
    dismiss: 'Close notice',
  },
  start: {
    title: 'Welcome to Lotse',
    intro:
      'Keep your case files here – at the Support-Center, on home visits and when accompanying clients to appointments, even without a network.',
    sections: 'Sections',
    casesDescription: 'Find, open and create case files.',
    todayDescription: 'Reminders and deadlines for today and this week.',
    reportsDescription: 'Structural barriers and key figures, anonymised.',
    settingsDescription: 'Language, storage and app version.',
    offlineReady: 'Available offline',
    offlinePending: 'Preparing for offline use …',
    offlineUnsupported: 'This browser does not support offline use.',
  },
  cases: {
    title: 'Cases',
    newCase: 'New case',
    caseFile: 'Case file',
    empty: 'No cases are stored on this device yet.',
  },
  today: {
    title: 'Today',
    empty: 'No reminders or deadlines are due today or this week.',
  },
  reports: {
    title: 'Reports',
    intro:
      'Reports summarise structural barriers and key figures, anonymised, for coordination and the steering group. Small counts are suppressed.',
    empty: 'No data for reports yet.',
  },
  settings: {
    title: 'Settings',
    language: 'Language',
    languageHint: 'The language of the user interface on this device.',
    appSection: 'App',
    version: 'Installed version',
    offlineStatus: 'Offline use',
    checkForUpdate: 'Check for updates',
    checking: 'Checking for updates …',
    upToDate: 'Lotse is up to date.',
    updateCheckFailed: 'Checking for updates failed. Please try again later.',
  },
  notFound: {
    title: 'Page not found',
    body: 'This page does not exist in Lotse.',
    back: 'Back to start',
  },
  language: {
    de: 'Deutsch',
    en: 'English',
  },
};
