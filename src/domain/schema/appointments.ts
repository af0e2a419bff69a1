import { z } from 'zod';
import { appointmentPurposeSchema } from '../vocabulary.ts';
import {
  idSchema,
  isoDateSchema,
  languageCodeSchema,
  LIMITS,
  textSchema,
  timeOfDaySchema,
} from './primitives.ts';
import { recordStampFields } from './record-trail.ts';
import type { Rule } from './rules.ts';

/** How many days ahead a reminder may be set: up to two weeks, enough to gather documents. */
export const MAX_REMINDER_DAYS = 14;

/**
 * A Termin of the client: at an office or with a partner from the team's directory, perhaps accompanied
 * by the case manager (Begleitung). Planned ahead, unlike a contact, which documents what happened; once
 * the appointment is past, a contact can be recorded from it and is linked back in `contactId`.
 */
export const appointmentFields = z.object({
  id: idSchema,
  date: isoDateSchema,
  /** Start time, local time in Germany. */
  time: timeOfDaySchema,
  endTime: timeOfDaySchema.optional(),
  /** Where: an address or a room ("Rathaus, Zimmer 112"). */
  place: textSchema(LIMITS.short).optional(),
  /** With whom, when it is an office not in the directory ("Ausländerbehörde Köln"). */
  office: textSchema(LIMITS.short).optional(),
  /** With whom, when it is a partner from the team's directory. */
  partnerId: idSchema.optional(),
  /** A coarse category: the only thing about the reason that leaves the device in a calendar export. */
  purpose: appointmentPurposeSchema,
  /** What it is about in words; stays in the case file. */
  purposeNote: textSchema(LIMITS.line).optional(),
  /** An interpreter is needed, for this language. */
  interpreterLanguage: languageCodeSchema.optional(),
  /** The case manager goes along (Begleitung). */
  accompanied: z.boolean().default(false),
  /** Remind this many days before (0: on the day); absent: no reminder. */
  remindDaysBefore: z.number().int().min(0).max(MAX_REMINDER_DAYS).optional(),
  /** The contact recorded from this appointment once it took place. */
  contactId: idSchema.optional(),
  ...recordStampFields,
});
export type Appointment = z.output<typeof appointmentFields>;

export const appointmentRules: readonly Rule<Appointment>[] = [
  {
    onRead: false,
    check(appointment, _ctx, report) {
      if (!appointment.office?.trim() && !appointment.partnerId) {
        report({ path: ['office'], code: 'appointment-with-missing' });
      }
      if (appointment.endTime !== undefined && appointment.endTime <= appointment.time) {
        report({ path: ['endTime'], code: 'appointment-ends-before-start' });
      }
    },
  },
];
