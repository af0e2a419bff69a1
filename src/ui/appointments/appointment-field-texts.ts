import { fill, formatDate, localTexts } from '../i18n/index.ts';

/** The labels of an appointment's fields, shared by the entry form and the edit fields of each appointment. */
export const appointmentFieldTexts = localTexts({
  de: {
    date: 'Datum',
    time: 'Beginn',
    endTime: 'Ende',
    timeHint: 'HH:MM, z. B. 09:30',
    purpose: 'Anlass (Kategorie)',
    purposeNote: 'Worum geht es?',
    partner: 'Netzwerkpartner',
    officeLabel: 'Bei (Behörde/Stelle)',
    place: 'Ort (Adresse, Raum)',
    interpreter: 'Dolmetschung nötig in',
    accompanied: 'Ich begleite (Begleitung durch das Case-Management)',
    reminder: 'Erinnerung',
    sameDay: 'am selben Tag',
    dayBefore: '1 Tag vorher',
    daysBefore: '{count} Tage vorher',
  },
  en: {
    date: 'Date',
    time: 'Start',
    endTime: 'End',
    timeHint: 'HH:MM, e.g. 09:30',
    purpose: 'Purpose (category)',
    purposeNote: 'What is it about?',
    partner: 'Partner service',
    officeLabel: 'With (office)',
    place: 'Place (address, room)',
    interpreter: 'Interpreter needed for',
    accompanied: 'I accompany the person (accompaniment by case management)',
    reminder: 'Reminder',
    sameDay: 'on the day',
    dayBefore: '1 day before',
    daysBefore: '{count} days before',
  },
});

/** The reminder choices: on the day, or 1, 2 or 7 days before (the value is the number of days). */
export function reminderOptions(): { value: string; label: string }[] {
  const tx = appointmentFieldTexts();
  return [
    { value: '0', label: tx.sameDay },
    { value: '1', label: tx.dayBefore },
    { value: '2', label: fill(tx.daysBefore, { count: 2 }) },
    { value: '7', label: fill(tx.daysBefore, { count: 7 }) },
  ];
}

/** "07.12.2026, 16:00–17:00". */
export function formatWhen(date: string, time?: string, endTime?: string): string {
  return `${formatDate(date)}${time ? `, ${time}` : ''}${endTime ? `–${endTime}` : ''}`;
}
