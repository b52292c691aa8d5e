/**
 * A table in a box that scrolls sideways on a narrow screen (and down, with `scroll-table`, when
 * long). A box that scrolls must be reachable by keyboard, so it is a named region with a tab stop.
 */
import { html, type Html } from '../html';

export function tableBox(label: string, table: Html, options: { readonly long?: boolean } = {}): Html {
  return html`<div class="table-wrap${options.long ? ' scroll-table' : ''}" role="region" aria-label="${label}" tabindex="0">${table}</div>`;
}
