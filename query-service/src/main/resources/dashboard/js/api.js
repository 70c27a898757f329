// Paths are relative to the page, so the dashboard also works behind a proxy under a prefix.

class NotFound extends Error {}

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (response.status === 404) {
    throw new NotFound(path);
  }
  if (!response.ok) {
    throw new Error(`GET ${path} answered ${response.status}`);
  }
  return response.json();
}

/** Every element of a list's `field`, following its `next` cursor until there is none. */
async function allItems(path, field = 'items') {
  const items = [];
  let page = await getJson(path);
  items.push(...page[field]);
  while (page.next != null) {
    page = await getJson(`${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(page.next)}`);
    items.push(...page[field]);
  }
  return items;
}

export const actors = () => allItems('actors');

export const topics = () => allItems('topics');

/** Every current stance, in the largest pages the server gives. */
export const stances = () => allItems('stances?limit=1000', 'stances');

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
