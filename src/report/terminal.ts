/** The summary as a terminal table, fitted to the terminal's width. Pure: returns text. */
import type { Cell, Pivot } from './pivot';
import type { OutcomeLine, SummaryModel } from './summary-model';
import { DEFAULT_WIDTH, joinFitting, truncate, wrapLine, wrapLines } from './text-fit';
import { plural } from '../core/words';

const TERMS_SHOWN = 5;
/** Below this an outcome's name is no longer recognisable, so the table is left wider instead. */
const MIN_NAME_WIDTH = 16;
const MIN_TEXT_WIDTH = 10;
const NUMERIC_TEXT = /^(<5|[+-]?\d+%|new|none now|–)$/;

export function renderSummaryText(model: SummaryModel, width = DEFAULT_WIDTH): string {
  const lines = [
    ...heading(model, width),
    '',
    ...outcomeTable(model, width),
    '',
    ...wrapLines([...model.notes, comparisonNote(model)], width),
  ];
  if (model.by) lines.push('', `by ${model.by.by}:`, renderPivotText(model.by, width));
  return lines.filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n').trimEnd();
}

function heading(model: SummaryModel, width: number): string[] {
  const t = model.totals;
  const f = model.filter;
  const what = [`One Vision responses, ${model.period ? `${model.period.from} to ${model.period.to}` : 'no posts'}`, f.source ? `source ${f.source}` : 'all sources', ...(f.question ? [`questions containing "${f.question}"`] : [])];
  const counts = [`posts ${t.posts} (${plural(t.retweets, 'retweet')})`, `unique voices ${t.voices}`, `classified ${t.classified} (${t.labelled} by a person)`, `unclassified ${t.unclassified}`, `about no outcome ${t.noOutcome}`];
  return [
    ...joinFitting(what, ', ', width),
    ...joinFitting(counts, ' · ', width),
    ...wrapLine(`safeguarding flags awaiting review: ${t.awaitingReview}${t.awaitingReview > 0 ? ' (run `onevision safeguarding` to review them)' : ''}`, width),
  ];
}

/** What the trend compares with, or plainly that there is nothing to compare with. */
function comparisonNote(model: SummaryModel): string {
  const previous = model.previousPeriod;
  if (!previous) return '';
  if (!model.noPreviousPosts) return `Previous: posts in ${previous.from} to ${previous.to}, the period of the same length just before.`;
  if (model.filter.from === undefined) return 'No previous period to compare with: the period starts at the first post. Give --from and --to to see the change against the period of the same length before.';
  return `No previous period to compare with: nothing was posted in ${previous.from} to ${previous.to}, the period of the same length just before.`;
}

/** The table with the top terms as a column when it fits the width, else as lines under it. */
function outcomeTable(model: SummaryModel, width: number): string[] {
  const compare = model.previousPeriod !== null && !model.noPreviousPosts;
  const headers = ['outcome', 'posts', 'share', 'voices', ...(compare ? ['previous', 'trend'] : [])];
  const rows: Cell[][] = model.outcomes.map((o) => [`${o.outcome} ${o.name}`, o.posts, percent(o.share), o.voices, ...(compare ? [o.previousPosts, trend(o)] : [])]);
  const terms = model.outcomes.map((o) => o.terms.slice(0, TERMS_SHOWN).join(', '));
  const withTerms = renderTextTable([...headers, 'top terms'], rows.map((row, i) => [...row, terms[i] ?? '']));
  if (widest(withTerms) <= width) return withTerms.split('\n');
  const termLines = model.outcomes.flatMap((o, i) => (o.terms.length > 0 ? wrapLine(`  ${o.outcome} ${terms[i] ?? ''}`, width, '    ') : []));
  return [...fitFirstColumn(headers, rows, width).split('\n'), ...(termLines.length > 0 ? ['', 'top terms:', ...termLines] : [])];
}

/** Shortens the first (name) column, then other wide text columns, so the table fits the width. */
function fitFirstColumn(headers: readonly string[], rows: ReadonlyArray<readonly Cell[]>, width: number): string {
  let fitted = rows;
  let table = renderTextTable(headers, fitted);
  for (let column = 0; column < headers.length && widest(table) > width; column += 1) {
    if (fitted.some((row) => typeof row[column] === 'number' || NUMERIC_TEXT.test(String(row[column])))) continue;
    const current = Math.max(...fitted.map((row) => String(row[column]).length));
    const limit = Math.max(column === 0 ? MIN_NAME_WIDTH : MIN_TEXT_WIDTH, current - (widest(table) - width));
    fitted = fitted.map((row) => row.map((cell, i) => (i === column ? truncate(String(cell), limit) : cell)));
    table = renderTextTable(headers, fitted);
  }
  return table;
}

function widest(text: string): number {
  return Math.max(...text.split('\n').map((line) => line.length));
}

/** The breakdown, with short outcome headings (the same columns as `export --pivot`) so it fits the width. */
export function renderPivotText(pivot: Pivot, width = DEFAULT_WIDTH): string {
  const headers = pivot.columns.map(shortHeading);
  const key = pivot.columns.some((c) => c !== shortHeading(c)) ? ['o1…o5: posts about each outcome; none: about no outcome; unclass.: not yet classified.'] : [];
  return [fitFirstColumn(headers, pivot.rows, width), ...wrapLines([...pivot.notes, ...key], width)].join('\n');
}

function shortHeading(column: string): string {
  return column.replace(/^outcome_(\d)$/, 'o$1').replace(/^no_outcome$/, 'none').replace(/^unclassified$/, 'unclass.');
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** "new" where there was nothing before, "none now" where it fell to nothing (not "-100%"). */
export function trend(o: Pick<OutcomeLine, 'posts' | 'previousPosts' | 'change'>): string {
  if (o.change === null) return o.posts > 0 ? 'new' : '–';
  if (o.posts === 0) return 'none now';
  const rounded = Math.round(o.change * 100);
  return `${rounded > 0 ? '+' : ''}${rounded}%`;
}

/** Columns padded to their widest cell, numbers right-aligned. */
export function renderTextTable(headers: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => String(row[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number' || NUMERIC_TEXT.test(String(row[i]))));
  const line = (row: readonly Cell[]) =>
    row
      .map((cell, i) => (numeric[i] ? String(cell).padStart(widths[i] ?? 0) : String(cell).padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
