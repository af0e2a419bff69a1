/**
 * German UI texts: the primary language of Lotse. Vocabulary follows the KIM case-management standard
 * (Fall, Fallakte, Wiedervorlage, Frist, Hürde). English in en.ts must have exactly the same keys.
 */
export const de = {
  app: {
    name: 'Lotse',
    tagline: 'Fallakten für das Kommunale Integrationsmanagement NRW – auch ohne Netz.',
    skipToContent: 'Zum Inhalt springen',
    version: 'Version {version}',
  },
  nav: {
    label: 'Hauptnavigation',
    start: 'Start',
    cases: 'Fälle',
    today: 'Heute',
    reports: 'Berichte',
    settings: 'Einstellungen',
  },
  connection: {
    label: 'Verbindung',
    online: 'Online',
    offline: 'Offline',
    relayUnreachable: 'Server nicht erreichbar',
    offlineHint: 'Sie arbeiten offline. Ihre Eingaben bleiben auf diesem Gerät gespeichert.',
    relayUnreachableHint:
      'Das Netz ist da, aber der Lotse-Server antwortet nicht. Ihre Eingaben bleiben auf diesem Gerät gespeichert.',
  },
  update: {
    available: 'Neue Version verfügbar',
    apply: 'Jetzt aktualisieren',
    later: 'Später',
    applying: 'Wird aktualisiert …',
    offlineReady: 'Lotse ist jetzt auch ohne Netz verfügbar.',
    dismiss: 'Hinweis schließen',
  },
  start: {
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
  cases: {
    title: 'Fälle',
    newCase: 'Neuer Fall',
    caseFile: 'Fallakte',
    empty: 'Auf diesem Gerät sind noch keine Fälle gespeichert.',
  },
  today: {
    title: 'Heute',
    empty: 'Heute und in dieser Woche stehen keine Wiedervorlagen oder Fristen an.',
  },
  reports: {
    title: 'Berichte',
    intro:
      'Berichte fassen strukturelle Hürden und Kennzahlen anonymisiert zusammen, für die Koordination und die Lenkungsgruppe. Kleine Fallzahlen werden unterdrückt.',
    empty: 'Noch keine Daten für Berichte vorhanden.',
  },
  settings: {
    title: 'Einstellungen',
    language: 'Sprache',
    languageHint: 'Die Sprache der Bedienoberfläche auf diesem Gerät.',
    appSection: 'App',
    version: 'Installierte Version',
    offlineStatus: 'Offline-Nutzung',
    checkForUpdate: 'Nach Updates suchen',
    checking: 'Suche nach Updates …',
    upToDate: 'Lotse ist auf dem neuesten Stand.',
    updateCheckFailed: 'Die Suche nach Updates ist fehlgeschlagen. Bitte später erneut versuchen.',
  },
  notFound: {
    title: 'Seite nicht gefunden',
    body: 'Diese Seite gibt es in Lotse nicht.',
    back: 'Zur Startseite',
  },
  language: {
    de: 'Deutsch',
    en: 'English',
  },
} as const;
