import type { AppointmentEntry } from './appointments.ts';
import { writeCalendar, type IcsEvent } from './ics.ts';
import type { AppointmentPurpose } from './vocabulary.ts';

/**
 * What an appointment becomes in the device's calendar. A calendar on a phone or tablet is usually synced
 * to a provider outside the organisation, so the export carries no client name by default: the time, the
 * place, the purpose category and the Aktenzeichen. A device setting adds the client's initials.
 * Health appointments leave even their category behind (Art. 9 DSGVO): they read as a plain "Termin".
 */
export const WITHHELD_PURPOSES: ReadonlySet<AppointmentPurpose> = new Set(['health']);

export interface ExportCase {
  caseNumber: string | null;
  familyName: string | null;
  givenNames: string | null;
}

export interface ExportTexts {
  /** "Termin" */
  appointment: string;
  /** "Az." */
  caseNumber: string;
  /** "Begleitung" */
  accompanied: string;
  purpose: (purpose: AppointmentPurpose) => string;
}

export interface ExportOptions {
  /** Adds the client's initials ("A. B.") to each event: a setting of this device. */
  withInitials: boolean;
  texts: ExportTexts;
  stamp: Date;
}

/** "M. K." from given names and family name; each part's first letter, whatever the script. */
export function initialsOf(person: Pick<ExportCase, 'familyName' | 'givenNames'>): string {
  const letter = (name: string | null) => {
    const first = Array.from(name?.trim() ?? '')[0];
    return first === undefined ? undefined : `${first.toLocaleUpperCase('de')}.`;
  };
  return [letter(person.givenNames), letter(person.familyName)].filter(Boolean).join(' ');
}

/** The title of an appointment in the calendar: "Termin: Aufenthalt (ABH/EBH) · Begleitung · Az. 2026-014". */
export function eventSummary(entry: AppointmentEntry, owner: ExportCase, options: ExportOptions): string {
  const { texts } = options;
  const head = WITHHELD_PURPOSES.has(entry.purpose)
    ? texts.appointment
    : `${texts.appointment}: ${texts.purpose(entry.purpose)}`;
  const parts = [head];
  if (entry.accompanied) parts.push(texts.accompanied);
  if (owner.caseNumber) parts.push(`${texts.caseNumber} ${owner.caseNumber}`);
  if (options.withInitials) {
    const initials = initialsOf(owner);
    if (initials) parts.push(initials);
  }
  return parts.join(' · ');
}

export function eventOf(
  entry: AppointmentEntry & { caseId: string },
  owner: ExportCase,
  options: ExportOptions,
): IcsEvent {
  return {
    uid: `${entry.caseId}.${entry.id}@lotse`,
    start: { date: entry.date, time: entry.time },
    endTime: entry.endTime,
    summary: eventSummary(entry, owner, options),
    location: entry.place,
    alarmMinutesBefore:
      entry.remindDaysBefore === undefined
        ? undefined
        : entry.remindDaysBefore === 0
          ? 60
          : entry.remindDaysBefore * 24 * 60,
  };
}

/** An .ics file with the given appointments; `caseOf` names each appointment's case. */
export function appointmentsCalendar(
  entries: readonly (AppointmentEntry & { caseId: string })[],
  caseOf: (caseId: string) => ExportCase,
  options: ExportOptions,
): string {
  return writeCalendar({
    productId: '-//Lotse//Termine//DE',
    stamp: options.stamp,
    events: entries.map((entry) => eventOf(entry, caseOf(entry.caseId), options)),
  });
}
