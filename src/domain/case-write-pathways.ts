import type * as Y from 'yjs';
import type { WriteOptions } from './case-doc.ts';
import { ruleContext, write } from './case-doc.ts';
import { readCase } from './case-read.ts';
import { addItem, updateItem } from './case-write-items.ts';
import { sharingGate } from './consent-validity.ts';
import type { AuthorityApplication } from './schema/pathway-records.ts';
import type { DocumentKind, Pathway } from './vocabulary.ts';
import { refused, ok, type WriteResult } from './write-result.ts';

/** The documents each pathway usually needs, as a checklist starts. */
export const DEFAULT_CHECKLISTS: Readonly<Record<Pathway, readonly DocumentKind[]>> = {
  '25a': ['passport', 'birth-certificate', 'residence-document', 'school-certificate', 'cv'],
  '25b': [
    'passport',
    'birth-certificate',
    'residence-document',
    'language-certificate',
    'lid-test-certificate',
    'payslips',
    'employment-contract',
  ],
  '25b-6': ['passport', 'residence-document', 'language-certificate', 'payslips', 'employment-contract'],
  '104c': ['passport', 'residence-document'],
  naturalisation: [
    'passport',
    'residence-document',
    'birth-certificate',
    'marriage-certificate',
    'cv',
    'language-certificate',
    'naturalisation-test-certificate',
    'payslips',
    'pension-record',
  ],
};

/**
 * Starts a pathway's checklist: adds each usual document the case does not list for that pathway yet, as
 * missing, in one change. Answers the ids added (none when the checklist is complete already).
 */
export function startChecklist(doc: Y.Doc, pathway: Pathway, opts: WriteOptions = {}): WriteResult<string[]> {
  const { file } = readCase(doc);
  const present = new Set(
    file.pathwayDocuments.filter((document) => document.pathway === pathway).map((document) => document.kind),
  );
  const added: string[] = [];
  let failure: WriteResult<string[]> | undefined;
  write(doc, opts, () => {
    for (const kind of DEFAULT_CHECKLISTS[pathway]) {
      if (present.has(kind)) continue;
      const result = addItem(doc, 'pathwayDocuments', { pathway, kind }, opts);
      if (result.ok) added.push(result.value);
      else failure ??= result;
    }
  });
  return failure ?? ok(added);
}

export interface HandoverInput {
  pathway: Pathway;
  authority: AuthorityApplication['authority'];
  authorityName: string;
  submittedOn: string;
  documentIds?: string[];
  note?: string;
}

/**
 * Hands an application over to the ABH or EBH. Sharing the client's data needs a consent that is valid on
 * the day of the handover and names that office as its recipient; without one nothing is written and the
 * refusal says so (`consent-missing-for-authority`), so the screen can offer to record the consent first.
 * The documents handed over are marked as submitted in the same change.
 */
export function handOverToAuthority(
  doc: Y.Doc,
  input: HandoverInput,
  opts: WriteOptions = {},
): WriteResult<string> {
  const { file } = readCase(doc);
  const day = input.submittedOn || ruleContext(opts).today;
  // The same gate as every sharing; an office is named in the consent as written, not from the directory.
  const gate = sharingGate(file.consents, { name: input.authorityName }, [], day);
  if (!gate.ok) {
    return refused('refused', 'consent-missing-for-authority', 'consentId', {
      authority: input.authorityName.trim(),
      date: day.split('-').reverse().join('.'),
    });
  }
  const consent = gate.consent;
  const documentIds = (input.documentIds ?? []).filter((id) =>
    file.pathwayDocuments.some((document) => document.id === id),
  );
  let result: WriteResult<string> = ok('');
  write(doc, opts, () => {
    result = addItem(
      doc,
      'applications',
      {
        pathway: input.pathway,
        authority: input.authority,
        authorityName: input.authorityName.trim(),
        consentId: consent.id,
        submittedOn: day,
        documentIds,
        ...(input.note?.trim() ? { note: input.note.trim() } : {}),
      },
      opts,
    );
    if (!result.ok) return;
    for (const id of documentIds) updateItem(doc, 'pathwayDocuments', id, { status: 'submitted' }, opts);
  });
  return result;
}
