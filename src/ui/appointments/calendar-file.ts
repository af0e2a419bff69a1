import type { AppointmentEntry } from '../../domain/appointments.ts';
import { appointmentsCalendar, type ExportCase } from '../../domain/calendar-export.ts';
import { appointmentsView } from '../../state/appointments-view.svelte.ts';
import { cases } from '../../state/cases.svelte.ts';
import { label } from '../i18n/index.ts';
import { appointmentTexts } from './appointment-texts.ts';
import { saveFile } from '../components/save-file.ts';

const NO_CASE: ExportCase = { caseNumber: null, familyName: null, givenNames: null };

/**
 * Hands the device an .ics file of `entries` to open in its calendar. The file name carries no name either;
 * `owner` names the case when the caller has it open, otherwise the case summaries do.
 */
export function downloadCalendar(
  entries: readonly (AppointmentEntry & { caseId: string })[],
  fileName: string,
  owner?: ExportCase,
): void {
  const tx = appointmentTexts();
  const text = appointmentsCalendar(
    entries,
    (caseId) => {
      if (owner) return owner;
      const summary = cases.summaries.get(caseId);
      return summary
        ? { caseNumber: summary.caseNumber, familyName: summary.familyName, givenNames: summary.givenNames }
        : NO_CASE;
    },
    {
      withInitials: appointmentsView.withInitials,
      stamp: new Date(),
      texts: {
        appointment: tx.calendarAppointment,
        caseNumber: tx.caseNumber,
        accompanied: tx.accompanied,
        purpose: (purpose) => label('appointmentPurpose', purpose),
      },
    },
  );
  saveFile(new Blob([text], { type: 'text/calendar;charset=utf-8' }), fileName);
}
