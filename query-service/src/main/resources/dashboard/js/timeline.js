import { h, sourceLink, time } from './dom.js';
import { displayName, signed } from './matrix.js';

/**
 * The contents of the timeline panel for one pair; `pair` is null when it has no current
 * stance. The history comes newest first, a page at a time: `loadOlder(cursor)` resolves to
 * the next page's answer, whose statements are appended under the ones shown.
 */
export function renderTimeline(model, actor, topic, pair, onClose, loadOlder) {
  const history = pair ? h('ol', { class: 'history' }, pair.history.map((item) => statement(model, item, pair.statementId))) : null;
  return [
    h('header', { class: 'timeline-head' },
      h('h2', { id: 'timeline-title' }, `${displayName(model, actor)} on ${topic}`),
      h('button', { type: 'button', class: 'close', 'aria-label': 'Close timeline', onclick: onClose }, '\u00d7')),
    pair
      ? h('p', { class: 'now' }, 'Now ', badge(pair.stance), ` ${signed(pair.position)} since `, time(pair.since),
        ` \u00b7 ${pair.statements} ${pair.statements === 1 ? 'statement' : 'statements'}`)
      : h('p', { class: 'now' }, 'No current stance: every statement on this issue was retracted.'),
    history,
    pair ? olderButton(model, pair, pair.next, history, loadOlder) : null,
  ];
}

/** A button that appends the page after `cursor` to `history`, and gives way to the next one; nothing on the last page. */
function olderButton(model, pair, cursor, history, loadOlder) {
  if (cursor == null) {
    return null;
  }
  const button = h('button', { type: 'button', class: 'older' }, 'Older statements');
  button.addEventListener('click', async () => {
    button.disabled = true;
    const page = await loadOlder(cursor);
    if (page == null) {
      button.remove();
      return;
    }
    history.append(...page.history.map((item) => statement(model, item, pair.statementId)));
    const next = olderButton(model, pair, page.next, history, loadOlder);
    button.replaceWith(...(next ? [next] : []));
  });
  return button;
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
