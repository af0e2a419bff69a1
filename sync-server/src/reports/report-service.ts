import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import {
  COORDINATION_DOC_ID,
  COORDINATION_LOG_ID,
  readCoordination,
} from '../../../src/domain/coordination-doc.ts';
import type { ReportPeriod } from '../../../src/domain/report-period.ts';
import { teamDocId } from '../../../src/domain/team-directory.ts';
import { readTeam } from '../../../src/domain/team-read.ts';
import { docKey } from '../sync/doc-key.ts';
import type { SyncCore } from '../sync/sync-core.ts';
import type { FactsCache } from './facts-cache.ts';
import { casesOfPeriod } from './period-facts.ts';
import { ReportMemo } from './report-memo.ts';
import { jointReports, type ReportContent } from './report-tables.ts';
import type { ReportsWorker } from './reports-worker.ts';

/** What a coordinator's reports are of: their teams (id order) and a period. */
export interface ReportSubject {
  own: readonly { id: string; name: string }[];
  period: ReportPeriod;
}

/** How long after a person last asked for a coordinator's reports they are kept ready in the background. */
export const REFRESH_WINDOW_MS = 15 * 60_000;

/**
 * Coordination's reports of every selection a coordinator may ask for (docs/architecture.md#reports):
 * gathers their inputs (the cases' facts of the period, what the team docs and coordination's doc say),
 * keeps the reports per coordinator's teams and period while the inputs stay the same (`ReportMemo`), and
 * builds and suppresses them in the reports worker thread when they changed. After the projector stored new
 * facts, `refresh` computes again in the background the reports a person asked for lately, so that the next
 * request finds them ready.
 */
export class ReportService {
  readonly #core: SyncCore;
  readonly #facts: FactsCache;
  readonly #log: Logger;
  readonly #worker: ReportsWorker | undefined;
  readonly #memo = new ReportMemo<ReportSubject>();
  #refreshing: Promise<void> | undefined;
  #again = false;

  constructor(core: SyncCore, facts: FactsCache, log: Logger, worker?: ReportsWorker) {
    this.#core = core;
    this.#facts = facts;
    this.#log = log;
    this.#worker = worker;
  }

  /**
   * The reports of every selection of a coordinator of `own` for `period`, by `selectionKey`, over the
   * inputs as they are stored now (a request brings the facts up to date first). `asked`: a person asks.
   */
  async reports(
    own: ReportSubject['own'],
    period: ReportPeriod,
    asked = true,
  ): Promise<Map<string, ReportContent>> {
    const ownIds = own.map((team) => team.id);
    // Only what the period's tables read of each case (most changes to a case touch no ended period).
    const counted = casesOfPeriod((await this.#facts.forReports(ownIds)).cases, period);
    const { labels, partnerCategories, posts } = await this.#teamVocabulary(ownIds);
    // Coordination's Themen (an empty doc while nobody has written one); links of other teams are not counted.
    const coordination = readCoordination(
      await this.#core.docs.get(docKey(COORDINATION_LOG_ID, COORDINATION_DOC_ID)),
    );
    // Everything the reports read besides the cases: equal fingerprints, equal reports.
    const fingerprint = createHash('sha256')
      .update(counted.fingerprint)
      .update(
        JSON.stringify([
          [...labels],
          [...partnerCategories],
          [...posts],
          coordination.themen,
          [...coordination.links],
        ]),
      )
      .digest('base64url');
    const compute = async () => {
      if (this.#worker) {
        try {
          return await this.#worker.reports({
            period: period.id,
            teams: [...own],
            cases: counted.cases.map((entry, i) => ({ teamId: entry.teamId, facts: counted.texts[i]! })),
            labels: [...labels],
            partnerCategories: [...partnerCategories],
            posts: [...posts],
            themen: coordination.themen,
            links: [...coordination.links],
          });
        } catch (error) {
          // The report is still answered: computed here, on the event loop.
          this.#log.error({ err: error }, 'computing reports in the worker failed; computing them here');
        }
      }
      return jointReports({
        period,
        teams: own,
        cases: counted.cases,
        categoryLabel: (teamId, categoryId) => labels.get(`${teamId}\u0000${categoryId}`),
        partnerCategory: (teamId, partnerId) => partnerCategories.get(`${teamId}\u0000${partnerId}`),
        fullTimePosts: (teamId) => posts.get(teamId),
        coordination,
      });
    };
    return this.#memo.reports(JSON.stringify([period.id, own]), { own, period }, fingerprint, compute, asked);
  }

  /**
   * New facts were stored: the reports a person asked for within `REFRESH_WINDOW_MS` are computed again in
   * the background where their inputs changed (where they did not, reading the inputs is all it costs).
   */
  refresh(): void {
    if (this.#refreshing !== undefined) {
      this.#again = true;
      return;
    }
    this.#refreshing = (async () => {
      for (const { own, period } of this.#memo.askedSince(Date.now() - REFRESH_WINDOW_MS)) {
        try {
          await this.reports(own, period, false);
        } catch (error) {
          this.#log.error({ err: error, period: period.id }, 'refreshing kept reports failed');
        }
      }
    })().finally(() => {
      this.#refreshing = undefined;
      if (this.#again) {
        this.#again = false;
        this.refresh();
      }
    });
  }

  /** Resolves once no refresh is running (tests and the benchmark wait for it). */
  async idle(): Promise<void> {
    while (this.#refreshing !== undefined) await this.#refreshing;
  }

  /** What the teams' docs say: barrier category labels, partner categories and staffing. */
  async #teamVocabulary(teamIds: readonly string[]) {
    const labels = new Map<string, string>();
    const partnerCategories = new Map<string, string>();
    const posts = new Map<string, number>();
    for (const teamId of teamIds) {
      const { team } = readTeam(await this.#core.docs.get(docKey(teamId, teamDocId(teamId))));
      for (const category of team.barrierCategories) {
        labels.set(`${teamId}\u0000${category.id}`, category.label);
      }
      for (const partner of team.partners) {
        if (partner.category !== undefined) {
          partnerCategories.set(`${teamId}\u0000${partner.id}`, partner.category);
        }
      }
      if (team.meta.fullTimePosts !== undefined) posts.set(teamId, team.meta.fullTimePosts);
    }
    return { labels, partnerCategories, posts };
  }
}
