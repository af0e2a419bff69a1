import { z } from 'zod';
import type { CaseFile } from './case-file.ts';
import { addDays, dayOfWeek, type IsoDate } from './dates.ts';
import type { Appointment } from './schema/appointments.ts';
import { idSchema, isoDateSchema, languageCodeSchema, timeOfDaySchema } from './schema/primitives.ts';
import { appointmentPurposeSchema } from './vocabulary.ts';

/**
 * An appointment as the case summary carries it, so that "Heute" and the week view show a person's
 * appointments across 1,000 cases without opening a doc. `source: 'residence'` is the date of the next ABH
 * appointment kept in the residence section, shown beside the appointments so that one date is never
 * missing from the calendar while it sits in the other place.
 */
export const appointmentEntrySchema = z.object({
  id: idSchema,
  source: z.enum(['appointment', 'residence']),
  date: isoDateSchema,
  /** Absent only for an ABH date entered without a time. */
  time: timeOfDaySchema.optional(),
  endTime: timeOfDaySchema.optional(),
  place: z.string().optional(),
  office: z.string().optional(),
  partnerId: idSchema.optional(),
  purpose: appointmentPurposeSchema,
  interpreterLanguage: languageCodeSchema.optional(),
  accompanied: z.boolean(),
  remindDaysBefore: z.number().int().min(0).optional(),
  /** A contact was recorded from it. */
  contactRecorded: z.boolean(),
});
export type AppointmentEntry = z.infer<typeof appointmentEntrySchema>;

/** The id under which the residence section's ABH date appears among the appointments. */
export const RESIDENCE_APPOINTMENT_ID = 'residence-abh';

/**
 * The appointments of a case for its summary, in date order. Erroneous ones are left out; a closed case
 * keeps only those after its closure. The ABH date of the residence section joins them unless an
 * appointment on that day is already about residence.
 */
export function caseAppointmentEntries(file: CaseFile): AppointmentEntry[] {
  const closedOn = file.meta.phase === 'closed' ? file.closure.closedOn : undefined;
  const entries: AppointmentEntry[] = [];
  for (const appointment of file.appointments) {
    if (appointment.erroneous) continue;
    if (closedOn !== undefined && appointment.date <= closedOn) continue;
    entries.push(entryOf(appointment));
  }
  const { residence } = file;
  const abhOn = residence.nextAbhAppointmentOn;
  if (
    abhOn !== undefined &&
    closedOn === undefined &&
    !entries.some((entry) => entry.date === abhOn && entry.purpose === 'residence')
  ) {
    entries.push({
      id: RESIDENCE_APPOINTMENT_ID,
      source: 'residence',
      date: abhOn,
      ...(residence.nextAbhAppointmentTime !== undefined ? { time: residence.nextAbhAppointmentTime } : {}),
      office: residence.authority ?? 'Ausländerbehörde',
      purpose: 'residence',
      accompanied: false,
      contactRecorded: false,
    });
  }
  return entries.sort(compareEntries);
}

function entryOf(appointment: Appointment): AppointmentEntry {
  const entry: AppointmentEntry = {
    id: appointment.id,
    source: 'appointment',
    date: appointment.date,
    time: appointment.time,
    purpose: appointment.purpose,
    accompanied: appointment.accompanied,
    contactRecorded: appointment.contactId !== undefined,
  };
  if (appointment.endTime !== undefined) entry.endTime = appointment.endTime;
  if (appointment.place !== undefined) entry.place = appointment.place;
  if (appointment.office !== undefined) entry.office = appointment.office;
  if (appointment.partnerId !== undefined) entry.partnerId = appointment.partnerId;
  if (appointment.interpreterLanguage !== undefined)
    entry.interpreterLanguage = appointment.interpreterLanguage;
  if (appointment.remindDaysBefore !== undefined) entry.remindDaysBefore = appointment.remindDaysBefore;
  return entry;
}

function compareEntries(a: AppointmentEntry, b: AppointmentEntry): number {
  return (
    a.date.localeCompare(b.date) || (a.time ?? '').localeCompare(b.time ?? '') || a.id.localeCompare(b.id)
  );
}

/** An appointment with the case it belongs to, as the screens across cases list them. */
export interface CaseAppointment extends AppointmentEntry {
  caseId: string;
}

export interface AppointmentSource {
  caseId: string;
  appointments: readonly AppointmentEntry[] | undefined;
}

/** Every appointment of `sources` from `from` to `until` (both included), by date and time. */
export function appointmentsBetween(
  sources: Iterable<AppointmentSource>,
  from: IsoDate,
  until: IsoDate,
): CaseAppointment[] {
  const found: CaseAppointment[] = [];
  for (const source of sources) {
    for (const entry of source.appointments ?? []) {
      if (entry.date >= from && entry.date <= until) found.push({ ...entry, caseId: source.caseId });
    }
  }
  return found.sort((a, b) => compareEntries(a, b) || a.caseId.localeCompare(b.caseId));
}

/** The Monday of the week that holds `date` (weeks run Monday to Sunday, as German calendars count). */
export function weekStart(date: IsoDate): IsoDate {
  return addDays(date, -((dayOfWeek(date) + 6) % 7));
}

/** The seven days of the week that starts on the Monday `monday`. */
export function weekDays(monday: IsoDate): IsoDate[] {
  return Array.from({ length: 7 }, (_, index) => addDays(monday, index));
}

/** The first day on which the appointment's reminder shows; `undefined` when it has none. */
export function reminderFrom(
  entry: Pick<AppointmentEntry, 'date' | 'remindDaysBefore'>,
): IsoDate | undefined {
  return entry.remindDaysBefore === undefined ? undefined : addDays(entry.date, -entry.remindDaysBefore);
}

/** Whether the reminder of an upcoming appointment is due as of `today`. */
export function isReminding(
  entry: Pick<AppointmentEntry, 'date' | 'remindDaysBefore'>,
  today: IsoDate,
): boolean {
  const from = reminderFrom(entry);
  return from !== undefined && from <= today && entry.date >= today;
}

/** How far back "Heute" looks for past appointments whose contact is still to be recorded. */
export const UNRECORDED_LOOKBACK_DAYS = 14;

/**
 * Past appointments (before `today`, within the look-back) of the case manager's own making with no contact
 * recorded yet: "Heute" offers to record each. The ABH date of the residence section is not among them,
 * as it records nothing of its own.
 */
export function unrecordedAppointments(
  sources: Iterable<AppointmentSource>,
  today: IsoDate,
): CaseAppointment[] {
  return appointmentsBetween(sources, addDays(today, -UNRECORDED_LOOKBACK_DAYS), addDays(today, -1))
    .filter((entry) => entry.source === 'appointment' && !entry.contactRecorded)
    .reverse();
}
