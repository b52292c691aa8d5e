/**
 * The HTML report: one file, inline CSS and inline SVG charts, no script and nothing fetched (a content
 * security policy says so to the browser). Key messages first; every chart has its figures in a table
 * beside it and a title and description inside it; it reads on a 360 px phone and prints on A4. Pure.
 */
import { REPORT_CHART_WIDTH, renderBarChart, renderWeeklyPanel, type Bar } from './charts';
import { formatDay } from './key-messages';
import { escapeHtml, renderFigure, renderTable } from './html-figures';
import { renderMapFigure } from './html-map';
import type { MethodItem } from './method-note';
import { toDocumentContent, type OutcomeSection, type ReportContent, type ReportInput, type TrendPanel } from './report-content';
import { REPORT_CSS } from './report-css';
import { plural, wordFor } from '../core/words';
import { toBalancedBidi } from '../gate/bidi-text';

export { escapeHtml } from './html-figures';

export function renderHtmlReport(input: ReportInput): string {
  const content = toDocumentContent(input);
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
${renderKeyMessages(content)}
${renderHeadline(content)}
${renderOutcomes(content)}
${renderWeeks(content)}
${renderSources(content)}
${renderPlaces(content)}
${content.outcomes.map(renderOutcome).join('\n')}
${renderNotes('method', 'How these figures were made', content.method)}
${renderNotes('appendix', 'Technical appendix', content.appendix)}
</main>
</body>
</html>
`;
}

function renderKeyMessages(content: ReportContent): string {
  return `<section class="key-messages" aria-labelledby="key-messages">
<h2 id="key-messages">Key messages</h2>
<ul>${content.keyMessages.map((m) => `<li data-about="${m.about}">${escapeHtml(m.text)}</li>`).join('')}</ul>
</section>`;
}

function renderHeadline(content: ReportContent): string {
  const figures = content.headline
    .map((f) => `<div class="figure"><div class="value">${escapeHtml(f.value)}</div><div class="label">${escapeHtml(f.label)}</div>${f.note ? `<div class="note">${escapeHtml(f.note)}</div>` : ''}</div>`)
    .join('');
  return `<section class="headline" aria-label="Headline figures">${figures}</section>`;
}

function renderOutcomes(content: ReportContent): string {
  const bars = content.outcomeBars;
  return `<section>
<h2>Posts per outcome</h2>
${renderFigure({ name: 'outcomes', caption: 'Posts about each outcome', desc: topFact(bars, 'has the most posts'), svg: bars.some((b) => b.value > 0) ? reportBars(bars) : null, table: renderTable(content.outcomeTable.columns, content.outcomeTable.rows, { label: 'Posts about each outcome, table' }) })}
<p class="note">A post with two outcomes counts in both, so shares add up to more than 100%.</p>
</section>`;
}

function renderWeeks(content: ReportContent): string {
  const trends = content.trends;
  if (trends === null) return `<section>\n<h2>Week by week</h2>\n<p class="note">Posts per outcome, week by week: not enough data for a chart yet.</p>\n</section>`;
  const undated = trends.undated > 0 ? ` ${plural(trends.undated, 'post')} with no date ${wordFor(trends.undated, 'is', 'are')} not shown.` : '';
  return `<section>
<h2>Week by week</h2>
<p class="note">Posts about each outcome per week (weeks start on Monday). Every chart has the same scale, so their heights can be compared.${undated}</p>
<div class="multiples">
${trends.panels.map((panel) => renderPanel(panel, trends.max)).join('\n')}
</div>
</section>`;
}

function renderPanel(panel: TrendPanel, max: number): string {
  const busiest = panel.weeks.reduce((best, w) => (w.posts > best.posts ? w : best), panel.weeks[0]!);
  const desc = busiest.posts === 0 ? `No posts about ${panel.name} in any week.` : `Posts per week about ${panel.name}: the most, ${busiest.posts}, in the week starting ${formatDay(busiest.key)}.`;
  return renderFigure({
    name: `weekly-${panel.outcome}`,
    className: 'panel',
    caption: panel.name,
    desc,
    svg: renderWeeklyPanel(panel.weeks, max, panel.colour),
    table: renderTable(['Week starting', 'Posts'], panel.weeks.map((w) => [w.key, w.posts]), { label: `Posts per week about ${panel.name}, table`, className: 'weeks' }),
  });
}

function renderSources(content: ReportContent): string {
  const bars = content.sourceBars;
  return `<section>
<h2>By source</h2>
${renderFigure({ name: 'sources', caption: 'Posts per source', desc: topFact(bars, 'has the most posts'), svg: bars.length > 0 ? reportBars(bars) : null, table: renderTable(['Source', 'Posts'], bars.map((b) => [b.label, b.value]), { label: 'Posts per source, table' }) })}
</section>`;
}

function renderPlaces(content: ReportContent): string {
  const bars = content.placeBars;
  const areas = content.areaPivot;
  return `<section>
<h2>By place</h2>
${renderFigure({ name: 'places', caption: 'Posts naming each place', desc: topFact(bars, 'is named in the most posts'), svg: bars.length > 0 ? reportBars(bars) : null, table: renderTable(['Place', 'Posts'], bars.map((b) => [b.label, b.value]), { label: 'Posts naming each place, table' }) })}
<p class="note">${escapeHtml(content.placeNote)}</p>
${renderMapFigure(content.areaCounts)}
${areas.rows.length > 0 ? `<h3>Community network areas by outcome</h3>${renderTable(areas.columns, areas.rows, { label: 'Community network areas by outcome, table', className: 'pivot' })}` : ''}
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
<h2>${escapeHtml(section.name)}</h2>
<p class="figures">${escapeHtml(section.figures)}</p>
<h3>What people asked for</h3>
${terms}
<h3>In their own words</h3>
${quotes}
</section>`;
}

function renderNotes(name: string, heading: string, items: readonly MethodItem[]): string {
  return `<section class="${name}" aria-labelledby="${name}">
<h2 id="${name}">${escapeHtml(heading)}</h2>
<dl>${items.map((m) => `<dt>${escapeHtml(m.label)}</dt><dd>${escapeHtml(m.text)}</dd>`).join('')}</dl>
</section>`;
}

function reportBars(bars: readonly Bar[]): string {
  return renderBarChart(bars, { width: REPORT_CHART_WIDTH });
}

/** "Truro is named in the most posts: 21": the fact a chart's description leads with. */
function topFact(bars: readonly Bar[], says: string): string {
  const top = [...bars].sort((a, b) => b.value - a.value)[0];
  // The label's own bidi controls end inside it, so the sentence after it reads as written.
  return top ? `${toBalancedBidi(top.label)} ${says}: ${top.value.toLocaleString('en-GB')}.` : 'No posts yet.';
}
