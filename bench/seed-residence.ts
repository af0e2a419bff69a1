/**
 * Residence and benefits sections for generated cases: which permit, valid how long, and which office
 * pays, follow from the residence status the way they do in practice (a § 24 holder gets Bürgergeld from
 * the Jobcenter, a Duldung means AsylbLG from the Sozialamt, EU citizens need no permit).
 */
import {
  addDays,
  addMonths,
  type IsoDate,
  type ResidenceStatus,
  type SectionPatch,
} from '../src/domain/index.ts';
import type { Random } from './seed-random.ts';

const PERMITS: Partial<Record<ResidenceStatus, readonly string[]>> = {
  'residence-permit': [
    '§ 25 Abs. 2 AufenthG',
    '§ 25 Abs. 1 AufenthG',
    '§ 25 Abs. 5 AufenthG',
    '§ 25b AufenthG',
    '§ 28 AufenthG',
    '§ 36a AufenthG',
  ],
  'temporary-protection': ['§ 24 AufenthG'],
  toleration: ['§ 60a Abs. 2 AufenthG', '§ 60d AufenthG'],
  'opportunity-residence': ['§ 104c AufenthG'],
  'asylum-permission': ['§ 55 AsylG'],
  'settlement-permit': ['§ 26 Abs. 3 AufenthG', '§ 9 AufenthG'],
};

/** How long documents of a status usually run, in months. */
const VALIDITY: Partial<Record<ResidenceStatus, readonly number[]>> = {
  'residence-permit': [12, 24, 36],
  'temporary-protection': [12, 24],
  toleration: [3, 6],
  'opportunity-residence': [18],
  'asylum-permission': [6],
};

export function residenceFor(
  rng: Random,
  status: ResidenceStatus,
  start: IsoDate,
  today: IsoDate,
  city: string,
): SectionPatch<'residence'> {
  const permit = PERMITS[status];
  if (!permit) return { status };
  const validity = VALIDITY[status];
  // Documents were issued before the first meeting and have been renewed since; some expire soon.
  let from = addDays(start, -rng.int(0, 500));
  let until: IsoDate | undefined;
  if (validity) {
    const months = rng.pick(validity);
    until = addMonths(from, months);
    while (until < today && rng.chance(0.85)) {
      from = until;
      until = addMonths(from, months);
    }
  }
  const permitSection = rng.pick(permit);
  const appointmentOn = rng.chance(0.25) ? addDays(today, rng.int(-10, 60)) : undefined;
  const appointmentTime = rng.chance(0.5)
    ? rng.pick(['08:30', '09:15', '10:00', '11:45', '14:00'])
    : undefined;
  return {
    status,
    permitSection,
    documentValidFrom: from,
    documentValidUntil: until,
    opportunityGrantedOn: status === 'opportunity-residence' ? from : undefined,
    nextAbhAppointmentOn: appointmentOn,
    // An appointment time needs its date (the domain refuses a time alone); the draw is made either way,
    // so the rest of the generated data stays as it was.
    nextAbhAppointmentTime: appointmentOn ? appointmentTime : undefined,
    authority: `Ausländerbehörde ${city}`,
  };
}

export function benefitsFor(rng: Random, status: ResidenceStatus, city: string): SectionPatch<'benefits'> {
  switch (status) {
    case 'asylum-permission':
    case 'toleration':
      return { legalDomain: 'asylblg', office: `Sozialamt ${city}` };
    case 'eu-free-movement':
    case 'naturalised':
    case 'settlement-permit':
      return rng.chance(0.5)
        ? { legalDomain: 'none' }
        : {
            legalDomain: 'sgb2',
            office: `Jobcenter ${city}`,
            contactPerson: rng.pick(['Frau Becker', 'Herr Yıldırım', 'Frau Nowak']),
          };
    default:
      return {
        legalDomain: 'sgb2',
        office: `Jobcenter ${city}`,
        contactPerson: rng.pick(['Frau Schmitz', 'Herr Hoffmann', 'Frau Lange']),
      };
  }
}
