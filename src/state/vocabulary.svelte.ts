import {
  VOCABULARY_PATHS,
  VocabularyAnswerSchema,
  VocabularyIssueSchema,
  VocabularyTeamsAnswerSchema,
  consentTranslationPath,
  removeConsentTranslationPath,
  staffingPath,
  vocabularyPath,
  type AddCategoryBody,
  type AddPartnerBody,
  type VocabularyAction,
  type VocabularyAnswer,
  type VocabularyIssue,
  type VocabularyListParam,
  type VocabularyTeamsAnswer,
} from '../protocol/vocabulary.ts';
import {
  sendJson,
  sendJsonWithAnswer,
  type ApiFailure,
  type ApiResult,
  type RelayApiOptions,
} from './admin-api.ts';
import type { TranslationFile } from '../domain/consent-templates.ts';
import { sessionApiOptions } from './relay-api.ts';

/*
 * The app's side of the team vocabulary API (src/protocol/vocabulary.ts). It lives here, not in
 * admin-api.ts, so that its schemas load with the screen and not with the app.
 */

/** A refused change of the team vocabulary: the code, and the domain's message per field when it has one. */
export type VocabularyResult<T> =
  { ok: true; value: T } | { ok: false; error: ApiFailure; issues: VocabularyIssue[] };

function issuesOf(answer: unknown): VocabularyIssue[] {
  const issues =
    answer !== null && typeof answer === 'object' ? (answer as { issues?: unknown }).issues : undefined;
  const parsed = VocabularyIssueSchema.array().safeParse(issues);
  return parsed.success ? parsed.data : [];
}

/** The teams whose vocabulary the signed-in coordinator or admin may manage. */
export function fetchVocabularyTeams(options: RelayApiOptions): Promise<ApiResult<VocabularyTeamsAnswer>> {
  return sendJson(options, 'GET', VOCABULARY_PATHS.teams, VocabularyTeamsAnswerSchema);
}

/** One team's partner directory and barrier categories. */
export function fetchVocabulary(
  options: RelayApiOptions,
  teamId: string,
): Promise<ApiResult<VocabularyAnswer>> {
  return sendJson(options, 'GET', vocabularyPath(teamId), VocabularyAnswerSchema);
}

/**
 * Adds a confirmed entry (`add`, with the body) or confirms, renames, archives or restores one; answers
 * with the team's vocabulary after the change.
 */
export async function changeVocabulary(
  options: RelayApiOptions,
  teamId: string,
  list: VocabularyListParam,
  change:
    | { add: AddPartnerBody | AddCategoryBody }
    | { id: string; action: VocabularyAction; name?: string; category?: string | null },
): Promise<VocabularyResult<VocabularyAnswer>> {
  const body = (action: VocabularyAction, name?: string, category?: string | null) =>
    action === 'rename'
      ? { name: name ?? '' }
      : action === 'categorize'
        ? { category: category ?? null }
        : {};
  const result =
    'add' in change
      ? await sendJsonWithAnswer(
          options,
          'POST',
          vocabularyPath(teamId, list),
          VocabularyAnswerSchema,
          change.add,
        )
      : await sendJsonWithAnswer(
          options,
          'POST',
          vocabularyPath(teamId, list, change.id, change.action),
          VocabularyAnswerSchema,
          body(change.action, change.name, change.category),
        );
  return result.ok ? result : { ok: false, error: result.error, issues: issuesOf(result.answer) };
}

/** Sets the team's staffing in full-time posts, or clears it with `null`. */
export async function changeStaffing(
  options: RelayApiOptions,
  teamId: string,
  fullTimePosts: number | null,
): Promise<VocabularyResult<VocabularyAnswer>> {
  const result = await sendJsonWithAnswer(options, 'POST', staffingPath(teamId), VocabularyAnswerSchema, {
    fullTimePosts,
  });
  return result.ok ? result : { ok: false, error: result.error, issues: issuesOf(result.answer) };
}

/** Imports the organisation's reviewed consent translation for one language (parsed by the caller). */
export async function sendConsentTranslation(
  options: RelayApiOptions,
  teamId: string,
  file: TranslationFile,
): Promise<VocabularyResult<VocabularyAnswer>> {
  const path = consentTranslationPath(teamId);
  const result = await sendJsonWithAnswer(options, 'POST', path, VocabularyAnswerSchema, file);
  return result.ok ? result : { ok: false, error: result.error, issues: issuesOf(result.answer) };
}

export async function deleteConsentTranslation(
  options: RelayApiOptions,
  teamId: string,
  language: string,
): Promise<VocabularyResult<VocabularyAnswer>> {
  const path = removeConsentTranslationPath(teamId, language);
  const result = await sendJsonWithAnswer(options, 'POST', path, VocabularyAnswerSchema, {});
  return result.ok ? result : { ok: false, error: result.error, issues: issuesOf(result.answer) };
}

export type VocabularyStatus = 'idle' | 'loading' | 'ready' | 'failed';

/** The answer to one change on the screen: nothing to say, or why it was refused. */
export type VocabularyChangeResult =
  { ok: true } | { ok: false; error: ApiFailure; issues: VocabularyIssue[] };

/**
 * "Teamvokabular" for coordination and admins (docs/architecture.md#team-vocabulary): the teams they may
 * manage and the chosen team's partners and categories, as the relay answers them. Nothing is kept on the
 * device; every change goes to the relay and its answer replaces what is shown.
 */
export class VocabularyState {
  readonly #options: () => RelayApiOptions;
  teams = $state.raw<{ id: string; name: string }[]>([]);
  teamId = $state<string | null>(null);
  current = $state.raw<VocabularyAnswer | null>(null);
  status = $state<VocabularyStatus>('idle');
  error = $state<ApiFailure | null>(null);

  constructor(options: () => RelayApiOptions = sessionApiOptions) {
    this.#options = options;
  }

  /** Asks for the teams, then the vocabulary of the chosen team (the first one unless one was chosen). */
  async load(): Promise<void> {
    this.status = 'loading';
    this.error = null;
    const teams = await fetchVocabularyTeams(this.#options());
    if (!teams.ok) return this.#fail(teams.error);
    this.teams = teams.value.teams;
    const chosen = this.teams.find((team) => team.id === this.teamId) ?? this.teams[0];
    this.teamId = chosen?.id ?? null;
    if (chosen === undefined) {
      this.current = null;
      this.status = 'ready';
      return;
    }
    await this.#read(chosen.id);
  }

  async choose(teamId: string): Promise<void> {
    this.teamId = teamId;
    this.status = 'loading';
    this.error = null;
    await this.#read(teamId);
  }

  add(list: VocabularyListParam, body: AddPartnerBody | AddCategoryBody): Promise<VocabularyChangeResult> {
    return this.#change(list, { add: body });
  }

  act(
    list: VocabularyListParam,
    id: string,
    action: VocabularyAction,
    name?: string,
  ): Promise<VocabularyChangeResult> {
    return this.#change(list, { id, action, ...(name === undefined ? {} : { name }) });
  }

  /** Sets a partner's category (`null` clears it). */
  categorize(id: string, category: string | null): Promise<VocabularyChangeResult> {
    return this.#change('partners', { id, action: 'categorize', category });
  }

  async setStaffing(fullTimePosts: number | null): Promise<VocabularyChangeResult> {
    const teamId = this.teamId;
    if (teamId === null) return { ok: false, error: 'not-found', issues: [] };
    const result = await changeStaffing(this.#options(), teamId, fullTimePosts);
    if (!result.ok) return result;
    if (teamId === this.teamId) this.current = result.value;
    return { ok: true };
  }

  /** Imports a consent translation for the chosen team; it reaches the team's devices with the team doc. */
  async importConsentTranslation(file: TranslationFile): Promise<VocabularyChangeResult> {
    const teamId = this.teamId;
    if (teamId === null) return { ok: false, error: 'not-found', issues: [] };
    const result = await sendConsentTranslation(this.#options(), teamId, file);
    if (!result.ok) return result;
    if (teamId === this.teamId) this.current = result.value;
    return { ok: true };
  }

  /** Removes the chosen team's translation for one language; the shipped sample is offered again. */
  async removeConsentTranslation(language: string): Promise<VocabularyChangeResult> {
    const teamId = this.teamId;
    if (teamId === null) return { ok: false, error: 'not-found', issues: [] };
    const result = await deleteConsentTranslation(this.#options(), teamId, language);
    if (!result.ok) return result;
    if (teamId === this.teamId) this.current = result.value;
    return { ok: true };
  }

  async #read(teamId: string): Promise<void> {
    const answer = await fetchVocabulary(this.#options(), teamId);
    if (teamId !== this.teamId) return;
    if (!answer.ok) return this.#fail(answer.error);
    this.current = answer.value;
    this.status = 'ready';
  }

  async #change(
    list: VocabularyListParam,
    change: Parameters<typeof changeVocabulary>[3],
  ): Promise<VocabularyChangeResult> {
    const teamId = this.teamId;
    if (teamId === null) return { ok: false, error: 'not-found', issues: [] };
    const result = await changeVocabulary(this.#options(), teamId, list, change);
    if (!result.ok) return result;
    if (teamId === this.teamId) this.current = result.value;
    return { ok: true };
  }

  #fail(error: ApiFailure): void {
    this.error = error;
    this.status = 'failed';
  }
}
