import { h } from './dom.js';

/** Slugs have no spaces, so a space joins a pair unambiguously. */
export const pairKey = (actor, topic) => `${actor} ${topic}`;

/** An actor's name, or its slug when it has none (a bloc only spoken for) or it is not loaded yet. */
export const displayName = (model, actor) => model.actors.get(actor)?.name || actor;

/** The position as a signed number, so direction reads without relying on colour. */
export function signed(position) {
  const magnitude = Math.abs(position).toFixed(1);
  return position > 0 ? `+${magnitude}` : position < 0 ? `\u2212${magnitude}` : magnitude;
}

/**
 * Green for support, red for oppose, grey at 0, deeper as |position| grows; the text is black
 * or white, whichever contrasts more with that background.
 */
export function cellColours(position) {
  const intensity = Math.min(1, Math.abs(position));
  const [hue, saturation] = position > 0 ? [140, 55] : position < 0 ? [0, 65] : [0, 0];
  const lightness = position === 0 ? 80 : 90 - 58 * intensity;
  const luminance = relativeLuminance(hslToRgb(hue, saturation / 100, lightness / 100));
  const onWhite = 1.05 / (luminance + 0.05);
  const onBlack = (luminance + 0.05) / 0.05;
  return {
    backgroundColor: `hsl(${hue} ${saturation}% ${lightness}%)`,
    color: onWhite > onBlack ? '#fff' : '#111',
  };
}

function hslToRgb(hue, saturation, lightness) {
  const a = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n) => {
    const k = (n + hue / 30) % 12;
    return lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [channel(0), channel(8), channel(4)];
}

function relativeLuminance(rgb) {
  const [r, g, b] = rgb.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const byName = new Intl.Collator('en').compare;

/**
 * How contested an issue is: the share of its stances on the smaller of the two sides, so an
 * issue split evenly between support and oppose scores 0.5 and a one-sided one 0, whatever
 * its neutrals.
 */
export function contested(topic) {
  const total = topic.SUPPORT + topic.OPPOSE + topic.NEUTRAL;
  return total === 0 ? 0 : Math.min(topic.SUPPORT, topic.OPPOSE) / total;
}

/**
 * The issue columns the filters leave, from the topic list alone. The text keeps the issues
 * it matches, or all when it matches none (it then filters actors, on the server): "nato"
 * shows every actor's stance on the NATO issues. The stance filter keeps the issues with at
 * least one stance of that label.
 */
export function columns(model, filter, order) {
  const text = filter.text.trim().toLowerCase();
  const matched = text ? model.topics.filter((t) => t.topic.includes(text)) : [];
  let topics = matched.length > 0 ? matched : model.topics;
  if (filter.stance) {
    topics = topics.filter((t) => t[filter.stance] > 0);
  }
  const compare = order === 'contested'
    ? (a, b) => contested(b) - contested(a) || byName(a.topic, b.topic)
    : (a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0);
  return [...topics].sort(compare).map((t) => t.topic);
}

/**
 * The loaded actors' rows, in the server's order. With a stance filter, only the actors with
 * a stance of that label in a shown column, and those whose stances are not all loaded now
 * (`unknown`: the server sent them for the filter).
 */
export function rows(model, filter, topics, unknown) {
  if (!filter.stance) {
    return model.rows;
  }
  return model.rows.filter((a) => unknown.has(a)
    || topics.some((t) => model.stances.get(pairKey(a, t))?.stance === filter.stance));
}

/** The header row: a column per issue, all of them (their widths place the columns), `aria-colindex` from 2. */
export function head(topics) {
  return h('thead', {}, h('tr', { 'aria-rowindex': 1 },
    h('th', { scope: 'col', class: 'corner', 'aria-colindex': 1 }, 'Actor'),
    topics.map((topic, i) => h('th', { scope: 'col', class: 'topic', 'aria-colindex': i + 2 }, topic))));
}

/** Stands in for the columns not drawn: they keep their width from the header row. */
const gap = (columns) => (columns > 0 ? h('td', { class: 'gap', colspan: columns, 'aria-hidden': 'true' }) : null);

/**
 * One actor's row, the `index`th of the table (counting from 0 under the header), with the
 * cells of `topics` in [`first`, `last`) drawn. `view` holds the filters, the keys of the
 * pairs that just changed (`flash`) and of the pair whose timeline is open (`selected`).
 * Grouped by bloc, a row starts a group when its bloc is not the `previous` row's (the actors
 * with none, after every group, make one too), and an actor that speaks for its bloc is set in
 * under it.
 */
export function row(model, actor, index, topics, [first, last], view, previous) {
  const grouped = view.filter.sort === 'bloc';
  const bloc = model.actors.get(actor)?.bloc ?? null;
  const before = previous === undefined ? null : model.actors.get(previous)?.bloc ?? null;
  const member = grouped && bloc !== null && bloc !== actor;
  return h('tr', { dataset: { actor },
    class: grouped && bloc !== before ? 'group-start' : null, 'aria-rowindex': index + 2 },
    h('th', { scope: 'row', class: member ? 'actor member' : 'actor', 'aria-colindex': 1,
      title: member ? `speaks for ${displayName(model, bloc)}` : null }, displayName(model, actor)),
    gap(first),
    topics.slice(first, last).map((topic, i) => cell(model, actor, topic, first + i, view)),
    gap(topics.length - last));
}

/** Colours by position: positions come in few values, and each cell needs them. */
const coloursByPosition = new Map();

function colours(position) {
  if (!coloursByPosition.has(position)) {
    coloursByPosition.set(position, cellColours(position));
  }
  return coloursByPosition.get(position);
}

function cell(model, actor, topic, column, view) {
  const key = pairKey(actor, topic);
  const stance = model.stances.get(key);
  const td = h('td', { dataset: { actor, topic, stance: stance ? stance.stance : '' }, 'aria-colindex': column + 2,
    class: [view.flash.has(key) && 'flash', view.selected === key && 'selected'].filter(Boolean).join(' ') || null });
  if (!stance || (view.filter.stance && stance.stance !== view.filter.stance)) {
    return td;
  }
  const label = `${displayName(model, actor)} on ${topic}: ${stance.stance.toLowerCase()}, position ${signed(stance.position)}`
    + (stance.via ? `, via ${displayName(model, stance.via)}` : '');
  const button = h('button', { type: 'button', class: 'cell', title: label, 'aria-label': `${label}. Show timeline`,
    'aria-expanded': String(view.selected === key), 'aria-controls': 'timeline' },
  signed(stance.position));
  Object.assign(button.style, colours(stance.position));
  td.append(button);
  return td;
}
