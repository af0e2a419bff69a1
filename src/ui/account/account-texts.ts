import { localTexts } from '../i18n/index.ts';

export const accountTexts = localTexts({
  de: {
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
    pending: 'Nicht synchronisiert',
    logout: 'Abmelden',
    logoutNote:
      'Beim Abmelden werden alle Fälle auf diesem Gerät gelöscht. Was synchronisiert ist, liegt sicher auf dem Server und kommt nach der nächsten Anmeldung zurück.',
    logoutPending:
      'Achtung: {what}. Beim Abmelden werden sie mit allen Daten dieses Geräts gelöscht und gehen verloren. Synchronisieren Sie zuerst, sobald das Gerät online ist.',
    logoutSetAside:
      '{count} Änderungen hat der Server endgültig abgelehnt (siehe „Nicht übertragene Änderungen“). Sie wurden nie übertragen und werden beim Abmelden mit allen Daten dieses Geräts gelöscht.',
    logoutConfirm: 'Trotzdem abmelden und löschen',
    syncFirst: 'Erst synchronisieren',
    loggingOut: 'Wird abgemeldet …',
  },
  en: {
    loginTitle: 'Log in',
    loginIntro: 'Log in with your Lotse account.',
    firstLoginNeedsNetwork:
      'The first login on this device needs a connection to the server. After that you can work without a network, too.',
    offlineNoSession:
      'This device is offline. The first login needs a connection to the server: please connect the device to a network (Wi-Fi or mobile data), then log in.',
    login: 'Username',
    password: 'Password',
    deviceName: 'Device name',
    deviceNameHint: 'How this device appears in the device list, e.g. “Office tablet”.',
    submit: 'Log in',
    submitting: 'Logging in …',
    newPasswordTitle: 'Set a new password',
    newPasswordIntro:
      'Your account needs a new password before you can continue. Choose at least {min} characters; a long sentence is safer than a short, complicated word.',
    newPassword: 'New password',
    newPasswordRepeat: 'Repeat new password',
    newPasswordTooShort: 'The new password must be at least {min} characters long.',
    newPasswordMismatch: 'The two entries do not match.',
    newPasswordSame: 'The new password must differ from the current one.',
    required: 'Please fill in.',
    sessionExpired: 'Session expired – please log in again. Nothing is lost.',
    later: 'Log in later',
    errorInvalidCredentials: 'Username or password is wrong. Please check both and try again.',
    errorPasswordChangeRequired: 'Please set a new password now.',
    errorAccountDisabled:
      'This account is disabled. Please contact your administrator. Everything stored on this device is kept.',
    errorDeviceRevoked:
      'This device has been revoked and may no longer sync. Please contact your administrator. Everything stored on this device is kept.',
    errorRateLimited: 'Too many login attempts. Please wait a few minutes and then try again.',
    errorNetwork: 'The Lotse server cannot be reached. Please check the network connection and try again.',
    errorBadRequest: 'The entries were not accepted. Please check username, password and device name.',
    errorOther: 'Logging in failed ({code}). Please try again later.',
    section: 'Account',
    user: 'Logged in as',
    teams: 'Team',
    noTeam: 'Not in any team: cases stay on this device and are not synced.',
    device: 'This device',
    lastSync: 'Last synced',
    pending: 'Not synced',
    logout: 'Log out',
    logoutNote:
      'Logging out deletes every case on this device. What is synced is safe on the server and comes back after the next login.',
    logoutPending:
      'Caution: {what}. Logging out deletes them with all data on this device, and they are lost. Sync first, as soon as the device is online.',
    logoutSetAside:
      'The server refused {count} changes for good (see “Changes not transferred”). They were never transferred and are deleted with all data on this device when you log out.',
    logoutConfirm: 'Log out and delete anyway',
    syncFirst: 'Sync first',
    loggingOut: 'Logging out …',
  },
});
