import { CASE_FIELDS, type FieldPart } from '../../../domain/case-fields.ts';
import { locale } from '../../../state/locale.svelte.ts';
import { teamMembers } from '../../../state/team-members.svelte.ts';
import { languageName } from '../../components/form/code-lists.ts';
import { formatMoment } from '../format-time.ts';
import { formatDate, label } from '../../i18n/index.ts';

/**
 * The name of the person recorded as author or editor. Records name people by what the device wrote as
 * its actor: a user id (looked up in the team's directory) or, in older entries, the display name itself.
 */
export function personName(actor: string | undefined, unknown: string): string {
  if (actor === undefined || actor === '') return unknown;
  return teamMembers.nameOf(actor);
}

/** Labels of the prose fields, which the conflict table leaves out (prose never conflicts). */
const PROSE_LABELS: Partial<Record<string, { de: string; en: string }>> = {
  note: { de: 'Notiz', en: 'Note' },
};

/** The label of a field of a traced record, for "earlier values". */
export function fieldLabel(part: FieldPart, field: string): string {
  const spec = CASE_FIELDS[part][field];
  return (spec?.label ?? PROSE_LABELS[field])?.[locale.current] ?? field;
}

/** An earlier value as people read it; `empty` for a field that had none. */
export function formatValue(part: FieldPart, field: string, value: unknown, empty: string): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
    return empty;
  const spec = CASE_FIELDS[part][field];
  if (Array.isArray(value)) {
    return value
      .map((entry) =>
        spec?.kind === 'vocabulary-list' && spec.vocabulary ? label(spec.vocabulary, entry) : String(entry),
      )
      .join(', ');
  }
  if (typeof value === 'boolean') return value ? '✓' : '–';
  if (typeof value === 'string') {
    if (spec?.kind === 'vocabulary' && spec.vocabulary) return label(spec.vocabulary, value);
    if (spec?.kind === 'date') return formatDate(value);
    if (spec?.kind === 'timestamp') return formatMoment(value);
    if (spec?.kind === 'language') return languageName(value);
    return value;
  }
  return JSON.stringify(value);
}
