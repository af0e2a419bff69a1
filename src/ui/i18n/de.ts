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
    lock: 'Sperren',
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
  conflicts: {
    title: 'Gleichzeitig geändert – bitte entscheiden',
    intro:
      'Diese Angaben wurden auf einem anderen Gerät geändert, das Ihre Änderung noch nicht kannte. Wählen Sie, welcher Wert gilt.',
    field: '{part} › {field}',
    fieldOfRecord: '{part} „{record}“ › {field}',
    unknownField: 'Unbekanntes Feld ({path})',
    mine: 'Ihr Wert',
    theirs: 'Wert von {who} ({when})',
    theirsArrived: 'Wert von {who} (eingetroffen {when})',
    someone: 'einer anderen Person',
    empty: '(leer)',
    yes: 'Ja',
    no: 'Nein',
    holdsMine: 'Die Fallakte zeigt gerade Ihren Wert.',
    holdsTheirs: 'Die Fallakte zeigt gerade den Wert von {who}.',
    holdsOther: 'Die Fallakte zeigt gerade einen weiteren Wert: {value}.',
    keepMine: 'Meinen Wert behalten',
    takeTheirs: 'Wert von {who} übernehmen',
    saving: 'Wird gespeichert …',
    failed: 'Nicht übernommen: {reason}',
    uncheckedTitle: 'Änderungen ungeprüft gespeichert',
    unchecked:
      'Am {when} sind Änderungen von anderen Geräten eingetroffen, die nicht mit Ihren Änderungen verglichen werden konnten ({reason}). Sie sind gespeichert; bitte sehen Sie die Fallakte durch, ob einer Ihrer Werte ersetzt wurde.',
    uncheckedSeen: 'Gelesen',
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
  account: {
    loginTitle: 'Anmelden',
    loginIntro: 'Melden Sie sich mit Ihrem Lotse-Konto an.',
    firstLoginNeedsNetwork:
      'Für die erste Anmeldung auf diesem Gerät braucht Lotse eine Verbindung zum Server. Danach können Sie auch ohne Netz arbeiten.',
    offlineNoSession:
      'Dieses Gerät ist offline. Die erste Anmeldung braucht eine Verbindung zum Server: Bitte verbinden Sie das Gerät mit dem Netz (WLAN oder Mobilfunk) und melden Sie sich dann an.',
    login: 'Benutzername',
    password: 'Passwort',
    deviceName: 'Gerätename',
    deviceNameHint: 'So erscheint dieses Gerät in der Geräteliste, z. B. „Tablet Büro“.',
    submit: 'Anmelden',
    submitting: 'Wird angemeldet …',
    newPasswordTitle: 'Neues Passwort festlegen',
    newPasswordIntro:
      'Ihr Konto braucht ein neues Passwort, bevor es weitergeht. Wählen Sie mindestens {min} Zeichen; ein langer Satz ist sicherer als ein kurzes, kompliziertes Wort.',
    newPassword: 'Neues Passwort',
    newPasswordRepeat: 'Neues Passwort wiederholen',
    newPasswordTooShort: 'Das neue Passwort muss mindestens {min} Zeichen lang sein.',
    newPasswordMismatch: 'Die beiden Eingaben stimmen nicht überein.',
    newPasswordSame: 'Das neue Passwort muss sich vom bisherigen unterscheiden.',
    required: 'Bitte ausfüllen.',
    sessionExpired: 'Sitzung abgelaufen – bitte erneut anmelden. Es geht nichts verloren.',
    later: 'Später anmelden',
    errorInvalidCredentials:
      'Benutzername oder Passwort ist falsch. Bitte prüfen Sie beides und versuchen Sie es erneut.',
    errorPasswordChangeRequired: 'Bitte legen Sie jetzt ein neues Passwort fest.',
    errorAccountDisabled:
      'Dieses Konto ist gesperrt. Bitte wenden Sie sich an die Administration. Was auf diesem Gerät gespeichert ist, bleibt erhalten.',
    errorDeviceRevoked:
      'Dieses Gerät wurde gesperrt und darf nicht mehr synchronisieren. Bitte wenden Sie sich an die Administration. Was auf diesem Gerät gespeichert ist, bleibt erhalten.',
    errorRateLimited:
      'Zu viele Anmeldeversuche. Bitte warten Sie einige Minuten und versuchen Sie es dann erneut.',
    errorNetwork:
      'Der Lotse-Server ist nicht erreichbar. Bitte prüfen Sie die Netzverbindung und versuchen Sie es erneut.',
    errorBadRequest:
      'Die Eingaben wurden nicht angenommen. Bitte prüfen Sie Benutzername, Passwort und Gerätename.',
    errorOther: 'Die Anmeldung ist fehlgeschlagen ({code}). Bitte versuchen Sie es später erneut.',
    section: 'Konto',
    user: 'Angemeldet als',
    teams: 'Team',
    noTeam: 'Keinem Team zugeordnet: Fälle bleiben auf diesem Gerät und werden nicht synchronisiert.',
    device: 'Dieses Gerät',
    lastSync: 'Zuletzt synchronisiert',
    pending: 'Nicht synchronisierte Änderungen',
    logout: 'Abmelden',
    logoutNote:
      'Beim Abmelden werden alle Fälle auf diesem Gerät gelöscht. Was synchronisiert ist, liegt sicher auf dem Server und kommt nach der nächsten Anmeldung zurück.',
    logoutPending:
      'Achtung: {count} Änderungen sind noch nicht synchronisiert. Beim Abmelden werden sie mit allen Daten dieses Geräts gelöscht und gehen verloren. Synchronisieren Sie zuerst, sobald das Gerät online ist.',
    logoutSetAside:
      '{count} Änderungen hat der Server endgültig abgelehnt (siehe „Nicht übertragene Änderungen“). Sie wurden nie übertragen und werden beim Abmelden mit allen Daten dieses Geräts gelöscht.',
    logoutConfirm: 'Trotzdem abmelden und löschen',
    syncFirst: 'Erst synchronisieren',
    cancel: 'Abbrechen',
    loggingOut: 'Wird abgemeldet …',
  },
  sync: {
    label: 'Synchronisierung',
    connecting: 'Verbindet …',
    notSyncing: 'Nicht synchronisiert',
    pending: '{count} Änderungen nicht synchronisiert',
    pendingOne: '1 Änderung nicht synchronisiert',
    allSynced: 'Alle Änderungen synchronisiert',
    lastSynced: 'Zuletzt synchronisiert: {time}',
    neverSynced: 'Noch nie synchronisiert',
    justNow: 'gerade eben',
    loadingLabel: 'Fälle werden geladen',
    loading: 'Fälle werden geladen: {done} von {total}',
    relogin: 'Erneut anmelden',
    revoked:
      'Dieses Gerät wurde gesperrt und synchronisiert nicht mehr. Was auf diesem Gerät gespeichert ist, bleibt erhalten. Bitte wenden Sie sich an die Administration.',
    disabled:
      'Ihr Konto ist gesperrt; Lotse synchronisiert nicht mehr. Was auf diesem Gerät gespeichert ist, bleibt erhalten. Bitte wenden Sie sich an die Administration.',
    outdated:
      'Diese App-Version passt nicht zum Server. Bitte aktualisieren Sie Lotse (Einstellungen → Nach Updates suchen). Es geht nichts verloren.',
    pushRefused:
      'Der Server hat eine Änderung nicht angenommen ({code}). Sie bleibt auf diesem Gerät gespeichert und wird beim nächsten Verbinden erneut gesendet.',
    refused:
      'Der Server hat die Synchronisierung abgelehnt ({code}). Ihre Eingaben bleiben auf diesem Gerät gespeichert.',
  },
} as const;
