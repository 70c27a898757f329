import * as api from './api.js';
import { pairKey, renderMatrix } from './matrix.js';
import { renderTimeline } from './timeline.js';

const model = { actors: new Map(), topics: [], stances: new Map() };
const filter = { text: '', stance: '' };
/** The pair whose timeline is shown, or null. */
let open = null;
let connection = 'connecting';

const matrix = document.getElementById('matrix');
const timeline = document.getElementById('timeline');
const status = document.getElementById('status');

// One task at a time: a change that arrives during a reload is applied after it, so an older
// answer never overwrites a newer one.
let queue = Promise.resolve();
function enqueue(task) {
  queue = queue.then(task).catch((error) => {
    status.textContent = `Could not load: ${error.message}`;
  });
}

function addTopic(topic) {
  if (!model.topics.includes(topic)) {
    model.topics = [...model.topics, topic].sort();
  }
}

async function load() {
  const [actors, topics, stances] = await Promise.all([api.actors(), api.topics(), api.stances()]);
  model.actors = new Map(actors.map((a) => [a.actor, a.name]));
  model.topics = topics.map((t) => t.topic).sort();
  model.stances = new Map(stances.map((s) => [pairKey(s.actor, s.topic), s]));
  // The three answers are separate reads; a stance may name what a list read a moment earlier missed.
  for (const s of stances) {
    if (!model.actors.has(s.actor)) {
      model.actors.set(s.actor, null);
    }
    addTopic(s.topic);
  }
}

/** What a cell shows of a stance; a change only needs a new read when this differs. */
const look = (stance) => (stance ? `${stance.stance} ${stance.position} ${stance.via}` : '');

/**
 * The pair as the change left it. The service reads changes and snapshots from two topics,
 * so it can announce a change a moment before its view holds the snapshot written with it:
 * ask again, briefly, until they agree.
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

/** More changed pairs than this in one batch (the stream's replay of the log, a bulk import): one full read. */
const BULK = 8;

/** Applies a batch of changes, the latest per pair, keyed by pair. */
async function applyChanges(batch) {
  const before = new Map(model.stances);
  const changes = [...batch.values()];
  if (changes.length > BULK || changes.some((c) => !model.actors.has(c.actor))) {
    await load();
  }
  for (const change of changes) {
    const key = pairKey(change.actor, change.topic);
    const after = change.newStance && { stance: change.newStance, position: change.newPosition, via: change.via };
    if (look(model.stances.get(key)) !== look(after)) {
      const pair = await pairAsChanged(change);
      if (pair) {
        model.stances.set(key, pair);
      } else {
        model.stances.delete(key);
      }
    }
    if (!model.actors.has(change.actor)) {
      model.actors.set(change.actor, null);
    }
    addTopic(change.topic);
  }
  renderBoard(new Set([...batch.keys()].filter((key) => look(before.get(key)) !== look(model.stances.get(key)))));
  if (open && batch.has(pairKey(open.actor, open.topic))) {
    showTimeline(open.actor, open.topic, await api.pair(open.actor, open.topic));
  }
}

/** Redraws the matrix; the cells of `flash` are highlighted once, as just changed. */
function renderBoard(flash = new Set()) {
  const focused = document.activeElement?.closest('#matrix td');
  const focusedKey = focused ? pairKey(focused.dataset.actor, focused.dataset.topic) : null;
  const selected = open && pairKey(open.actor, open.topic);
  matrix.replaceChildren(renderMatrix(model, { filter, flash, selected },
    (actor, topic) => enqueue(() => openTimeline(actor, topic))));
  if (focusedKey) {
    cellButton(focusedKey)?.focus();
  }
  renderStatus();
}

function cellButton(key) {
  return [...matrix.querySelectorAll('td')]
    .find((td) => pairKey(td.dataset.actor, td.dataset.topic) === key)?.querySelector('button');
}

function renderStatus() {
  const live = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', offline: 'Live updates unavailable; retrying' }[connection];
  status.dataset.connection = connection;
  status.textContent = `${live} \u00b7 ${model.actors.size} actors, ${model.topics.length} issues, ${model.stances.size} stances`;
}

async function openTimeline(actor, topic) {
  open = { actor, topic };
  showTimeline(actor, topic, await api.pair(actor, topic));
  renderBoard();
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
  renderBoard();
  if (key) {
    cellButton(key)?.focus();
  }
}

// Changes arriving together (the stream starts with a replay of the whole log) are applied
// together, the latest per pair, shortly after the first of them.
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
    }), 100);
  }
}

function connect() {
  const source = new EventSource('changes/stream');
  source.addEventListener('open', () => {
    connection = 'live';
    renderStatus();
  });
  source.addEventListener('stance-change', (event) => receive(JSON.parse(event.data)));
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) {
      // The browser gives up for good on an HTTP error; a fresh stream (a full replay) is tried later.
      connection = 'offline';
      setTimeout(connect, 5000);
    } else {
      // It reconnects by itself, sending Last-Event-ID, and the stream resumes after it.
      connection = 'reconnecting';
    }
    renderStatus();
  });
}

document.getElementById('filters').addEventListener('submit', (event) => event.preventDefault());
document.getElementById('filter-text').addEventListener('input', (event) => {
  filter.text = event.target.value;
  renderBoard();
});
document.getElementById('filter-stance').addEventListener('change', (event) => {
  filter.stance = event.target.value;
  renderBoard();
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && open) {
    closeTimeline();
  }
});

enqueue(async () => {
  await load();
  renderBoard();
});
connect();
