import { isValidId } from '../../../src/protocol/sync.ts';

/**
 * The relay's key of a doc: the pair (team id, doc id) as one string, `${teamId}/${docId}`. The store's doc
 * registry and update log use it as their doc id, so the same client doc id in two teams names two docs and
 * a doc id never reveals whether another team has a doc of that name. Neither part may contain `/` (see
 * `isValidId`), so the key splits back unambiguously.
 */
export function docKey(teamId: string, docId: string): string {
  return `${teamId}/${docId}`;
}

/** The client's doc id of a key in `teamId`, or `undefined` if the key is not one of that team's doc keys. */
export function clientDocId(teamId: string, key: string): string | undefined {
  const prefix = `${teamId}/`;
  if (!key.startsWith(prefix)) return undefined;
  const docId = key.slice(prefix.length);
  return isValidId(docId) ? docId : undefined;
}
