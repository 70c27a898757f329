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

/** Every item of a list, following its `next` cursor until there is none. */
async function allItems(path) {
  const items = [];
  let page = await getJson(path);
  items.push(...page.items);
  while (page.next != null) {
    page = await getJson(`${path}?cursor=${encodeURIComponent(page.next)}`);
    items.push(...page.items);
  }
  return items;
}

export const actors = () => allItems('actors');

export const topics = () => allItems('topics');

/** Every current stance, in the largest pages the server gives. */
export async function stances() {
  const all = [];
  let page = await getJson('stances?limit=1000');
  all.push(...page.stances);
  while (page.next != null) {
    page = await getJson(`stances?limit=1000&cursor=${encodeURIComponent(page.next)}`);
    all.push(...page.stances);
  }
  return all;
}

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
