import { describe, expect, test } from 'vitest';
import type { AppointmentEntry } from '../../../src/domain/appointments.ts';
import {
  appointmentsCalendar,
  eventSummary,
  initialsOf,
  type ExportOptions,
} from '../../../src/domain/calendar-export.ts';
import { LABELS } from '../../../src/domain/labels.ts';

const owner = { caseNumber: 'DU-2026-0042', familyName: 'Al-Hassan', givenNames: 'Yusuf' };

const entry: AppointmentEntry & { caseId: string } = {
  caseId: 'case-1',
  id: 'a-1',
  source: 'appointment',
  date: '2026-12-08',
  time: '09:30',
  place: 'Ausländerbehörde, Zimmer 4',
  office: 'ABH Duisburg',
  purpose: 'residence',
  accompanied: true,
  interpreterLanguage: 'ar',
  remindDaysBefore: 1,
  contactRecorded: false,
};

function options(withInitials: boolean): ExportOptions {
  return {
    withInitials,
    stamp: new Date('2026-12-07T10:00:00Z'),
    texts: {
      appointment: 'Termin',
      caseNumber: 'Az.',
      accompanied: 'Begleitung',
      purpose: (purpose) => LABELS.appointmentPurpose[purpose].de,
    },
  };
}

describe('calendar export of appointments', () => {
  test('carries place, time, purpose category and Aktenzeichen, and no name by default', () => {
    const text = appointmentsCalendar([entry], () => owner, options(false));
    expect(text).toContain('Az. DU-2026-0042');
    expect(text).toContain('Aufenthalt (ABH/EBH)');
    expect(text).toContain('LOCATION:Ausländerbehörde\\, Zimmer 4');
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20261208T093000');
    expect(text).not.toContain('Al-Hassan');
    expect(text).not.toContain('Yusuf');
    expect(text).not.toContain('Y. A.');
  });

  test('adds the initials only when the device setting asks for them', () => {
    expect(eventSummary(entry, owner, options(true))).toContain('Y. A.');
    expect(eventSummary(entry, owner, options(false))).not.toContain('Y. A.');
    expect(eventSummary(entry, owner, options(true))).not.toContain('Yusuf');
  });

  test('writes a health appointment as a plain appointment, without its category', () => {
    const summary = eventSummary({ ...entry, purpose: 'health' }, owner, options(false));
    expect(summary).not.toContain(LABELS.appointmentPurpose.health.de);
    expect(summary.startsWith('Termin')).toBe(true);
  });

  test('leaves out the office and the interpreter language: only the place says where', () => {
    const text = appointmentsCalendar([entry], () => owner, options(false));
    expect(text).not.toContain('ABH Duisburg');
    expect(text).not.toMatch(/arab/i);
  });

  test('takes initials from any script', () => {
    expect(initialsOf({ givenNames: 'олена', familyName: 'Коваль' })).toBe('О. К.');
    expect(initialsOf({ givenNames: null, familyName: 'Ali' })).toBe('A.');
    expect(initialsOf({ givenNames: null, familyName: null })).toBe('');
  });
});
