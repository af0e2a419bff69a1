import type { CaseFile } from '../case-file.ts';
import { addDays, addMonths, type IsoDate } from '../dates.ts';
import type { DueEntry } from '../due-items.ts';
import { LABELS } from '../labels.ts';
import { pathwayFactsOf } from './from-case.ts';
import { evaluatePathways } from './index.ts';
import { birthdayOf, periodOn } from './time.ts';

/** Time criteria whose day a case manager wants to see coming, per pathway. */
const TIME_CRITERIA: Readonly<Record<string, readonly string[]>> = {
  '25a': ['toleration-12-months', 'stay-3-years'],
  '25b': ['stay'],
  '25b-6': ['employment-toleration'],
  naturalisation: ['lawful-stay'],
};

/** How long ahead a pathway's dates are shown. */
const LEAD_MONTHS = 3;

/**
 * The deadlines the residence pathways add to a case (docs/architecture.md#residence-pathways): checklist
 * documents still missing or requested by their due date, the last day to apply under § 25a for someone
 * tolerated, and the days the pathways' criteria of time are met. Like every due entry they do not depend on
 * today: the pathways are evaluated on the day the present status began, and only the criteria of time
 * still ahead then are listed, so the list changes when the case does, not with the calendar.
 */
export function pathwayDueEntries(file: CaseFile): DueEntry[] {
  const entries: DueEntry[] = [];
  for (const document of file.pathwayDocuments) {
    if (document.dueOn === undefined || document.status === 'available' || document.status === 'submitted')
      continue;
    const kind = LABELS.documentKind[document.kind].de;
    entries.push({
      kind: 'document-due',
      due: document.dueOn,
      remindFrom: addDays(document.dueOn, -14),
      sourceId: document.id,
      label: {
        text: document.label ? `${kind}: ${document.label}` : kind,
        subject: LABELS.pathway[document.pathway].de,
      },
    });
  }
  const facts = pathwayFactsOf(file);
  const current = facts.residence.reduce<IsoDate | undefined>(
    (latest, period) => (latest === undefined || period.from > latest ? period.from : latest),
    undefined,
  );
  if (current === undefined) return entries;
  const status = periodOn(facts.residence, current)?.status;
  const tolerated = status === 'toleration' || status === 'opportunity-residence';
  if (tolerated && facts.dateOfBirth !== undefined) {
    const lastDay = addDays(birthdayOf(facts.dateOfBirth, 27), -1);
    if (lastDay >= current) {
      entries.push({
        kind: 'pathway-deadline',
        due: lastDay,
        remindFrom: addMonths(lastDay, -6),
        label: { text: '§ 25a: letzter Tag für den Antrag (vor dem 27. Geburtstag)' },
      });
    }
  }
  for (const pathway of evaluatePathways(facts, current)) {
    if (pathway.state === 'closed') continue;
    const relevant = pathway.pathway === 'naturalisation' ? !tolerated : tolerated;
    if (!relevant) continue;
    for (const criterion of pathway.criteria) {
      if (!TIME_CRITERIA[pathway.pathway]?.includes(criterion.id)) continue;
      if (criterion.metOn === undefined || criterion.metOn <= current) continue;
      entries.push({
        kind: 'pathway-time',
        due: criterion.metOn,
        remindFrom: addMonths(criterion.metOn, -LEAD_MONTHS),
        label: { text: `${pathway.basis}: ${criterion.label.de}` },
      });
    }
  }
  return entries;
}
