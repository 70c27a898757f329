import { h, sourceLink, time } from './dom.js';
import { displayName, signed } from './matrix.js';

/** The contents of the timeline panel for one pair; `pair` is null when it has no current stance. */
export function renderTimeline(model, actor, topic, pair, onClose) {
  return [
    h('header', { class: 'timeline-head' },
      h('h2', { id: 'timeline-title' }, `${displayName(model, actor)} on ${topic}`),
      h('button', { type: 'button', class: 'close', 'aria-label': 'Close timeline', onclick: onClose }, '\u00d7')),
    pair
      ? h('p', { class: 'now' }, 'Now ', badge(pair.stance), ` ${signed(pair.position)} since `, time(pair.since),
        ` \u00b7 ${pair.statements} ${pair.statements === 1 ? 'statement' : 'statements'}`)
      : h('p', { class: 'now' }, 'No current stance: every statement on this issue was retracted.'),
    pair ? h('ol', { class: 'history' }, pair.history.map((item) => statement(model, item, pair.statementId))) : null,
  ];
}

function statement(model, item, currentId) {
  const quote = item.quote ? h('blockquote', {}, item.retracted ? h('del', {}, item.quote) : item.quote)
    : h('p', { class: 'muted' }, 'No quote recorded.');
  return h('li', { class: item.retracted ? 'statement retracted' : 'statement', dataset: { statementId: item.statementId } },
    h('p', { class: 'meta' },
      time(item.occurredAt), ' ', badge(item.stance), ` strength ${item.strength.toFixed(1)}`,
      item.via ? ` \u00b7 via ${displayName(model, item.via)}` : null,
      item.statementId === currentId ? h('span', { class: 'mark current' }, 'current') : null,
      item.retracted ? h('span', { class: 'mark retracted' }, 'retracted') : null),
    quote,
    sourceLink(item.sourceUrl));
}

function badge(stance) {
  return h('span', { class: `badge ${stance.toLowerCase()}` }, stance);
}
