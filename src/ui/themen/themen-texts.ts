import type { ThemaReach } from '../../domain/coordination-doc.ts';
import { fill, localTexts } from '../i18n/index.ts';

/** Texts the Themen screen and its parts share. */
export const themenTexts = localTexts({
  de: {
    title: 'Themen',
    intro:
      'Strukturelle Hürden, die Case-Manager*innen an die Koordination gemeldet haben, bündeln Sie hier zu Themen und verfolgen sie bis zur Lenkungsgruppe. Die Themen liegen verschlüsselt auf diesem Gerät, gehen auch offline und werden synchronisiert. Namen und andere Falldaten sind nicht zu sehen.',
    loading: 'Die Themen werden geladen …',
    failed: 'Die Themen konnten auf diesem Gerät nicht geöffnet werden.',
    themenHeading: 'Themen',
    noThemen: 'Noch keine Themen. Wählen Sie unten gemeldete Hürden aus und legen Sie ein neues Thema an.',
    since: 'seit {date}',
    reportsHeading: 'Gemeldete Hürden',
    fetchedAt: 'Stand: {when}',
    neverFetched: 'Noch nicht vom Server geladen.',
    refresh: 'Aktualisieren',
    refreshing: 'Wird aktualisiert …',
    offline:
      'Dieses Gerät ist offline: Sie sehen den letzten geladenen Stand. Themen bearbeiten geht trotzdem.',
    fetchFailed: 'Die gemeldeten Hürden konnten nicht aktualisiert werden: {why}',
    noTeams:
      'Ihr Konto gehört noch keinem Team an. Die Administration nimmt Sie in ein Team auf (user add-team).',
    team: 'Team',
    allTeams: 'Alle Teams',
    category: 'Kategorie',
    allCategories: 'Alle Kategorien',
    unassigned: 'Nur noch keinem Thema zugeordnete',
    filters: 'Gemeldete Hürden filtern',
    shown: '{shown} von {total} Meldungen',
    noReports: 'Keine gemeldeten Hürden für diese Auswahl.',
    select: 'Auswählen',
    month: 'Monat',
    institution: 'Betroffene Institution',
    happened: 'Was ist passiert?',
    wouldHelp: 'Was würde helfen?',
    inThema: 'Im Thema: {title}',
    selected: '{count} ausgewählt',
    newThema: 'Neues Thema',
    newThemaHint: 'Aus den ausgewählten Meldungen.',
    themaTitle: 'Titel',
    description: 'Beschreibung',
    create: 'Thema anlegen',
    addTo: 'Zu Thema hinzufügen',
    chooseThema: 'Thema',
    add: 'Hinzufügen',
    selectFirst: 'Bitte zuerst Meldungen auswählen.',
    chooseThemaFirst: 'Bitte ein Thema wählen.',
    added: '{count} Meldungen zum Thema „{title}“ hinzugefügt.',
    created: 'Thema „{title}“ angelegt.',
    notSaved: 'Noch nicht auf dem Gerät gespeichert: {why}',
  },
  en: {
    title: 'Themen',
    intro:
      'Structural barriers that case managers reported to coordination are gathered here into Themen and followed up to the steering group. The Themen are kept encrypted on this device, work offline and are synced. Names and other case data are not shown.',
    loading: 'Loading the Themen …',
    failed: 'The Themen could not be opened on this device.',
    themenHeading: 'Themen',
    noThemen: 'No Themen yet. Select reported barriers below and start a new Thema.',
    since: 'since {date}',
    reportsHeading: 'Reported barriers',
    fetchedAt: 'As of {when}',
    neverFetched: 'Not loaded from the server yet.',
    refresh: 'Refresh',
    refreshing: 'Refreshing …',
    offline: 'This device is offline: you see the last state loaded. You can still work on the Themen.',
    fetchFailed: 'The reported barriers could not be refreshed: {why}',
    noTeams: 'Your account does not belong to a team yet. The administrators add you to one (user add-team).',
    team: 'Team',
    allTeams: 'All teams',
    category: 'Category',
    allCategories: 'All categories',
    unassigned: 'Only those not assigned to a Thema yet',
    filters: 'Filter reported barriers',
    shown: '{shown} of {total} reports',
    noReports: 'No reported barriers for this selection.',
    select: 'Select',
    month: 'Month',
    institution: 'Institution concerned',
    happened: 'What happened?',
    wouldHelp: 'What would help?',
    inThema: 'In the Thema: {title}',
    selected: '{count} selected',
    newThema: 'New Thema',
    newThemaHint: 'From the selected reports.',
    themaTitle: 'Title',
    description: 'Description',
    create: 'Start Thema',
    addTo: 'Add to a Thema',
    chooseThema: 'Thema',
    add: 'Add',
    selectFirst: 'Please select reports first.',
    chooseThemaFirst: 'Please choose a Thema.',
    added: '{count} reports added to the Thema “{title}”.',
    created: 'Thema “{title}” started.',
    notSaved: 'Not yet saved on the device: {why}',
  },
});

const reachTexts = localTexts({
  de: {
    oneCase: '1 Fall',
    cases: '{n} Fälle',
    oneTeam: '1 Team',
    teams: '{n} Teams',
    oneReport: '1 Meldung',
    reports: '{n} Meldungen',
  },
  en: {
    oneCase: '1 case',
    cases: '{n} cases',
    oneTeam: '1 team',
    teams: '{n} teams',
    oneReport: '1 report',
    reports: '{n} reports',
  },
});

/** "7 Fälle · 2 Teams · 9 Meldungen". */
export function reachText(reach: ThemaReach): string {
  const t = reachTexts();
  const count = (n: number, one: string, many: string) => (n === 1 ? one : fill(many, { n }));
  return [
    count(reach.cases, t.oneCase, t.cases),
    count(reach.teams, t.oneTeam, t.teams),
    count(reach.reports, t.oneReport, t.reports),
  ].join(' · ');
}

const monthFormats = {
  de: new Intl.DateTimeFormat('de-DE', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** `2026-11` as people read it: "November 2026". */
export function formatMonth(month: string, locale: 'de' | 'en'): string {
  const time = Date.parse(`${month}-01T00:00:00Z`);
  return Number.isNaN(time) ? month : monthFormats[locale].format(time);
}
