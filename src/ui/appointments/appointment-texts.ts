import { localTexts } from '../i18n/index.ts';

/** Words for appointments shared by the case file, "Heute" and the week view. */
export const appointmentTexts = localTexts({
  de: {
    appointments: 'Termine',
    week: 'Woche',
    accompanied: 'Begleitung',
    interpreter: 'Dolmetschung: {language}',
    reminder: 'Erinnerung',
    allDay: 'ganztägig',
    caseNumber: 'Az.',
    fromResidence: 'aus „Aufenthalt“',
    exportOne: 'In den Kalender (.ics)',
    exportWeek: 'Woche in den Kalender (.ics)',
    exportHint:
      'Die Kalenderdatei enthält Zeit, Ort, die Kategorie des Anlasses und das Aktenzeichen, keinen Namen. Initialen lassen sich in den Einstellungen dazunehmen.',
    exportHintInitials:
      'Die Kalenderdatei enthält Zeit, Ort, die Kategorie des Anlasses, das Aktenzeichen und die Initialen, keinen Namen.',
    calendarAppointment: 'Termin',
    recordContact: 'Kontakt erfassen',
  },
  en: {
    appointments: 'Appointments',
    week: 'Week',
    accompanied: 'Accompaniment',
    interpreter: 'Interpreter: {language}',
    reminder: 'Reminder',
    allDay: 'all day',
    caseNumber: 'Ref.',
    fromResidence: 'from “Residence”',
    exportOne: 'Add to calendar (.ics)',
    exportWeek: 'Add week to calendar (.ics)',
    exportHint:
      'The calendar file holds the time, the place, the purpose category and the case number, no name. Initials can be added in the settings.',
    exportHintInitials:
      'The calendar file holds the time, the place, the purpose category, the case number and the initials, no name.',
    calendarAppointment: 'Appointment',
    recordContact: 'Record the contact',
  },
});
