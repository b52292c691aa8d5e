/**
 * The report's figures as HTML: a chart and the table of its figures side by side (the table under
 * it on a phone), and the tables themselves, which scroll in their own box when wide. Pure.
 */
import { labelSvg } from './charts';
import type { Cell } from './pivot';
import { toBalancedBidi } from '../gate/bidi-text';

export interface FigureParts {
  /** Names the figure in data-chart and in the SVG's ids. */
  readonly name: string;
  readonly caption: string;
  /** The main fact, said in words for people who cannot see the chart. */
  readonly desc: string;
  readonly svg: string | null;
  readonly table: string;
  readonly className?: string;
}

export function renderFigure(parts: FigureParts): string {
  if (parts.svg === null) return `<p class="note">${escapeHtml(parts.caption)}: not enough data for a chart yet.</p>`;
  const svg = labelSvg(parts.svg, { id: `chart-${parts.name}`, title: parts.caption, desc: parts.desc });
  return `<figure class="chart${parts.className ? ` ${parts.className}` : ''}" data-chart="${escapeHtml(parts.name)}"><figcaption>${escapeHtml(parts.caption)}</figcaption><div class="chart-body"><div class="chart-svg">${svg}</div>${parts.table}</div></figure>`;
}

/**
 * A table in a box that scrolls on its own, so a wide table never widens the page; the box can take
 * the keyboard's focus and is named by `label`, so it can be scrolled without a mouse.
 */
export function renderTable(columns: readonly string[], rows: ReadonlyArray<readonly Cell[]>, options: { readonly label: string; readonly caption?: string; readonly className?: string }): string {
  const head = columns.map((c, i) => `<th scope="col"${i > 0 ? ' class="num"' : ''}>${escapeHtml(c)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((cell, i) => (i === 0 ? `<th scope="row">${escapeHtml(String(cell))}</th>` : `<td class="num">${escapeHtml(typeof cell === 'number' ? cell.toLocaleString('en-GB') : cell)}</td>`)).join('')}</tr>`)
    .join('\n');
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : '';
  return `<div class="table-box${options.className ? ` ${options.className}` : ''}" tabindex="0" role="region" aria-label="${escapeHtml(options.label)}"><table>${caption}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/**
 * Text for the report's HTML. Bidi controls a value opens are closed inside it (src/gate/bidi-text.ts),
 * so a name or quote holding U+202E cannot turn the report's own words after it round.
 */
export function escapeHtml(text: string): string {
  return toBalancedBidi(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
