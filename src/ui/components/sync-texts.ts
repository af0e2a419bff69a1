import { localTexts } from '../i18n/index.ts';

export const connectionTexts = localTexts({
  de: {
    label: 'Verbindung',
    online: 'Online',
    offline: 'Offline',
    relayUnreachable: 'Server nicht erreichbar',
    offlineHint: 'Sie arbeiten offline. Ihre Eingaben bleiben auf diesem Gerät gespeichert.',
    relayUnreachableHint:
      'Das Netz ist da, aber der Lotse-Server antwortet nicht. Ihre Eingaben bleiben auf diesem Gerät gespeichert.',
  },
  en: {
    label: 'Connection',
    online: 'Online',
    offline: 'Offline',
    relayUnreachable: 'Server unreachable',
    offlineHint: 'You are working offline. Your entries stay saved on this device.',
    relayUnreachableHint:
      'The network is up, but the Lotse server does not answer. Your entries stay saved on this device.',
  },
});

export const syncTexts = localTexts({
  de: {
    label: 'Synchronisierung',
    connecting: 'Verbindet …',
    notSyncing: 'Nicht synchronisiert',
    allSynced: 'Alle Änderungen synchronisiert',
    lastSynced: 'Zuletzt synchronisiert: {time}',
    neverSynced: 'Noch nie synchronisiert',
    justNow: 'gerade eben',
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
  en: {
    label: 'Sync',
    connecting: 'Connecting …',
    notSyncing: 'Not syncing',
    allSynced: 'All changes synced',
    lastSynced: 'Last synced: {time}',
    neverSynced: 'Never synced',
    justNow: 'just now',
    loading: 'Loading cases: {done} of {total}',
    relogin: 'Log in again',
    revoked:
      'This device has been revoked and no longer syncs. Everything stored on this device is kept. Please contact your administrator.',
    disabled:
      'Your account is disabled; Lotse no longer syncs. Everything stored on this device is kept. Please contact your administrator.',
    outdated:
      'This app version does not match the server. Please update Lotse (Settings → Check for updates). Nothing is lost.',
    pushRefused:
      'The server did not accept a change ({code}). It stays stored on this device and is sent again at the next connection.',
    refused: 'The server refused to sync ({code}). Your entries stay stored on this device.',
  },
});

/** The notice that cases were erased on the relay and so from this device (docs/architecture.md#data-lifecycle). */
export const erasureTexts = localTexts({
  de: {
    label: 'Gelöschte Fälle',
    withNumber: 'Der Fall {caseNumber} wurde gelöscht ({reason}).',
    withoutNumber: 'Ein Fall wurde gelöscht ({reason}).',
    retention: 'Aufbewahrungsfrist abgelaufen',
    request: 'auf Antrag',
    unknown: 'auf dem Server',
    droppedOne:
      'Eine nicht synchronisierte Änderung an diesem Fall wurde verworfen, weil der Fall nicht mehr besteht.',
    droppedMany:
      '{count} nicht synchronisierte Änderungen an diesem Fall wurden verworfen, weil der Fall nicht mehr besteht.',
    more: 'Außerdem wurden {count} weitere Fälle gelöscht.',
    dismiss: 'Verstanden',
  },
  en: {
    label: 'Erased cases',
    withNumber: 'The case {caseNumber} was erased ({reason}).',
    withoutNumber: 'A case was erased ({reason}).',
    retention: 'retention period ended',
    request: 'on request',
    unknown: 'on the server',
    droppedOne: 'One unsynced change to this case was dropped, because the case no longer exists.',
    droppedMany: '{count} unsynced changes to this case were dropped, because the case no longer exists.',
    more: '{count} more cases were erased as well.',
    dismiss: 'Understood',
  },
});
