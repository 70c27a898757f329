import * as api from './api.js';
import { pairKey, renderMatrix } from './matrix.js';
import { renderTimeline } from './timeline.js';

const model = { actors: new Map(), topics: [], stances: new Map() };
const filter = { text: '', stance: '' };
/** The pairs changed by the latest live update, highlighted once. */
let flash = new Set();
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

async function reloadAll() {
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
  flash = new Set();
  renderBoard();
  if (open) {
    showTimeline(open.actor, open.topic, await api.pair(open.actor, open.topic));
  }
}

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

async function applyChange(change) {
  const { actor, topic } = change;
  const key = pairKey(actor, topic);
  const pair = await pairAsChanged(change);
  if (pair) {
    model.stances.set(key, pair);
  } else {
    model.stances.delete(key);
  }
  if (!model.actors.has(actor)) {
    const listed = (await api.actors()).find((a) => a.actor === actor);
    model.actors.set(actor, listed ? listed.name : null);
  }
  addTopic(topic);
  flash = new Set([key]);
  renderBoard();
  if (open && open.actor === actor && open.topic === topic) {
    showTimeline(actor, topic, pair);
  }
}

function renderBoard() {
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
  timeline.replaceChildren(...renderTimeline(model, actor, topic, pair, closeTimeline).filter(Boolean));
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

function connect() {
  const source = new EventSource('changes/stream');
  source.addEventListener('open', () => {
    connection = 'live';
    // Whatever changed while there was no stream is in a fresh read.
    enqueue(reloadAll);
  });
  source.addEventListener('stance-change', (event) => {
    const change = JSON.parse(event.data);
    enqueue(() => applyChange(change));
  });
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) {
      // The browser gives up for good on an HTTP error; a fresh stream is tried later.
      connection = 'offline';
      setTimeout(connect, 5000);
    } else {
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

enqueue(reloadAll);
connect();
