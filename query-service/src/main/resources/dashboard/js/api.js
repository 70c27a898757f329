// Paths are relative to the page, so the dashboard also works behind a proxy under a prefix.

class NotFound extends Error {}

async function getJson(path, signal = undefined) {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  if (response.status === 404) {
    throw new NotFound(path);
  }
  if (!response.ok) {
    throw new Error(`GET ${path} answered ${response.status}`);
  }
  return response.json();
}

/** Every item of a list, the largest pages the server gives, following its `next` cursor until there is none. */
async function allItems(path) {
  const items = [];
  let page = { next: null };
  do {
    page = await getJson(withQuery(path, { limit: 1000, cursor: page.next }));
    items.push(...page.items);
  } while (page.next != null);
  return items;
}

/** `path` with the query parameters that have a value. */
function withQuery(path, parameters) {
  const query = new URLSearchParams(Object.entries(parameters).filter(([, value]) => value != null && value !== ''));
  return query.toString() === '' ? path : `${path}?${query}`;
}

/** Every topic with its per-label counts: one small item per column. */
export const topics = () => allItems('topics');

/**
 * A page of the current stances, the largest the server gives, by actor in the `sort` order
 * (`actor`, `name`, `kind` or `bloc`), then topic; `actor` is a text the actor's slug or name
 * contains, `stance` a label. `signal` aborts the request.
 */
export const stances = ({ actor, stance, sort, cursor }, signal) =>
  getJson(withQuery('stances', { actor, stance, sort, limit: 1000, cursor }), signal);

/** A page of the actors (names, kinds, blocs) in the same order, `actor` filtering as on `stances`. */
export const actors = ({ actor, sort, cursor }, signal) =>
  getJson(withQuery('actors', { actor, sort, limit: 200, cursor }), signal);

/**
 * The pair's current stance with the newest page of its history (and in `next` the cursor of
 * the older page), or null when it has none (never said, or all retracted). With `cursor`,
 * the page it names.
 */
export async function pair(actor, topic, cursor = null) {
  const path = `actors/${encodeURIComponent(actor)}/stances/${encodeURIComponent(topic)}`;
  try {
    return await getJson(cursor == null ? path : `${path}?cursor=${encodeURIComponent(cursor)}`);
  } catch (error) {
    if (error instanceof NotFound) {
      return null;
    }
    throw error;
  }
}
