/**
 * Builds an element. Children that are strings become text nodes, so data from the API is
 * never parsed as HTML; attribute names only ever come from this code.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  element.append(...children.flat().filter((child) => child != null && child !== false));
  return element;
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** A `<time>` for an RFC 3339 instant, shown in UTC like the API's timestamps. */
export function time(instant) {
  return h('time', { datetime: instant }, `${dateTime.format(new Date(instant))} UTC`);
}

/** A link to a statement's source, or nothing unless it is http(s): a javascript: URL must never become a link. */
export function sourceLink(url) {
  if (url == null || !/^https?:\/\//i.test(url)) {
    return null;
  }
  return h('a', { href: url, rel: 'noopener noreferrer', target: '_blank', class: 'source' },
    `source: ${new URL(url).hostname}`);
}
