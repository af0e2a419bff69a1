import { z } from 'zod';
import {
  appointmentsBetween,
  unrecordedAppointments,
  weekDays,
  weekStart,
  type AppointmentSource,
  type CaseAppointment,
} from '../domain/appointments.ts';
import { addDays, type IsoDate } from '../domain/dates.ts';
import { weekAhead } from '../domain/due-items.ts';
import { responsibleOf } from '../domain/summary.ts';
import { cases } from './cases.svelte.ts';
import { readDevicePref, writeDevicePref } from './device-prefs.ts';
import { todayView, type TodayScope } from './today-view.svelte.ts';

const INITIALS_KEY = 'calendar.initials';

export interface WeekDay {
  date: IsoDate;
  appointments: CaseAppointment[];
}

/**
 * The person's appointments across cases, from the case summaries alone (no doc is opened): those of today
 * and the coming working week and the past ones still waiting for their contact, for "Heute", and one
 * calendar week, Monday to Sunday, for the week view. Whose cases follows the choice made on "Heute".
 */
class AppointmentsView {
  #monday = $state<IsoDate>(weekStart(todayView.today));
  #withInitials = $state(readDevicePref(INITIALS_KEY, z.boolean(), false));

  #sources = $derived.by(() => this.#collect(todayView.scope));
  #upcoming = $derived(appointmentsBetween(this.#sources, todayView.today, weekAhead(todayView.today)));
  #unrecorded = $derived(unrecordedAppointments(this.#sources, todayView.today));
  #week = $derived.by((): WeekDay[] => {
    const days = weekDays(this.#monday);
    const found = appointmentsBetween(this.#sources, days[0]!, days[6]!);
    return days.map((date) => ({ date, appointments: found.filter((item) => item.date === date) }));
  });

  get scope(): TodayScope {
    return todayView.scope;
  }

  get today(): IsoDate {
    return todayView.today;
  }

  /** Today's and the coming working week's appointments. */
  get upcoming(): readonly CaseAppointment[] {
    return this.#upcoming;
  }

  /** Past appointments of the last two weeks whose contact is not recorded yet, newest first. */
  get unrecorded(): readonly CaseAppointment[] {
    return this.#unrecorded;
  }

  /** The Monday of the week the week view shows. */
  get monday(): IsoDate {
    return this.#monday;
  }

  get week(): readonly WeekDay[] {
    return this.#week;
  }

  get weekAppointments(): CaseAppointment[] {
    return this.#week.flatMap((day) => day.appointments);
  }

  get showsThisWeek(): boolean {
    return this.#monday === weekStart(todayView.today);
  }

  previousWeek(): void {
    this.#monday = addDays(this.#monday, -7);
  }

  nextWeek(): void {
    this.#monday = addDays(this.#monday, 7);
  }

  thisWeek(): void {
    this.#monday = weekStart(todayView.today);
  }

  /** Whether calendar exports from this device add the client's initials (off unless chosen). */
  get withInitials(): boolean {
    return this.#withInitials;
  }

  set withInitials(next: boolean) {
    this.#withInitials = next;
    writeDevicePref(INITIALS_KEY, next);
  }

  reset(): void {
    this.#monday = weekStart(todayView.today);
    this.#withInitials = false;
  }

  #collect(scope: TodayScope): AppointmentSource[] {
    const me = cases.user?.id;
    const sources: AppointmentSource[] = [];
    for (const summary of cases.summaries.values()) {
      if (scope === 'mine' && (me === undefined || responsibleOf(summary) !== me)) continue;
      if (summary.appointments && summary.appointments.length > 0)
        sources.push({ caseId: summary.id, appointments: summary.appointments });
    }
    return sources;
  }
}

export const appointmentsView = new AppointmentsView();
