import type { ItemInput, ItemPatch } from '../../../domain/case-parts.ts';
import type { Contact } from '../../../domain/schema/contacts.ts';
import type { ContactKind, InterpreterKind, LifeDomain } from '../../../domain/vocabulary.ts';

/** What the contact form holds while a person types: plain strings, `null` for an empty duration. */
export interface ContactDraft {
  date: string;
  kind: ContactKind;
  duration: number | null;
  topics: LifeDomain[];
  place: string;
  office: string;
  appointment: string;
  interpreterLanguage: string;
  interpreterKind: InterpreterKind | '';
  note: string;
}

export function emptyDraft(date: string, kind: ContactKind = 'office'): ContactDraft {
  return {
    date,
    kind,
    duration: null,
    topics: [],
    place: '',
    office: '',
    appointment: '',
    interpreterLanguage: '',
    interpreterKind: '',
    note: '',
  };
}

/** Whether a person typed or chose anything worth keeping (the date and kind alone are presets). */
export function hasContent(draft: ContactDraft): boolean {
  return (
    draft.note.trim() !== '' ||
    draft.topics.length > 0 ||
    draft.place.trim() !== '' ||
    draft.office.trim() !== '' ||
    draft.appointment.trim() !== '' ||
    draft.duration !== null
  );
}

export function draftOf(contact: Contact): ContactDraft {
  return {
    date: contact.date,
    kind: contact.kind,
    duration: contact.durationMinutes ?? null,
    topics: [...contact.topics],
    place: contact.place ?? '',
    office: contact.accompanimentOffice ?? '',
    appointment: contact.accompanimentAppointment ?? '',
    interpreterLanguage: contact.interpreterLanguage ?? '',
    interpreterKind: contact.interpreterKind ?? '',
    note: contact.note,
  };
}

function optional(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The fields of a contact as the domain takes them; empty ones are `undefined`. */
function fieldsOf(draft: ContactDraft) {
  const accompaniment = draft.kind === 'accompaniment';
  return {
    date: draft.date,
    kind: draft.kind,
    durationMinutes: draft.duration ?? undefined,
    topics: draft.topics,
    note: draft.note,
    place: optional(draft.place),
    accompanimentOffice: accompaniment ? optional(draft.office) : undefined,
    accompanimentAppointment: accompaniment ? optional(draft.appointment) : undefined,
    interpreterLanguage: draft.interpreterLanguage || undefined,
    interpreterKind: draft.interpreterKind || undefined,
  };
}

export function inputOf(draft: ContactDraft): ItemInput<'contacts'> {
  const fields = fieldsOf(draft);
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as unknown as ItemInput<'contacts'>;
}

/**
 * Only the fields an edit changes, so the trail shows what really changed and an untouched field never
 * competes with a colleague's concurrent change to it.
 */
export function patchOf(contact: Contact, draft: ContactDraft): ItemPatch<'contacts'> {
  const next = fieldsOf(draft) as Record<string, unknown>;
  const current = contact as unknown as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    if (JSON.stringify(current[key] ?? null) !== JSON.stringify(value ?? null)) patch[key] = value;
  }
  return patch as ItemPatch<'contacts'>;
}
