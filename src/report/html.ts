/**
 * The HTML report: one file, inline CSS and inline SVG charts, no script and nothing fetched (a content
 * security policy says so to the browser), laid out to print on A4 with no chart split across pages. Pure.
 */
import { renderBarChart, renderTrendChart } from './charts';
import type { Cell, Pivot } from './pivot';
import { toReportContent, type OutcomeSection, type ReportContent, type ReportInput } from './report-content';
import { REPORT_CSS } from './report-css';

export function renderHtmlReport(input: ReportInput): string {
  const content = toReportContent(input);
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="onevision">
<title>${escapeHtml(content.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(content.title)}</h1>
<p class="subtitle">${escapeHtml(content.subtitle)}</p>
</header>
<main>
${renderHeadline(content)}
${renderOverview(content)}
${content.outcomes.map(renderOutcome).join('\n')}
${renderMethod(content)}
</main>
</body>
</html>
`;
}

function renderHeadline(content: ReportContent): string {
  const figures = content.headline
    .map((f) => `<div class="figure"><div class="value">${escapeHtml(f.value)}</div><div class="label">${escapeHtml(f.label)}</div>${f.note ? `<div class="note">${escapeHtml(f.note)}</div>` : ''}</div>`)
    .join('');
  return `<section class="headline" aria-label="Headline figures">${figures}</section>`;
}

function renderOverview(content: ReportContent): string {
  return `<section>
<h2>Posts per outcome</h2>
${chart('outcomes', 'Posts per outcome', content.outcomeBars.some((b) => b.value > 0) ? renderBarChart(content.outcomeBars) : null)}
${renderTable(content.outcomeTable.columns, content.outcomeTable.rows)}
<p class="note">A post with two outcomes counts in both, so shares add up to more than 100%.</p>
</section>
<section>
<h2>Week by week</h2>
${chart('weekly-trend', 'Posts per outcome, week by week (weeks start on Monday)', content.weeks.some((w) => w.key !== 'unknown') ? renderTrendChart(content.weeks) : null)}
</section>
<section>
<h2>By source</h2>
${chart('sources', 'Posts per source', content.sourceBars.length > 0 ? renderBarChart(content.sourceBars) : null)}
</section>
<section>
<h2>By place</h2>
${chart('places', 'Posts naming each place', content.placeBars.length > 0 ? renderBarChart(content.placeBars) : null)}
<p class="note">${escapeHtml(content.placeNote)}</p>
${content.areaPivot.rows.length > 0 ? `<h3>Community network areas by outcome</h3>${renderPivot(content.areaPivot)}` : ''}
</section>`;
}

function renderOutcome(section: OutcomeSection): string {
  const terms = section.terms.length === 0 ? '<p class="note">Too few posts yet to name distinctive terms.</p>' : `<ul class="terms">${section.terms.map((t) => `<li>${escapeHtml(t.term)} <span>${t.posts}</span></li>`).join('')}</ul>`;
  const quotes =
    section.quotes.length === 0
      ? '<p class="note">No post about this outcome can be quoted yet (quotes need a cleared safeguarding check).</p>'
      : section.quotes
          .map(
            (q) =>
              `<blockquote><p>${escapeHtml(q.text)}</p><footer>${escapeHtml(q.author)}, ${escapeHtml(q.source)}${q.date ? `, ${q.date}` : ''}${q.confirmed ? ', confirmed by a person' : ''}</footer></blockquote>`,
          )
          .join('\n');
  return `<section class="outcome" style="--outcome: ${section.colour}">
<h2>${section.outcome}. ${escapeHtml(section.name)}</h2>
<p class="figures">${escapeHtml(section.figures)}</p>
<h3>What people asked for</h3>
${terms}
<h3>In their own words</h3>
${quotes}
</section>`;
}

function renderMethod(content: ReportContent): string {
  return `<section class="method">
<h2>Method</h2>
<dl>${content.method.map((m) => `<dt>${escapeHtml(m.label)}</dt><dd>${escapeHtml(m.text)}</dd>`).join('')}</dl>
</section>`;
}

function chart(name: string, caption: string, svg: string | null): string {
  if (svg === null) return `<p class="note">${escapeHtml(caption)}: not enough data for a chart yet.</p>`;
  return `<figure class="chart" data-chart="${name}"><figcaption>${escapeHtml(caption)}</figcaption>${svg}</figure>`;
}

function renderPivot(pivot: Pivot): string {
  return renderTable(pivot.columns.map((c) => c.replace(/^outcome_/, 'Outcome ').replace(/_/g, ' ')), pivot.rows);
}

function renderTable(columns: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const head = columns.map((c, i) => `<th${i > 0 ? ' class="num"' : ''}>${escapeHtml(c)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell, i) => `<td${i > 0 ? ' class="num"' : ''}>${escapeHtml(String(cell))}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
