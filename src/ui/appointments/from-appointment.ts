import type { Appointment } from '../../domain/schema/appointments.ts';
import type { AppointmentPurpose, LifeDomain } from '../../domain/vocabulary.ts';
import { emptyDraft, type ContactDraft } from '../case/contacts/contact-draft.ts';

/** The life domain a contact about an appointment of this purpose is usually about. */
const TOPIC_OF: Partial<Record<AppointmentPurpose, LifeDomain>> = {
  residence: 'residence',
  benefits: 'livelihood',
  work: 'work',
  language: 'language',
  housing: 'housing',
  health: 'health',
  'family-school': 'family',
};

/**
 * The contact form's draft for a past appointment: a Begleitung on its day if the case manager went along
 * (otherwise an office contact the person may change), to the office or partner, with its place,
 * interpreter and topic. The person reviews, adds the note and saves; nothing is recorded without that.
 */
export function contactDraftFrom(
  appointment: Appointment,
  words: { withWhom: string; purpose: string },
): ContactDraft {
  const draft = emptyDraft(appointment.date, appointment.accompanied ? 'accompaniment' : 'office');
  const topic = TOPIC_OF[appointment.purpose];
  return {
    ...draft,
    topics: topic ? [topic] : [],
    place: appointment.place ?? '',
    office: words.withWhom,
    appointment: appointment.purposeNote ? `${words.purpose}: ${appointment.purposeNote}` : words.purpose,
    interpreterLanguage: appointment.interpreterLanguage ?? '',
  };
}

/** Accepts "9:30" or "9.30" as people type them; the domain checks the result is a real time. */
export function normaliseTime(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(trimmed);
  return match ? `${match[1]!.padStart(2, '0')}:${match[2]}` : trimmed;
}
