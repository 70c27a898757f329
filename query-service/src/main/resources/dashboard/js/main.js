import * as api from './api.js';
import { h } from './dom.js';
import { columns, head, pairKey, row, rows } from './matrix.js';
import { renderTimeline } from './timeline.js';

/** Rows drawn above and below the visible ones, so a short scroll shows drawn rows at once. */
const BUFFER = 4;
/** The same for columns, left and right. */
const COLUMN_BUFFER = 2;
/** Rows loaded beyond the last drawn one before the next page of /stances is asked for. */
const PREFETCH = 40;
/**
 * Stances kept loaded at most (about 20 MB of the tab's heap): beyond, the pages farthest from
 * the rows in view drop their stances, and read them again when scrolled back to.
 */
const KEPT = 100_000;
// Short: a filter is a small read on the server, and a newer one aborts the older.
const DEBOUNCE_MS = 25;

/**
 * What the matrix shows: every topic (one small item per column), and of the actors the
 * filters select, the first ones in the order asked for (the server sorts), a page of
 * /stances at a time, as far as the reader has scrolled. `pages` says which rows each page
 * holds (`first` to `last`, indexes in `rows`), the cursor it was read from, and the keys of
 * its stances, or null once dropped; `next` is the cursor of the next page (null: all are
 * loaded); `named` is the cursor of /actors, read in the same order for names, kinds and blocs;
 * `filter` is the filter the rows were loaded for.
 */
const filter = { text: '', stance: '', sort: 'name' };
const model = { topics: [], actors: new Map(), ...noRows(filter, '') };
const order = { topics: 'name' };
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
  return { rows: [], index: new Map(), pages: [], stances: new Map(), next: null,
    named: { cursor: null, started: false, done: false, seen: new Set() },
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

/** Reads the next page of names, kinds and blocs for `target`'s rows. */
async function loadNames(target, signal) {
  target.named.started = true;
  const { actors, sort } = target.filter;
  const names = await api.actors({ actor: actors, sort, cursor: target.named.cursor }, signal);
  for (const a of names.items) {
    model.actors.set(a.actor, { name: a.name, kind: a.kind, bloc: a.bloc ?? null });
    target.named.seen.add(a.actor);
  }
  Object.assign(target.named, { cursor: names.next, done: names.next == null });
}

/** Adds the next page of rows (and the names it needs) to `target`. */
async function loadPage(target, signal) {
  const { actors, stance, sort } = target.filter;
  // The first page of names is needed whatever the rows: read it alongside.
  const firstNames = target.named.started ? null : loadNames(target, signal);
  const cursor = target.next;
  const [page] = await Promise.all([api.stances({ actor: actors, stance, sort, cursor }, signal), firstNames]);
  const from = target.rows.length;
  // An actor's stances can run on from the previous page.
  const first = page.stances[0]?.actor === target.rows.at(-1) ? from - 1 : from;
  const keys = [];
  for (const s of page.stances) {
    if (target.rows.at(-1) !== s.actor) {
      target.index.set(s.actor, target.rows.length);
      target.rows.push(s.actor);
    }
    const key = pairKey(s.actor, s.topic);
    target.stances.set(key, cellOf(s));
    keys.push(key);
  }
  target.pages.push({ cursor, first, last: target.rows.length - 1, keys, count: keys.length });
  target.next = page.next;
  // Both lists come in the same order: read names until the new rows have theirs, as they are now.
  const unnamed = () => target.rows.slice(from).some((actor) => !target.named.seen.has(actor));
  while (!target.named.done && unnamed()) {
    await loadNames(target, signal);
  }
}

/**
 * Loads the rows for the current filters from the start, a page or at least `wanted` rows if
 * there are as many, then shows them (scrolling loads more), from the `top` when the filters
 * changed; nothing of it shows if `signal` aborts first.
 */
async function reload(signal, wanted = 0, top = false) {
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
  if (top) {
    matrix.scrollTop = 0;
  }
  renderBoard();
  markLive();
  mark('stancewatch:rows', { text: asked.text, stance: asked.stance });
}

/** Loads the rows for the filters as they are now; a load for earlier ones is dropped. */
function refilter() {
  loads.abort();
  loads = new AbortController();
  const { signal } = loads;
  enqueue(() => reload(signal, 0, true));
}

/**
 * Reads the rows again from the start, as far as they are drawn: for a new actor that may sit
 * among them, or changes the stream may have missed.
 */
const refresh = () => reload(loads.signal, board && board.last > 0 ? model.index.get(board.actors[board.last - 1]) + 1 : 0);

function loadMore() {
  loadingMore = true;
  renderStatus();
  const { signal } = loads;
  enqueue(async () => {
    try {
      if (model.next != null && !signal.aborted) {
        await loadPage(model, signal);
        dropFarPages();
      }
    } finally {
      loadingMore = false;
    }
    renderBoard(new Set(), true);
  });
}

/**
 * What the matrix keeps of a stance: what its cell shows. Half a million stances are loaded
 * by a reader who scrolls through them all; the rest is read with the timeline.
 */
const cellOf = ({ stance, position, via }) => ({ stance, position, via: via ?? null });

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

/**
 * Keeps the issues' counts (read once from /topics, for the stance filter's columns and the
 * most-contested order) current: a change moves one stance from its previous label to its new.
 * Counted as each change arrives, since a batch keeps only the latest change of a pair.
 */
function count(change) {
  let topic = model.topics.find((t) => t.topic === change.topic);
  if (!topic) {
    topic = { topic: change.topic, SUPPORT: 0, OPPOSE: 0, NEUTRAL: 0 };
    model.topics = [...model.topics, topic];
  }
  if (change.previousStance) {
    topic[change.previousStance] = Math.max(0, topic[change.previousStance] - 1);
  }
  if (change.newStance) {
    topic[change.newStance] += 1;
  }
}

/**
 * Applies a batch of changes, the latest per pair, keyed by pair, to the loaded rows. A change
 * of an actor without a row matters only if its row could sit among the loaded ones (a new
 * actor): the rows drawn are then read again; past them, it is read when scrolled to. A row
 * whose pages were all dropped takes its changes when they are read again.
 */
async function applyChanges(batch) {
  const changes = [...batch.values()];
  const before = new Map(changes.map((c) => [pairKey(c.actor, c.topic), model.stances.get(pairKey(c.actor, c.topic))]));
  // Past the last row, a new actor's place is known only in slug order.
  const within = (actor) => model.next == null || (model.filter.sort !== 'actor' || actor < model.rows.at(-1));
  if (changes.some((c) => !model.index.has(c.actor) && within(c.actor))) {
    await refresh();
  }
  // A change carries all that a cell shows: it is drawn at once, without waiting until the
  // view's snapshot of the pair (read from another topic) has caught up with it.
  for (const change of changes) {
    const page = loadedPageOf(change.actor);
    if (!page) {
      continue;
    }
    const key = pairKey(change.actor, change.topic);
    if (change.newStance && (!model.filter.stance || change.newStance === model.filter.stance)) {
      if (!model.stances.has(key)) {
        // Dropped with the page that holds its row.
        page.keys.push(key);
      }
      model.stances.set(key, cellOf({ stance: change.newStance, position: change.newPosition, via: change.via }));
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

/** A page holding the actor's row whose stances are loaded; none if it has no row, or they were dropped. */
function loadedPageOf(actor) {
  const row = model.index.get(actor);
  return row === undefined ? undefined
    : model.pages.find((page) => page.keys !== null && page.first <= row && row <= page.last);
}

/** The actors some of whose stances were dropped. */
function droppedRows() {
  return new Set(model.pages.filter((page) => page.keys === null).flatMap((page) => model.rows.slice(page.first, page.last + 1)));
}

/** The pages holding rows of the drawn ones. */
function drawnPages() {
  const drawn = board.actors.slice(board.first, board.last).map((a) => model.index.get(a));
  const [low, high] = [Math.min(...drawn), Math.max(...drawn)];
  return model.pages.filter((page) => page.last >= low && page.first <= high);
}

/** Drops the stances of the pages farthest from the drawn rows while more than KEPT are loaded. */
function dropFarPages() {
  if (model.stances.size <= KEPT || !board || board.first === board.last) {
    return;
  }
  const drawn = drawnPages();
  const [low, high] = [drawn[0].first, drawn.at(-1).last];
  const distance = (page) => Math.max(low - page.last, page.first - high);
  const far = model.pages.filter((page) => page.keys !== null && !drawn.includes(page))
    .sort((a, b) => distance(b) - distance(a));
  for (const page of far) {
    if (model.stances.size <= KEPT) {
      break;
    }
    page.keys.forEach((key) => model.stances.delete(key));
    page.keys = null;
    mark('stancewatch:dropped', { first: page.first, last: page.last });
  }
}

/** Reads the dropped pages of the drawn rows again, and draws them. */
function restoreDrawnPages() {
  for (const page of drawnPages().filter((p) => p.keys === null && !p.reading)) {
    page.reading = true;
    const { signal } = loads;
    enqueue(async () => {
      const { actors, stance, sort } = model.filter;
      let answer;
      try {
        answer = await api.stances({ actor: actors, stance, sort, cursor: page.cursor }, signal);
      } finally {
        page.reading = false;
      }
      if (!model.pages.includes(page) || !board) {
        return;
      }
      // The page's rows as they were; an actor new since is shown when the rows are read again.
      page.keys = [];
      for (const s of answer.stances) {
        const row = model.index.get(s.actor);
        if (page.first <= row && row <= page.last) {
          const key = pairKey(s.actor, s.topic);
          model.stances.set(key, cellOf(s));
          page.keys.push(key);
        }
      }
      dropFarPages();
      renderRows(new Set(), true);
    });
  }
}

/** The rows and columns drawn, and which of the rows are in the DOM now. */
let board = null;
/** A row's height in pixels, as measured once drawn (rows all have the same); until then, about what the CSS makes it. */
let rowHeight = 40;

const sameList = (a, b) => a.length === b.length && a.every((item, i) => item === b[i]);

/**
 * Draws the matrix for the loaded rows; the cells of `flash` are highlighted once, as just
 * changed. With the same columns the table and its header stay, and only the rows are drawn
 * again; when rows were only `appended`, and none of the drawn ones moved, the drawn rows stay.
 */
function renderBoard(flash = new Set(), appended = false) {
  const topics = columns(model, model.filter, order.topics);
  const actors = rows(model, model.filter, topics, droppedRows());
  const more = model.next != null;
  const caption = `Current stances: ${actors.length} actors${more ? ' loaded' : ''} \u00d7 ${topics.length} issues`;
  matrix.dataset.filter = model.filter.text;
  if (actors.length === 0 || topics.length === 0) {
    board = null;
    const nothing = model.stances.size === 0 && !model.filter.text && !model.filter.stance;
    matrix.replaceChildren(h('p', { class: 'empty' }, nothing ? 'No stances recorded yet.' : 'Nothing matches the filters.'));
  } else if (board && sameList(board.topics, topics)) {
    const drawnStay = appended && sameList(board.actors.slice(board.first, board.last), actors.slice(board.first, board.last));
    board.actors = actors;
    board.table.setAttribute('aria-rowcount', more ? -1 : actors.length + 1);
    board.table.caption.textContent = caption;
    renderRows(flash, !drawnStay);
  } else {
    const focused = focusedKey();
    const tbody = h('tbody');
    const table = h('table', { class: 'stances', 'aria-rowcount': more ? -1 : actors.length + 1,
      'aria-colcount': topics.length + 1 }, h('caption', {}, caption), head(topics), tbody);
    const sheet = h('div', { class: 'sheet' }, table);
    board = { actors, topics, table, tbody, sheet, first: -1, last: -1, columns: [-1, -1], edges: null };
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
  const columns = columnsInView();
  pad(first, last);
  if (!force && first === board.first && last === board.last && sameList(columns, board.columns)) {
    loadMoreIfNear(last);
    return;
  }
  board.first = first;
  board.last = last;
  board.columns = columns;
  const view = { filter: model.filter, flash, selected: open && pairKey(open.actor, open.topic) };
  board.tbody.replaceChildren(...board.actors.slice(first, last)
    .map((actor, i) => row(model, actor, first + i, board.topics, columns, view, board.actors[first + i - 1])));
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
  restoreDrawnPages();
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

/**
 * The issue columns to draw: those in view right of the actor column, and a buffer, as
 * [first, last). Where each column lies is read from the header row, which has them all,
 * once per board (and window size).
 */
function columnsInView() {
  if (!board.edges) {
    const origin = board.table.getBoundingClientRect().left;
    board.edges = [...board.table.tHead.rows[0].cells].map((th) => th.getBoundingClientRect().right - origin);
  }
  const [actorColumn, ...rights] = board.edges;
  const left = matrix.scrollLeft + actorColumn;
  const right = matrix.scrollLeft + matrix.clientWidth;
  let first = rights.findIndex((edge) => edge > left);
  first = first === -1 ? rights.length : first;
  let last = rights.findIndex((edge) => edge >= right);
  last = last === -1 ? rights.length : last + 1;
  return [Math.max(0, first - COLUMN_BUFFER), Math.min(rights.length, last + COLUMN_BUFFER)];
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

window.addEventListener('resize', () => {
  if (board) {
    board.edges = null;
    renderRows(new Set(), true);
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
    + `${model.stances.size + model.pages.reduce((sum, page) => sum + (page.keys ? 0 : page.count), 0)} stances${more}`;
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

// Changes arriving together (a bulk import) are applied together, the latest per pair, before
// the next frame is drawn: a burst is drawn once, not once per change, and a hidden tab draws
// none until it is shown.
let pending = new Map();
let flushing = false;

function receive(change) {
  mark('stancewatch:received', pairKey(change.actor, change.topic));
  count(change);
  pending.set(pairKey(change.actor, change.topic), change);
  if (!flushing) {
    flushing = true;
    requestAnimationFrame(() => enqueue(() => {
      flushing = false;
      const batch = pending;
      pending = new Map();
      return applyChanges(batch);
    }));
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
  filter.sort = event.target.value;
  refilter();
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
