import { localTexts } from '../i18n/index.ts';

export const startTexts = localTexts({
  de: {
    title: 'Willkommen bei Lotse',
    intro:
      'Hier führen Sie Ihre Fallakten – im Support-Center, beim Hausbesuch und bei der Begleitung zu Terminen, auch ohne Netz.',
    sections: 'Bereiche',
    casesDescription: 'Fallakten suchen, öffnen und anlegen.',
    todayDescription: 'Wiedervorlagen und Fristen für heute und diese Woche.',
    reportsDescription: 'Strukturelle Hürden und Kennzahlen, anonymisiert.',
    settingsDescription: 'Sprache, Speicher und App-Version.',
    offlineReady: 'Offline verfügbar',
    offlinePending: 'Wird für die Offline-Nutzung vorbereitet …',
    offlineUnsupported: 'Dieser Browser unterstützt keine Offline-Nutzung.',
  },
  en: {
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
});
