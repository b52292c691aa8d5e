/**
 * HTML that cannot be injected into, nor turned around: every value put into an `html` template is
 * escaped unless it is itself `Html` (made by this module), and its bidi controls are closed inside
 * it; in the page's text, a value that could carry a direction is isolated in a `<bdi>`. Pages build
 * markup only with these, so a post's text, a name or a query string can never become markup, nor
 * make the page's own words around it (a date, a label, a link) read backwards. Pure.
 */
import { toBalancedBidi } from '../gate/bidi-text';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Markup known to be safe: made by `html` from escaped parts, or by `raw` from trusted code. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Text that is no markup, and whose embeddings, overrides and isolates end inside it (src/gate/bidi-text.ts). */
export function escapeHtml(text: string): string {
  return toBalancedBidi(text).replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** Values: Html as is; arrays joined; null, undefined and false as nothing; anything else as text (`renderText`). */
export function html(strings: TemplateStringsArray, ...values: readonly unknown[]): Html {
  let markup = strings[0] ?? '';
  let out = markup;
  values.forEach((value, index) => {
    const next = strings[index + 1] ?? '';
    out += render(value, placeOf(markup)) + next;
    markup += next;
  });
  return new Html(out);
}

/** Markup from our own code only (an SVG chart we rendered, a fixed snippet): never user data. */
export function raw(trusted: string): Html {
  return new Html(trusted);
}

/**
 * A link out to where a post was published, for a stored URL. A typed import may give any address,
 * so only http(s) becomes a link; anything else (`javascript:`, `data:`) is shown as text to read,
 * never to click.
 */
export function platformLink(url: string, label: string = url): Html {
  return isWebAddress(url) ? html`<a href="${url}" rel="noreferrer noopener">${label}</a>` : html`<span class="muted">${url}</span>`;
}

function isWebAddress(url: string): boolean {
  return URL.canParse(url) && ['http:', 'https:'].includes(new URL(url).protocol);
}

type Place = 'text' | 'attribute' | 'text-only element';

/**
 * Where a value lands, read from the template's own markup before it (a value never changes that:
 * text is escaped, and Html is whole elements or whole attributes): inside a tag (in an attribute's
 * quotes, or in a fragment that starts inside one, like html` rel="${rel}"`), inside an element whose
 * content is plain text (title, textarea, option), or in the page's text.
 */
function placeOf(markup: string): Place {
  const sinceTag = markup.slice(markup.lastIndexOf('>') + 1);
  if (sinceTag.includes('<') || /="[^"]*$/.test(sinceTag)) return 'attribute';
  if (/<(?:title|textarea|option)\b[^>]*>[^<]*$/i.test(markup)) return 'text-only element';
  return 'text';
}

function render(value: unknown, place: Place): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map((item) => render(item, place)).join('');
  if (value === null || value === undefined || value === false) return '';
  return renderText(String(value), place);
}

// ASCII holds no right-to-left letter and no bidi control.
const BEYOND_ASCII = /[\u0080-\uffff]/;

/**
 * Text in the page's flow goes in a `<bdi>`: it takes its direction from its own first strong letter
 * and reorders nothing around it (an Arabic name no longer turns the date after it round). Text of
 * ASCII alone can change no direction on this English page, so it needs none, and the desk's own
 * words, refs, dates and numbers stay plain. An attribute, a title or an option is shown on its own,
 * where a `<bdi>` would be read as text: there the closed controls are enough.
 */
function renderText(text: string, place: Place): string {
  const escaped = escapeHtml(text);
  return place === 'text' && BEYOND_ASCII.test(text) ? `<bdi>${escaped}</bdi>` : escaped;
}
