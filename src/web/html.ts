/**
 * HTML that cannot be injected into: every value put into an `html` template is escaped unless it
 * is itself `Html` (made by this module). Pages build markup only with these, so a post's text, a
 * name or a query string can never become markup. Pure.
 */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Markup known to be safe: made by `html` from escaped parts, or by `raw` from trusted code. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** Values: Html as is; arrays joined; null, undefined and false as nothing; anything else escaped. */
export function html(strings: TemplateStringsArray, ...values: readonly unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
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

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}
