import type * as Y from 'yjs';
import { newId, ROOT, write, type WriteOptions } from './case-doc.ts';
import { readCaseMeta } from './case-read.ts';
import { germanErrorMap } from './messages.ts';
import { handoverInputSchema, type Handover, type HandoverInput } from './schema/case-history.ts';
import { invalidInput, issuesFromZod, ok, refused, type WriteResult } from './write-result.ts';

/**
 * Hands the case over to another case manager (*Fall übergeben*): sets who is responsible and appends the
 * handover (from, to, when, by whom, note) to the case's handover history in the same transaction. The
 * domain does not know the team's members: the screen offers only them. Resolves the recorded handover.
 */
export function handOverCase(
  doc: Y.Doc,
  input: HandoverInput,
  opts: WriteOptions = {},
): WriteResult<Handover> {
  const parsed = handoverInputSchema.safeParse(input, { error: germanErrorMap });
  if (!parsed.success) return invalidInput(issuesFromZod(parsed.error));
  const meta = readCaseMeta(doc);
  if (meta.responsibleId === parsed.data.to) return refused('refused', 'handover-same', 'to');
  const note = parsed.data.note?.trim();
  const handover: Handover = {
    id: newId(opts),
    ...(meta.responsibleId !== undefined ? { from: meta.responsibleId } : {}),
    to: parsed.data.to,
    at: (opts.now ?? new Date()).toISOString(),
    ...(opts.actor !== undefined ? { by: opts.actor } : {}),
    ...(note ? { note } : {}),
  };
  write(doc, opts, () => {
    doc.getMap<unknown>(ROOT.meta).set('responsibleId', handover.to);
    doc.getArray<unknown>(ROOT.handovers).push([handover]);
  });
  return ok(handover);
}
