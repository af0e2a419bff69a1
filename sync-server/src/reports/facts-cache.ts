import type { Logger } from 'pino';
import { caseFactsSchema, type CaseFacts } from '../../../src/domain/case-facts.ts';
import type { RelayStore } from '../storage/contract.ts';

/** The facts of one case doc as a report counts them. */
export interface CachedFacts {
  docId: string;
  teamId: string;
  facts: CaseFacts;
}

/**
 * The stored facts of the case docs, kept validated in memory (docs/architecture.md#reports): a row is
 * read and parsed again only when its `seq` changed, so a report of 10,000 cases parses what changed since
 * the last one and nothing else. A row that does not match the schema (written by an older version) is
 * logged once per `seq` and left out; `reports rebuild` writes it again.
 */
export class FactsCache {
  readonly #store: RelayStore;
  readonly #log: Logger;
  readonly #byDoc = new Map<string, { seq: number; teamId: string; facts: CaseFacts | undefined }>();
  /** Contributions never change once stored: parsed once, by id. */
  readonly #contributions = new Map<number, CaseFacts | undefined>();

  constructor(store: RelayStore, log: Logger) {
    this.#store = store;
    this.#log = log;
  }

  /** Drops an erased doc's facts from memory (its stored facts went with the erasure). */
  forget(docId: string): void {
    this.#byDoc.delete(docId);
  }

  /**
   * The facts of the teams' docs in doc id order. A row's facts are one object for as long as its version
   * stays the same, so a reader may key what it derives from them by the object (`casesOfPeriod`).
   */
  async ofTeams(teamIds: readonly string[]): Promise<{ cases: CachedFacts[] }> {
    const versions = await this.#store.factsVersionsOfTeams(teamIds);
    const changed = versions.filter((version) => this.#byDoc.get(version.docId)?.seq !== version.seq);
    if (changed.length > 0) {
      for (const row of await this.#store.factsOfDocs(changed.map((version) => version.docId))) {
        let facts: CaseFacts | undefined;
        try {
          facts = caseFactsSchema.parse(JSON.parse(row.facts));
        } catch (error) {
          this.#log.error({ err: error, doc: row.docId }, 'stored facts do not match their schema');
        }
        this.#byDoc.set(row.docId, { seq: row.seq, teamId: row.teamId, facts });
      }
    }
    const cases: CachedFacts[] = [];
    for (const { docId } of versions) {
      const entry = this.#byDoc.get(docId);
      // Cleared since the versions were read (a rebuild): counted with the next request.
      if (entry === undefined || entry.facts === undefined) continue;
      cases.push({ docId, teamId: entry.teamId, facts: entry.facts });
    }
    return { cases };
  }

  /**
   * What the reports count: the facts of the teams' case docs and the anonymous contributions their erased
   * cases left (docs/architecture.md#data-lifecycle), each of those under an id of its own (`erased:<id>`)
   * that names no doc, so it counts as one case. Barrier report lists read `ofTeams`: an erased case's
   * reports are gone from them.
   */
  async forReports(teamIds: readonly string[]): Promise<{ cases: CachedFacts[] }> {
    const { cases } = await this.ofTeams(teamIds);
    const all = [...cases];
    for (const row of await this.#store.contributionsOfTeams(teamIds)) {
      if (!this.#contributions.has(row.id)) {
        let facts: CaseFacts | undefined;
        try {
          facts = caseFactsSchema.parse(JSON.parse(row.facts));
        } catch (error) {
          this.#log.error(
            { err: error, contribution: row.id },
            'a stored contribution does not match its schema',
          );
        }
        this.#contributions.set(row.id, facts);
      }
      const facts = this.#contributions.get(row.id);
      if (facts === undefined) continue;
      all.push({ docId: `erased:${row.id}`, teamId: row.teamId, facts });
    }
    return { cases: all };
  }
}
