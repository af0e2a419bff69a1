import { COORDINATION_DOC_ID, isThemenFeedDocId } from '../../domain/doc-kinds.ts';
import { isTeamDocId } from '../../domain/team-directory.ts';
import type { AuditKind } from '../../protocol/admin.ts';
import { locale, type Locale } from '../../state/locale.svelte.ts';
import type { ApiFailure } from '../../state/admin-api.ts';
import { fill } from '../i18n/index.ts';

/** What each kind of audit event is called in the audit log's "Art" column and filter. */
export const AUDIT_KIND_LABELS: Record<Locale, Record<AuditKind, string>> = {
  de: {
    login: 'Anmeldung',
    'login-failed': 'Anmeldung fehlgeschlagen',
    logout: 'Abmeldung',
    'password-changed': 'Passwort geändert',
    'password-change-failed': 'Passwortänderung fehlgeschlagen',
    'password-change-required': 'Neues Passwort verlangt',
    'refresh-refused': 'Sitzungsverlängerung abgelehnt',
    'refresh-reused': 'Sitzungsschlüssel doppelt verwendet – Gerät abgemeldet',
    'device-registered': 'Gerät angemeldet',
    'device-revoked': 'Gerät gesperrt',
    'access-refused': 'Zugriff abgelehnt',
    'rate-limited': 'Zu viele Versuche – gebremst',
    'doc-fetched': 'Fallakte abgerufen',
    'doc-changed': 'Fallakte geändert',
    'vocabulary-changed': 'Teamvokabular geändert',
    'report-requested': 'Bericht abgefragt',
    'barrier-reports-requested': 'Gemeldete Barrieren abgefragt',
    'coordination-changed': 'Koordination geändert',
    'attachment-stored': 'Anhang hochgeladen',
    'attachment-fetched': 'Anhang abgerufen',
    'case-erased': 'Fall gelöscht',
    'erasure-skipped': 'Löschung zurückgestellt',
    'legal-hold-set': 'Löschsperre gesetzt',
    'legal-hold-lifted': 'Löschsperre aufgehoben',
    'erasure-requested': 'Löschung beantragt',
    'erasure-request-dropped': 'Löschantrag zurückgenommen',
    'audit-cut': 'Alte Protokolleinträge entfernt',
    'case-access-listed': 'Zugriffe auf einen Fall abgefragt (Auskunft)',
  },
  en: {
    login: 'Login',
    'login-failed': 'Login failed',
    logout: 'Logout',
    'password-changed': 'Password changed',
    'password-change-failed': 'Password change failed',
    'password-change-required': 'New password required',
    'refresh-refused': 'Session renewal refused',
    'refresh-reused': 'Session key used twice – device signed out',
    'device-registered': 'Device registered',
    'device-revoked': 'Device revoked',
    'access-refused': 'Access refused',
    'rate-limited': 'Too many attempts – slowed down',
    'doc-fetched': 'Case file fetched',
    'doc-changed': 'Case file changed',
    'vocabulary-changed': 'Team vocabulary changed',
    'report-requested': 'Report requested',
    'barrier-reports-requested': 'Reported barriers requested',
    'coordination-changed': 'Coordination changed',
    'attachment-stored': 'Attachment uploaded',
    'attachment-fetched': 'Attachment fetched',
    'case-erased': 'Case erased',
    'erasure-skipped': 'Erasure deferred',
    'legal-hold-set': 'Legal hold set',
    'legal-hold-lifted': 'Legal hold lifted',
    'erasure-requested': 'Erasure requested',
    'erasure-request-dropped': 'Erasure request withdrawn',
    'audit-cut': 'Old audit events removed',
    'case-access-listed': 'Accesses to a case listed (subject access)',
  },
};

export function auditKindLabel(kind: AuditKind): string {
  return AUDIT_KIND_LABELS[locale.current][kind];
}

/** What a fetched or changed doc that is not a case file is called in the audit log. */
const DOC_EVENT_LABELS: Record<
  Locale,
  Record<'team' | 'feed' | 'coordination', Record<'doc-fetched' | 'doc-changed', string>>
> = {
  de: {
    team: { 'doc-fetched': 'Teamverzeichnis abgerufen', 'doc-changed': 'Teamverzeichnis geändert' },
    feed: {
      'doc-fetched': 'Themen-Rückmeldung an das Team abgerufen',
      'doc-changed': 'Themen-Rückmeldung an das Team geändert',
    },
    coordination: {
      'doc-fetched': 'Themen der Koordination abgerufen',
      'doc-changed': 'Themen der Koordination geändert',
    },
  },
  en: {
    team: { 'doc-fetched': 'Team directory fetched', 'doc-changed': 'Team directory changed' },
    feed: { 'doc-fetched': "Team's Themen feed fetched", 'doc-changed': "Team's Themen feed changed" },
    coordination: {
      'doc-fetched': "Coordination's Themen fetched",
      'doc-changed': "Coordination's Themen changed",
    },
  },
};

/**
 * An event's "Art" as shown in a row: a doc event names the kind of doc it touched, so fetching the
 * Themen or a team directory never reads as a case file being fetched.
 */
export function auditEventLabel(event: { kind: AuditKind; docId: string | null }): string {
  if ((event.kind === 'doc-fetched' || event.kind === 'doc-changed') && event.docId !== null) {
    const docKind =
      event.docId === COORDINATION_DOC_ID
        ? 'coordination'
        : isThemenFeedDocId(event.docId)
          ? 'feed'
          : isTeamDocId(event.docId)
            ? 'team'
            : undefined;
    if (docKind) return DOC_EVENT_LABELS[locale.current][docKind][event.kind];
  }
  return auditKindLabel(event.kind);
}

const FAILURES = {
  de: {
    network:
      'Der Lotse-Server ist nicht erreichbar. Dieser Bereich braucht eine Verbindung – bitte prüfen Sie das Netz und versuchen Sie es erneut.',
    'no-session': 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
    forbidden: 'Dafür fehlt Ihrer Rolle die Berechtigung.',
    'device-revoked': 'Dieses Gerät wurde gesperrt.',
    'account-disabled': 'Ihr Konto wurde deaktiviert.',
    'rate-limited': 'Zu viele Anfragen in kurzer Zeit. Bitte warten Sie einen Moment.',
    'not-found': 'Das Gerät gibt es nicht (mehr).',
    'bad-answer': 'Der Server hat unerwartet geantwortet. Bitte versuchen Sie es später erneut.',
    other: 'Der Server hat die Anfrage abgelehnt (Code „{code}“).',
  },
  en: {
    network:
      'The Lotse server cannot be reached. This section needs a connection – please check the network and try again.',
    'no-session': 'Your session has expired. Please log in again.',
    forbidden: 'Your role is not allowed to do this.',
    'device-revoked': 'This device has been revoked.',
    'account-disabled': 'Your account has been disabled.',
    'rate-limited': 'Too many requests in a short time. Please wait a moment.',
    'not-found': 'This device does not exist (any more).',
    'bad-answer': 'The server answered unexpectedly. Please try again later.',
    other: 'The server refused the request (code “{code}”).',
  },
} as const;

/** What the admin screens say when the relay could not be asked or refused. */
export function apiFailureText(error: ApiFailure): string {
  const texts = FAILURES[locale.current];
  switch (error) {
    case 'network':
    case 'shutting-down':
    case 'storage-unavailable':
    case 'app-not-built':
      return texts.network;
    case 'no-session':
    case 'unauthenticated':
    case 'token-expired':
    case 'refresh-invalid':
      return texts['no-session'];
    case 'forbidden':
    case 'device-revoked':
    case 'account-disabled':
    case 'rate-limited':
    case 'not-found':
    case 'bad-answer':
      return texts[error];
    default:
      return fill(texts.other, { code: error });
  }
}

const momentFormats: Record<Locale, Intl.DateTimeFormat> = {
  de: new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'medium' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium' }),
};

/** A moment in the device's time zone, to the second: "12.03.2025, 14:05:09". */
export function formatMoment(at: number): string {
  return momentFormats[locale.current].format(at);
}
