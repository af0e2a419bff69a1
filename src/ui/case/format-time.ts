import { locale } from '../../state/locale.svelte.ts';

const formats = {
  de: new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }),
};

/** A recorded moment (ISO timestamp) in the device's time zone: "02.06.2025, 12:00". */
export function formatMoment(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : formats[locale.current].format(time);
}
