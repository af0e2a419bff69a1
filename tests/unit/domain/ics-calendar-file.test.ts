import { describe, expect, test } from 'vitest';
import { escapeText, foldLine, writeCalendar } from '../../../src/domain/ics.ts';

const STAMP = new Date('2026-12-07T10:15:30.000Z');

/** Undoes RFC 5545 folding: a CRLF followed by one space joins the lines. */
function unfold(text: string): string[] {
  return text.replace(/\r\n /g, '').split('\r\n');
}

describe('iCalendar writer', () => {
  test('escapes backslash, semicolon, comma and line breaks in text values', () => {
    expect(escapeText('Zimmer 1; 2. OG, Nord\\Süd\nHaus B')).toBe(
      'Zimmer 1\\; 2. OG\\, Nord\\\\Süd\\nHaus B',
    );
  });

  test('folds lines longer than 75 octets without splitting a character', () => {
    const line = `LOCATION:${'ш'.repeat(60)}`; // Cyrillic letters take two octets each
    const folded = foldLine(line);
    expect(folded.length).toBeGreaterThan(1);
    const encoder = new TextEncoder();
    for (const part of folded) expect(encoder.encode(part).length).toBeLessThanOrEqual(75);
    for (const part of folded.slice(1)) expect(part.startsWith(' ')).toBe(true);
    expect(folded.map((part, index) => (index === 0 ? part : part.slice(1))).join('')).toBe(line);
  });

  test('leaves a short line alone', () => {
    expect(foldLine('SUMMARY:Termin')).toEqual(['SUMMARY:Termin']);
  });

  test('writes a timed event in Europe/Berlin with its time zone, a stamp and an alarm', () => {
    const text = writeCalendar({
      productId: '-//Lotse//Termine//DE',
      stamp: STAMP,
      events: [
        {
          uid: 'case-1.a-1@lotse',
          start: { date: '2026-12-08', time: '09:30' },
          endTime: '10:15',
          summary: 'Termin: Aufenthalt, Az. 7',
          location: 'Rathaus; Zimmer 12',
          alarmMinutesBefore: 24 * 60,
        },
      ],
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const lines = unfold(text);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines).toContain('BEGIN:VTIMEZONE');
    expect(lines).toContain('TZID:Europe/Berlin');
    expect(lines).toContain('UID:case-1.a-1@lotse');
    expect(lines).toContain('DTSTAMP:20261207T101530Z');
    expect(lines).toContain('DTSTART;TZID=Europe/Berlin:20261208T093000');
    expect(lines).toContain('DTEND;TZID=Europe/Berlin:20261208T101500');
    expect(lines).toContain('SUMMARY:Termin: Aufenthalt\\, Az. 7');
    expect(lines).toContain('LOCATION:Rathaus\\; Zimmer 12');
    expect(lines).toContain('TRIGGER:-P1D');
    expect(lines.filter((line) => line.startsWith('BEGIN:')).length).toBe(
      lines.filter((line) => line.startsWith('END:')).length,
    );
  });

  test('gives an event without an end its default length, and a day without a time a whole day', () => {
    const lines = unfold(
      writeCalendar({
        productId: '-//Lotse//Termine//DE',
        stamp: STAMP,
        defaultMinutes: 90,
        events: [
          { uid: 'a@x', start: { date: '2026-12-08', time: '14:00' }, summary: 'A' },
          { uid: 'b@x', start: { date: '2026-12-31' }, summary: 'B', alarmMinutesBefore: 60 },
        ],
      }),
    );
    expect(lines).toContain('DURATION:PT1H30M');
    expect(lines).toContain('DTSTART;VALUE=DATE:20261231');
    expect(lines).toContain('DTEND;VALUE=DATE:20270101');
    expect(lines).toContain('TRIGGER:-PT1H');
    expect(lines.filter((line) => line === 'BEGIN:VEVENT')).toHaveLength(2);
  });
});
