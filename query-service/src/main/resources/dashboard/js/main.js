import * as api from './api.js';
import { h } from './dom.js';
import { columns, head, pairKey, row, rows } from './matrix.js';
import { renderTimeline } from './timeline.js';

/** Rows drawn above and below the visible ones, so a short scroll shows drawn rows at once. */
const BUFFER = 4;
/** Rows loaded beyond the last drawn one before the next page of /stances is asked for. */
const PREFETCH = 40;
const DEBOUNCE_MS = 100;

/**
 * What the matrix shows: every topic (one small item per column), and of the actors the
 * filters select, the first ones in slug order, a page of /stances at a time, as far as the
 * reader has scrolled. `next` is the cursor of the next page (null: all are loaded); `named`
 * says how far /actors, in the same order, has been read for names and kinds; `filter` is the
 * filter the rows were loaded for.
 */
const model = { topics: [], actors: new Map(), ...noRows({ text: '', stance: '' }, '') };
const filter = { text: '', stance: '' };
const order = { actors: 'name', topics: 'name' };
/** The pair whose timeline is shown, or null. */
let open = null;
let connection = 'connecting';
/** Whether the first rows were shown: until then the status is not Live. */
let shown = false;
/** Aborts the loads for filters that were since changed. */
let loads = new AbortController();
let loadingMore = false;

const matrix = document.getElementById('matrix');
const timeline = document.getElementById('timeline');
const status = document.getElementById('status');

/** No rows yet, for `forFilter`; `actors` is the text the server filters actors by. */
function noRows(forFilter, actors) {
  return { rows: [], stances: new Map(), next: null, named: { through: '', cursor: null, done: false },
    filter: { ...forFilter, actors } };
}

// One task at a time: a change that arrives during a reload is applied after it, so an older
// answer never overwrites a newer one.
let queue = Promise.resolve();
function enqueue(task) {
  queue = queue.then(task).catch((error) => {
    if (error.name !== 'AbortError') {
      status.textContent = `Could not load: ${error.message}`;
    }
  });
}

/** Marks a moment for the browser's performance tools (and DashboardScaleIT): the last of each name is kept. */
function mark(name, detail) {
  performance.clearMarks(name);
  performance.mark(name, { detail });
}

/** Reads the next page of names and kinds for `target`'s rows. */
async function loadNames(target, signal) {
  const names = await api.actors({ actor: target.filter.actors, cursor: target.named.cursor }, signal);
  for (const a of names.items) {
    model.actors.set(a.actor, { name: a.name, kind: a.kind });
  }
  target.named = { through: names.items.at(-1)?.actor ?? target.named.through, cursor: names.next, done: names.next == null };
}

/** Adds the next page of rows (and the names it needs) to `target`. */
async function loadPage(target, signal) {
  const { actors, stance } = target.filter;
  // The first page of names is needed whatever the rows: read it alongside.
  const firstNames = target.named.through === '' && !target.named.done ? loadNames(target, signal) : null;
  const [page] = await Promise.all([api.stances({ actor: actors, stance, cursor: target.next }, signal), firstNames]);
  for (const s of page.stances) {
    if (target.rows.at(-1) !== s.actor) {
      target.rows.push(s.actor);
    }
    target.stances.set(pairKey(s.actor, s.topic), s);
  }
  target.next = page.next;
  // Both lists come in slug order: read names until past the last row.
  const last = target.rows.at(-1);
  while (last !== undefined && !target.named.done && target.named.through < last) {
    await loadNames(target, signal);
  }
}

/**
 * Loads the rows for the current filters from the start, a page or at least `wanted` rows if
 * there are as many, then shows them (scrolling loads more); nothing of it shows if `signal`
 * aborts first.
 */
async function reload(signal, wanted = 0) {
  // The filters as they are now: typing goes on while this loads.
  const asked = { ...filter };
  const text = asked.text.trim();
  let fresh = noRows(asked, text);
  await Promise.all([loadPage(fresh, signal), topicsLoaded]);
  if (text && fresh.rows.length === 0 && model.topics.some((t) => t.topic.includes(text.toLowerCase()))) {
    // The text names issues but no actor: every actor's stances on those issues.
    fresh = noRows(asked, '');
    await loadPage(fresh, signal);
  }
  while (fresh.rows.length < wanted && fresh.next != null) {
    await loadPage(fresh, signal);
  }
  Object.assign(model, fresh);
  shown = true;
  renderBoard();
  markLive();
  mark('stancewatch:rows', { text: asked.text, stance: asked.stance });
}

/** Loads the rows for the filters as they are now; a load for earlier ones is dropped. */
function refilter() {
  loads.abort();
  loads = new AbortController();
  const { signal } = loads;
  enqueue(() => reload(signal));
}

/** Reads as many rows as are loaded again: for changes the loaded rows cannot just take (a new actor among them, a burst). */
const refresh = () => reload(loads.signal, model.rows.length);

function loadMore() {
  loadingMore = true;
  renderStatus();
  const { signal } = loads;
  enqueue(async () => {
    try {
      if (model.next != null && !signal.aborted) {
        await loadPage(model, signal);
      }
    } finally {
      loadingMore = false;
    }
    renderBoard(new Set(), true);
  });
}

/** What a cell shows of a stance: a cell whose look changed flashes. */
const look = (stance) => (stance ? `${stance.stance} ${stance.position} ${stance.via}` : '');

/**
 * The pair as the change left it, with its history. The service reads changes and snapshots
 * from two topics, so it can announce a change a moment before its view holds the snapshot
 * written with it: ask again, briefly, until they agree.
 */
async function pairAsChanged(change) {
  let pair = null;
  for (let attempt = 0; attempt < 6; attempt++) {
    pair = await api.pair(change.actor, change.topic);
    if ((pair ? pair.stance : null) === change.newStance) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
  }
  return pair;
}

/** More changed pairs than this in one batch (a bulk import): the loaded rows are read again. */
const BULK = 8;

function addTopic(change) {
  if (!model.topics.some((t) => t.topic === change.topic)) {
    const counts = { SUPPORT: 0, OPPOSE: 0, NEUTRAL: 0 };
    if (change.newStance) {
      counts[change.newStance] = 1;
    }
    model.topics = [...model.topics, { topic: change.topic, ...counts }];
  }
}

/**
 * Applies a batch of changes, the latest per pair, keyed by pair, to the loaded rows. A change
 * of an actor not loaded matters only if its row would sit among the loaded ones (a new actor):
 * the loaded rows are then read again; past them, it is read when scrolled to.
 */
async function applyChanges(batch) {
  const before = new Map(model.stances);
  const changes = [...batch.values()];
  const last = model.rows.at(-1);
  const loaded = new Set(model.rows);
  const within = (actor) => model.next == null || actor < last;
  changes.forEach(addTopic);
  if (changes.length > BULK || changes.some((c) => !loaded.has(c.actor) && within(c.actor))) {
    await refresh();
  }
  const rowsNow = new Set(model.rows);
  // A change carries all that a cell shows: it is drawn at once, without waiting until the
  // view's snapshot of the pair (read from another topic) has caught up with it.
  for (const change of changes.filter((c) => rowsNow.has(c.actor))) {
    const key = pairKey(change.actor, change.topic);
    if (change.newStance && (!model.filter.stance || change.newStance === model.filter.stance)) {
      model.stances.set(key, { actor: change.actor, topic: change.topic, stance: change.newStance,
        position: change.newPosition, via: change.via });
    } else {
      model.stances.delete(key);
    }
  }
  const changed = [...batch.keys()].filter((key) => look(before.get(key)) !== look(model.stances.get(key)));
  renderBoard(new Set(changed));
  mark('stancewatch:changes', changed);
  const openChange = open && batch.get(pairKey(open.actor, open.topic));
  if (openChange) {
    showTimeline(open.actor, open.topic, await pairAsChanged(openChange));
  }
}

/** The rows and columns drawn, and which of the rows are in the DOM now. */
let board = null;
/** A row's height in pixels, as measured once drawn (rows all have the same); until then, about what the CSS makes it. */
let rowHeight = 40;

const sameList = (a, b) => a.length === b.length && a.every((item, i) => item === b[i]);

/**
 * Draws the matrix for the loaded rows; the cells of `flash` are highlighted once, as just
 * changed. When rows were only `appended`, and none of the drawn ones moved, the drawn rows stay.
 */
function renderBoard(flash = new Set(), appended = false) {
  const topics = columns(model, model.filter, order.topics);
  const actors = rows(model, model.filter, topics, order.actors);
  const more = model.next != null;
  const caption = `Current stances: ${actors.length} actors${more ? ' loaded' : ''} \u00d7 ${topics.length} issues`;
  matrix.dataset.filter = model.filter.text;
  if (appended && board && sameList(board.topics, topics)
      && sameList(board.actors.slice(board.first, board.last), actors.slice(board.first, board.last))) {
    board.actors = actors;
    board.table.setAttribute('aria-rowcount', more ? -1 : actors.length + 1);
    board.table.caption.textContent = caption;
    renderRows();
  } else if (actors.length === 0 || topics.length === 0) {
    board = null;
    const nothing = model.stances.size === 0 && !model.filter.text && !model.filter.stance;
    matrix.replaceChildren(h('p', { class: 'empty' }, nothing ? 'No stances recorded yet.' : 'Nothing matches the filters.'));
  } else {
    const focused = focusedKey();
    const tbody = h('tbody');
    const table = h('table', { class: 'stances', 'aria-rowcount': more ? -1 : actors.length + 1 },
      h('caption', {}, caption), head(topics), tbody);
    const sheet = h('div', { class: 'sheet' }, table);
    board = { actors, topics, table, tbody, sheet, first: -1, last: -1 };
    matrix.replaceChildren(sheet);
    renderRows(flash, true, focused);
  }
  renderStatus();
}

/**
 * Puts the rows in view, and a few around them, in the DOM; padding stands in for the others,
 * so the scroll bar spans them all. Unless `force`, only when the rows in view changed.
 */
function renderRows(flash = new Set(), force = false, focused = focusedKey()) {
  const [first, last] = rowsInView();
  pad(first, last);
  if (!force && first === board.first && last === board.last) {
    loadMoreIfNear(last);
    return;
  }
  board.first = first;
  board.last = last;
  const view = { filter: model.filter, flash, selected: open && pairKey(open.actor, open.topic) };
  board.tbody.replaceChildren(...board.actors.slice(first, last).map((actor, i) => row(model, actor, first + i, board.topics, view)));
  const measured = board.tbody.rows[0]?.getBoundingClientRect().height;
  if (measured && measured !== rowHeight) {
    rowHeight = measured;
    // Drawn again only if the measured height puts other rows in view.
    if (!sameList(rowsInView(), [first, last])) {
      renderRows(flash, true, focused);
      return;
    }
    pad(first, last);
  }
  if (focused) {
    cellButton(focused)?.focus({ preventScroll: true });
  }
  loadMoreIfNear(last);
}

/** Padding in place of the rows above `first` and from `last` on. */
function pad(first, last) {
  board.sheet.style.paddingTop = `${first * rowHeight}px`;
  board.sheet.style.paddingBottom = `${(board.actors.length - last) * rowHeight}px`;
}

const rowsOnScreen = () => Math.ceil(matrix.clientHeight / rowHeight);

/** The rows to draw: those in view and a buffer, as [first, last). */
function rowsInView() {
  const headHeight = board.tbody.offsetTop;
  const first = Math.max(0, Math.floor((matrix.scrollTop - headHeight) / rowHeight) - BUFFER);
  return [first, Math.min(board.actors.length, first + rowsOnScreen() + 2 * BUFFER)];
}

function loadMoreIfNear(lastDrawn) {
  if (model.next != null && !loadingMore && lastDrawn + PREFETCH >= board.actors.length) {
    loadMore();
  }
}

// One listener for every cell: a cell's button opens its pair's timeline (a click, or Enter).
matrix.addEventListener('click', (event) => {
  const td = event.target.closest('button.cell')?.closest('td');
  if (td) {
    enqueue(() => openTimeline(td.dataset.actor, td.dataset.topic));
  }
});

let frame = 0;
matrix.addEventListener('scroll', () => {
  if (!frame) {
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (board) {
        renderRows();
      }
    });
  }
});

function focusedKey() {
  const focused = document.activeElement?.closest('#matrix td');
  return focused ? pairKey(focused.dataset.actor, focused.dataset.topic) : null;
}

function cellButton(key) {
  const [actor, topic] = key.split(' ');
  return matrix.querySelector(`td[data-actor="${CSS.escape(actor)}"][data-topic="${CSS.escape(topic)}"] button`);
}

function renderStatus() {
  const state = connection === 'live' && !shown ? 'loading' : connection;
  const live = { connecting: 'Connecting…', loading: 'Loading…', live: 'Live', reconnecting: 'Reconnecting…', offline: 'Live updates unavailable; retrying' }[state];
  const more = model.next == null ? '' : loadingMore ? '; loading more\u2026' : '; more as you scroll';
  status.dataset.connection = state;
  status.textContent = `${live} \u00b7 ${model.rows.length} actors${more ? ' loaded' : ''}, ${model.topics.length} issues, `
    + `${model.stances.size} stances${more}`;
}

function markLive() {
  if (connection === 'live' && shown && performance.getEntriesByName('stancewatch:live').length === 0) {
    mark('stancewatch:live');
  }
}

async function openTimeline(actor, topic) {
  open = { actor, topic };
  showTimeline(actor, topic, await api.pair(actor, topic));
  if (board) {
    renderRows(new Set(), true);
  }
  timeline.focus();
}

function showTimeline(actor, topic, pair) {
  timeline.dataset.actor = actor;
  timeline.dataset.topic = topic;
  timeline.replaceChildren(...renderTimeline(model, actor, topic, pair, closeTimeline,
    (cursor) => api.pair(actor, topic, cursor)).filter(Boolean));
  timeline.hidden = false;
}

function closeTimeline() {
  const key = open && pairKey(open.actor, open.topic);
  open = null;
  timeline.hidden = true;
  timeline.replaceChildren();
  if (board) {
    renderRows(new Set(), true);
  }
  if (key) {
    cellButton(key)?.focus();
  }
}

// Changes arriving together (a bulk import) are applied together, the latest per pair,
// shortly after the first of them: a burst is drawn once, not once per change.
let pending = new Map();
let flushing = false;

function receive(change) {
  pending.set(pairKey(change.actor, change.topic), change);
  if (!flushing) {
    flushing = true;
    setTimeout(() => enqueue(() => {
      flushing = false;
      const batch = pending;
      pending = new Map();
      return applyChanges(batch);
    }), 20);
  }
}

/**
 * Follows the changes from the end of the log: the rows are read after the stream opened, so
 * they already hold every earlier change. `opened` resolves on the first answer, even an error.
 */
function connect(opened) {
  const source = new EventSource('changes/stream?from=end');
  source.addEventListener('open', () => {
    const resumed = connection !== 'connecting';
    connection = 'live';
    opened();
    if (resumed) {
      // A fresh stream, or one that had no event id to resume after, skips what changed meanwhile.
      enqueue(refresh);
    }
    markLive();
    renderStatus();
  });
  source.addEventListener('stance-change', (event) => receive(JSON.parse(event.data)));
  source.addEventListener('error', () => {
    opened();
    if (source.readyState === EventSource.CLOSED) {
      // The browser gives up for good on an HTTP error; a fresh stream is tried later.
      connection = 'offline';
      setTimeout(() => connect(() => {}), 5000);
    } else {
      // It reconnects by itself, sending Last-Event-ID, and the stream resumes after it.
      connection = 'reconnecting';
    }
    renderStatus();
  });
}

document.getElementById('filters').addEventListener('submit', (event) => event.preventDefault());
let typing = 0;
document.getElementById('filter-text').addEventListener('input', (event) => {
  filter.text = event.target.value;
  clearTimeout(typing);
  typing = setTimeout(refilter, DEBOUNCE_MS);
});
document.getElementById('filter-stance').addEventListener('change', (event) => {
  filter.stance = event.target.value;
  refilter();
});
document.getElementById('sort-actors').addEventListener('change', (event) => {
  order.actors = event.target.value;
  renderBoard();
});
document.getElementById('sort-topics').addEventListener('change', (event) => {
  order.topics = event.target.value;
  renderBoard();
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && open) {
    closeTimeline();
  }
});

const streamOpened = new Promise((resolve) => connect(resolve));
const topicsLoaded = api.topics().then((topics) => {
  model.topics = topics;
});
enqueue(async () => {
  await streamOpened;
  await reload(loads.signal);
});
