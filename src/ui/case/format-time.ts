import { locale } from '../../state/locale.svelte.ts';
import { teamMembers } from '../../state/team-members.svelte.ts';
import { fill, localTexts } from '../i18n/index.ts';

const formats = {
  de: new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }),
};

/** A recorded moment (ISO timestamp) in the device's time zone: "02.06.2025, 12:00". */
export function formatMoment(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : formats[locale.current].format(time);
}

const tx = localTexts({ de: { by: 'von {name}' }, en: { by: 'by {name}' } });

/** When an entry was recorded and by whom: "02.06.2025, 12:00 · von Anna Albers". */
export function recordedMoment(entry: { at: string; by?: string | undefined }): string {
  const moment = formatMoment(entry.at);
  return entry.by ? `${moment} · ${fill(tx().by, { name: teamMembers.nameOf(entry.by) })}` : moment;
}
