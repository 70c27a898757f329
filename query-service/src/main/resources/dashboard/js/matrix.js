import { h } from './dom.js';

/** Slugs have no spaces, so a space joins a pair unambiguously. */
export const pairKey = (actor, topic) => `${actor} ${topic}`;

export const displayName = (model, actor) => model.actors.get(actor) || actor;

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

/**
 * Which rows and columns the filters leave. The text keeps the actors and the issues it
 * matches; when it matches only one kind, all of the other kind stay, so "nato" shows every
 * actor's stance on the NATO issues. The stance filter drops rows and columns without one.
 */
function visible(model, filter) {
  let actors = [...model.actors.keys()].sort((a, b) => displayName(model, a).localeCompare(displayName(model, b)));
  let topics = model.topics;
  const text = filter.text.trim().toLowerCase();
  if (text) {
    const matches = (value) => value.toLowerCase().includes(text);
    const matchedActors = actors.filter((a) => matches(a) || matches(displayName(model, a)));
    const matchedTopics = topics.filter(matches);
    const any = matchedActors.length > 0 || matchedTopics.length > 0;
    actors = matchedActors.length > 0 || !any ? matchedActors : actors;
    topics = matchedTopics.length > 0 || !any ? matchedTopics : topics;
  }
  if (filter.stance) {
    const has = (actor, topic) => model.stances.get(pairKey(actor, topic))?.stance === filter.stance;
    actors = actors.filter((a) => topics.some((t) => has(a, t)));
    topics = topics.filter((t) => actors.some((a) => has(a, t)));
  }
  return { actors, topics };
}

/**
 * The actor × issue table. `view` holds the filters, the keys of the pairs that just
 * changed (`flash`) and of the pair whose timeline is open (`selected`).
 */
export function renderMatrix(model, view, onOpen) {
  const { actors, topics } = visible(model, view.filter);
  if (actors.length === 0 || topics.length === 0) {
    return h('p', { class: 'empty' }, model.stances.size === 0 ? 'No stances recorded yet.' : 'Nothing matches the filters.');
  }
  return h('table', { class: 'stances' },
    h('caption', {}, `Current stances: ${actors.length} actors \u00d7 ${topics.length} issues`),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'corner' }, 'Actor'),
      topics.map((topic) => h('th', { scope: 'col', class: 'topic' }, topic)))),
    h('tbody', {}, actors.map((actor) => h('tr', { dataset: { actor } },
      h('th', { scope: 'row', class: 'actor' }, displayName(model, actor)),
      topics.map((topic) => cell(model, actor, topic, view, onOpen))))));
}

function cell(model, actor, topic, view, onOpen) {
  const key = pairKey(actor, topic);
  const stance = model.stances.get(key);
  const td = h('td', { dataset: { actor, topic, stance: stance ? stance.stance : '' },
    class: [view.flash.has(key) && 'flash', view.selected === key && 'selected'].filter(Boolean).join(' ') || null });
  if (!stance || (view.filter.stance && stance.stance !== view.filter.stance)) {
    return td;
  }
  const label = `${displayName(model, actor)} on ${topic}: ${stance.stance.toLowerCase()}, position ${signed(stance.position)}`
    + (stance.via ? `, via ${displayName(model, stance.via)}` : '');
  const button = h('button', { type: 'button', class: 'cell', title: label, 'aria-label': `${label}. Show timeline`,
    'aria-expanded': String(view.selected === key), 'aria-controls': 'timeline', onclick: () => onOpen(actor, topic) },
  signed(stance.position));
  Object.assign(button.style, cellColours(stance.position));
  td.append(button);
  return td;
}
