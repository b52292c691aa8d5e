/** The summary as a terminal table. Pure: returns text. */
import type { Cell, Pivot } from './pivot';
import type { SummaryModel } from './summary-model';

export function renderSummaryText(model: SummaryModel): string {
  const t = model.totals;
  const lines = [
    `One Vision responses, ${model.period ? `${model.period.from} to ${model.period.to}` : 'no posts'}${model.filter.source ? `, source ${model.filter.source}` : ', all sources'}${model.filter.question ? `, questions containing "${model.filter.question}"` : ''}`,
    `posts ${t.posts} (${t.retweets} retweets) · unique voices ${t.voices} · classified ${t.classified} (${t.labelled} by a person) · unclassified ${t.unclassified} · about no outcome ${t.noOutcome}`,
    `safeguarding flags awaiting review: ${t.awaitingReview}${t.awaitingReview > 0 ? ' (run `onevision safeguarding` to review them)' : ''}`,
    '',
    renderTextTable(
      ['outcome', 'posts', 'share', 'voices', 'previous', 'trend', 'top terms'],
      model.outcomes.map((o) => [`${o.outcome} ${o.name}`, o.posts, percent(o.share), o.voices, o.previousPosts, trend(o.change, o.posts), o.terms.slice(0, 5).join(', ')]),
    ),
    '',
    ...model.notes,
    model.previousPeriod ? `Previous: posts in ${model.previousPeriod.from} to ${model.previousPeriod.to}, the period of the same length just before.` : '',
  ];
  if (model.by) lines.push('', `by ${model.by.by}:`, renderPivotText(model.by));
  return lines.filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n').trimEnd();
}

export function renderPivotText(pivot: Pivot): string {
  return [renderTextTable(pivot.columns, pivot.rows), ...pivot.notes].join('\n');
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function trend(change: number | null, posts: number): string {
  if (change === null) return posts > 0 ? 'new' : '–';
  const rounded = Math.round(change * 100);
  return `${rounded > 0 ? '+' : ''}${rounded}%`;
}

/** Columns padded to their widest cell, numbers right-aligned. */
export function renderTextTable(headers: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => String(row[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number' || /^(<5|[+-]?\d+%|new|–)$/.test(String(row[i]))));
  const line = (row: readonly Cell[]) =>
    row
      .map((cell, i) => (numeric[i] ? String(cell).padStart(widths[i] ?? 0) : String(cell).padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
