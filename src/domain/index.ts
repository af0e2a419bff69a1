/**
 * The case-file domain: vocabularies and labels, zod schemas, the Y.Doc case model with its mutators and
 * reader, the team doc (partner directory, barrier categories), and the pure rules (phases, deadlines, due
 * items, summary, search). No DOM, Dexie, Svelte or Node: the browser app and the relay both import it.
 */
export * from './vocabulary.ts';
export * from './enum.ts';
export * from './labels.ts';
export * from './messages.ts';
export * from './dates.ts';
export * from './schema/primitives.ts';
export * from './schema/rules.ts';
export * from './schema/person.ts';
export * from './schema/residence.ts';
export * from './schema/planning.ts';
export * from './schema/contacts.ts';
export * from './schema/consents.ts';
export * from './schema/records.ts';
export * from './schema/case-meta.ts';
export * from './schema/case-history.ts';
export * from './schema/team.ts';
export * from './case-file.ts';
export * from './case-parts.ts';
export * from './write-result.ts';
export * from './case-doc.ts';
export * from './case-read.ts';
export * from './case-write.ts';
export * from './case-write-items.ts';
export * from './case-write-phase.ts';
export * from './case-write-handover.ts';
export * from './team-doc.ts';
export * from './team-read.ts';
export * from './phases.ts';
export * from './holidays-nrw.ts';
export * from './deadlines.ts';
export * from './due-items.ts';
export * from './consent-validity.ts';
export * from './summary.ts';
export * from './summarize-case.ts';
export * from './search.ts';
