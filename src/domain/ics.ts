/**
 * A small writer for iCalendar files (RFC 5545), enough for appointments a device's calendar imports:
 * events with a local time in Europe/Berlin (TZID with its VTIMEZONE) or a whole day, and a display alarm.
 * Pure: no DOM, no clock (the caller passes the stamp).
 */

/** Local date and time as they stand on a German calendar. */
export interface IcsLocalTime {
  /** `YYYY-MM-DD` */
  date: string;
  /** `HH:MM`; absent for an event lasting the whole day. */
  time?: string | undefined;
}

export interface IcsEvent {
  /** Stable across exports, so that importing again updates the event instead of adding a second. */
  uid: string;
  start: IcsLocalTime;
  /** `HH:MM` on the start day; without it a timed event lasts `defaultMinutes`. */
  endTime?: string | undefined;
  summary: string;
  location?: string | undefined;
  /** Minutes before the start for a display alarm. */
  alarmMinutesBefore?: number | undefined;
}

export interface IcsCalendar {
  /** Identifies the product that wrote the file (`PRODID`). */
  productId: string;
  events: readonly IcsEvent[];
  /** The moment of writing, for `DTSTAMP`. */
  stamp: Date;
  /** The length of a timed event without an end. */
  defaultMinutes?: number;
}

export const ICS_TIME_ZONE = 'Europe/Berlin';

/**
 * Europe/Berlin since 1996: CEST from the last Sunday of March, 02:00, to the last Sunday of October,
 * 03:00. Written into every file, so a calendar that knows no time zone names still places the events.
 */
const BERLIN_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${ICS_TIME_ZONE}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();
const MAX_OCTETS = 75;

/**
 * Folds a content line into lines of at most 75 octets (RFC 5545 §3.1), each continuation starting with a
 * space. Counts UTF-8 bytes and never splits a character, so Arabic or Ukrainian text survives intact.
 */
export function foldLine(line: string): string[] {
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // A continuation line's leading space counts towards its 75 octets.
    const limit = lines.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      lines.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.map((part, index) => (index === 0 ? part : ` ${part}`));
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

function localDateTime(date: string, time: string): string {
  return `${date.replaceAll('-', '')}T${time.replace(':', '')}00`;
}

function utcStamp(moment: Date): string {
  return (
    `${pad(moment.getUTCFullYear(), 4)}${pad(moment.getUTCMonth() + 1)}${pad(moment.getUTCDate())}` +
    `T${pad(moment.getUTCHours())}${pad(moment.getUTCMinutes())}${pad(moment.getUTCSeconds())}Z`
  );
}

function nextDay(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return `${pad(next.getUTCFullYear(), 4)}${pad(next.getUTCMonth() + 1)}${pad(next.getUTCDate())}`;
}

function duration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `PT${hours > 0 ? `${hours}H` : ''}${rest > 0 || hours === 0 ? `${rest}M` : ''}`;
}

/** Whole days as `-P1D` (the same clock time the day before), anything else in hours and minutes. */
function alarmTrigger(minutes: number): string {
  const day = 24 * 60;
  return minutes > 0 && minutes % day === 0 ? `-P${minutes / day}D` : `-${duration(minutes)}`;
}

function eventLines(event: IcsEvent, stamp: string, defaultMinutes: number): string[] {
  const lines = ['BEGIN:VEVENT', `UID:${escapeText(event.uid)}`, `DTSTAMP:${stamp}`];
  const { date, time } = event.start;
  if (time === undefined) {
    lines.push(`DTSTART;VALUE=DATE:${date.replaceAll('-', '')}`, `DTEND;VALUE=DATE:${nextDay(date)}`);
  } else {
    lines.push(`DTSTART;TZID=${ICS_TIME_ZONE}:${localDateTime(date, time)}`);
    if (event.endTime !== undefined && event.endTime > time) {
      lines.push(`DTEND;TZID=${ICS_TIME_ZONE}:${localDateTime(date, event.endTime)}`);
    } else {
      lines.push(`DURATION:${duration(defaultMinutes)}`);
    }
  }
  lines.push(`SUMMARY:${escapeText(event.summary)}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.alarmMinutesBefore !== undefined) {
    lines.push(
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `DESCRIPTION:${escapeText(event.summary)}`,
      `TRIGGER:${alarmTrigger(event.alarmMinutesBefore)}`,
      'END:VALARM',
    );
  }
  lines.push('END:VEVENT');
  return lines;
}

/** The whole file, CRLF line ends and folded lines included. */
export function writeCalendar(calendar: IcsCalendar): string {
  const stamp = utcStamp(calendar.stamp);
  const defaultMinutes = calendar.defaultMinutes ?? 60;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${calendar.productId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...BERLIN_VTIMEZONE,
    ...calendar.events.flatMap((event) => eventLines(event, stamp, defaultMinutes)),
    'END:VCALENDAR',
  ];
  return `${lines.flatMap(foldLine).join('\r\n')}\r\n`;
}
