/**
 * The overview page's markup: the report's figures, each chart with a table of the same numbers
 * beside it, and the quotes the gate released to the public, as the report prints them. Pure: the
 * counts come in already made (src/cli/summaries.ts), nothing here counts.
 */
import { publishedPlaces } from '../../report/count-table';
import { renderBarChart, renderTrendChart } from '../../report/charts';
import { toPivot, type Cell, type Pivot } from '../../report/pivot';
import { format, type OutcomeSection, type ReportContent } from '../../report/report-content';
import type { Summary } from '../../report/summarise';
import type { OutcomeLine, SummaryFilter, SummaryModel } from '../../report/summary-model';
import { html, type Html } from '../html';
import { toChartHtml } from './chart-svg';
import { tableBox } from './table-box';
import { toLatestMonth, type LatestMonth } from './latest-month';
import { renderProblems } from './posts-view';
import { wordFor } from '../../core/words';

export interface OverviewView {
  /** The filter as typed into the form. */
  readonly shown: SummaryFilter;
  readonly model: SummaryModel;
  readonly summary: Summary;
  readonly content: ReportContent;
  /** Every source in the database, for the filter's list. */
  readonly sources: readonly string[];
}

export function renderOverview(view: OverviewView): Html {
  return html`<p class="muted">${view.content.subtitle}</p>
${renderFilters(view)}
${renderHeadline(view)}
${renderOutcomes(view)}
${renderWeeks(view)}
${renderSources(view)}
${renderPlaces(view)}
${renderVoices(view.content.outcomes)}
${renderMethod(view.content)}`;
}

/** A filter that cannot be used: what to mend, and the form again, without figures. */
export function renderOverviewProblems(view: Pick<OverviewView, 'shown' | 'sources'> & { readonly problems: readonly string[] }): Html {
  return html`${renderProblems(view.problems)}
${renderFilters(view)}`;
}

function renderFilters({ shown, sources }: Pick<OverviewView, 'shown' | 'sources'>): Html {
  return html`<form class="filters" method="get" action="/" aria-label="Which posts">
  <div><label for="from">From</label><input type="date" id="from" name="from" value="${shown.from ?? ''}"></div>
  <div><label for="to">To</label><input type="date" id="to" name="to" value="${shown.to ?? ''}"></div>
  <div><label for="source">Source</label><select id="source" name="source"><option value="">All sources</option>${sources.map((s) => html`<option value="${s}"${s === shown.source ? html` selected` : null}>${s}</option>`)}</select></div>
  <div><label for="question">Question contains</label><input type="text" id="question" name="question" value="${shown.question ?? ''}"></div>
  <div><button type="submit">Show</button> <a href="/">All posts</a></div>
</form>`;
}

function renderHeadline({ model, summary }: OverviewView): Html {
  const t = model.totals;
  const [topPlace] = publishedPlaces(summary.places, summary.areas);
  return html`<section aria-labelledby="figures"><h2 id="figures">Headline figures</h2>
<div class="cards">
  ${card('posts', t.posts, 'posts', `${format(t.retweets)} ${wordFor(t.retweets, 'retweet')}; ${format(t.unclassified)} not yet classified`)}
  ${card('voices', t.voices, 'people (unique voices)', 'different people, retweets not counted')}
  ${renderLatestMonth(toLatestMonth(summary.months))}
  ${card('places', summary.places.length, 'places named', topPlace ? `most named: ${topPlace.key}` : 'in the gazetteer')}
  ${card('awaiting-review', t.awaitingReview, 'flags awaiting review', 'counted, never quoted')}
</div></section>`;
}

function card(name: string, value: number, label: string, note: string): Html {
  return html`<div class="card"><p class="figure" data-figure="${name}" data-value="${value}">${format(value)}</p><p>${label}</p><p class="muted">${note}</p></div>`;
}

function renderLatestMonth(latest: LatestMonth | null): Html {
  if (latest === null) return card('latest-month', 0, 'posts in the latest month', 'no dated posts yet');
  const change =
    latest.previousPosts === 0
      ? `none in ${latest.previousMonth}`
      : latest.posts === latest.previousPosts
        ? `as many as in ${latest.previousMonth}`
        : `${formatChange((latest.posts - latest.previousPosts) / latest.previousPosts)} on ${latest.previousMonth} (${format(latest.previousPosts)})`;
  return card('latest-month', latest.posts, `posts in ${latest.month}`, change);
}

function renderOutcomes({ model, content }: OverviewView): Html {
  const bars = content.outcomeBars.some((b) => b.value > 0) ? renderBarChart(content.outcomeBars) : null;
  const table = tableBox('Posts per outcome', html`<table><caption>Posts per outcome${model.previousPeriod ? html`, against ${model.previousPeriod.from} to ${model.previousPeriod.to}` : null}</caption>
<thead><tr><th scope="col">Outcome</th><th scope="col" class="number">Posts</th><th scope="col" class="number">Share</th><th scope="col" class="number">Voices</th><th scope="col" class="number">Period before</th><th scope="col" class="number">Change</th></tr></thead>
<tbody>${model.outcomes.map(renderOutcomeRow)}</tbody></table>`);
  return html`<section aria-labelledby="outcomes"><h2 id="outcomes">Posts per outcome</h2>
${chartPair('outcomes', 'Posts per outcome', bars, table, 'below')}
${model.notes.map((note) => html`<p class="muted">${note}</p>`)}</section>`;
}

function renderOutcomeRow(o: OutcomeLine): Html {
  const change = o.change === null ? (o.posts > 0 ? 'new' : '–') : formatChange(o.change);
  return html`<tr data-outcome="${o.outcome}"><th scope="row">${o.outcome}. ${o.name}</th><td class="number" data-posts="${o.posts}">${format(o.posts)}</td><td class="number">${Math.round(o.share * 100)}%</td><td class="number">${format(o.voices)}</td><td class="number">${format(o.previousPosts)}</td><td class="number">${change}</td></tr>`;
}

function renderWeeks({ summary, content }: OverviewView): Html {
  const trend = content.weeks.some((w) => w.key !== 'unknown') ? renderTrendChart(content.weeks) : null;
  return html`<section aria-labelledby="weeks"><h2 id="weeks">Week by week</h2>
${chartPair('weekly-trend', 'Posts per outcome, week by week (weeks start on Monday)', trend, renderPivot(toPivot(summary, 'week'), 'Posts per outcome per week'), 'below')}</section>`;
}

function renderSources({ summary, content }: OverviewView): Html {
  const bars = content.sourceBars.length > 0 ? renderBarChart(content.sourceBars) : null;
  return html`<section aria-labelledby="sources"><h2 id="sources">By source</h2>
${chartPair('sources', 'Posts per source', bars, renderPivot(toPivot(summary, 'source'), 'Posts per source and outcome'), 'below')}</section>`;
}

function renderPlaces({ summary, content }: OverviewView): Html {
  const bars = content.placeBars.length > 0 ? renderBarChart(content.placeBars) : null;
  const table = tableBox('Posts naming each charted place', html`<table><caption>Posts naming each charted place</caption><thead><tr><th scope="col">Place</th><th scope="col" class="number">Posts</th></tr></thead>
<tbody>${content.placeBars.map((b) => html`<tr><th scope="row">${b.label}</th><td class="number">${format(b.value)}</td></tr>`)}</tbody></table>`);
  const areas = toPivot(summary, 'area');
  return html`<section aria-labelledby="places"><h2 id="places">By place</h2>
${chartPair('places', 'Posts naming each place', bars, table, 'beside')}
<p class="muted">${content.placeNote}</p>
${areas.rows.length > 0 ? html`<h3>Community network areas by outcome</h3>${renderPivot(areas, 'Posts per community network area and outcome')}` : null}</section>`;
}

/** A chart and the table of its figures: side by side when the table is narrow, the table under it when wide. */
function chartPair(name: string, caption: string, svg: string | null, table: Html, layout: 'beside' | 'below'): Html {
  if (svg === null) return html`<p class="muted">${caption}: not enough data for a chart yet.</p>`;
  return html`<div class="chart-pair ${layout}"><figure class="chart" data-chart="${name}"><figcaption>${caption}</figcaption>${toChartHtml(svg, `${caption}; the table beside it gives the figures`)}</figure>
${table}</div>`;
}

/** A count table from src/report/pivot.ts, scrolling in its own region when it is long. */
function renderPivot(pivot: Pivot, caption: string): Html {
  const columns = pivot.columns.map((c) => c.replace(/^outcome_/, 'Outcome ').replace(/_/g, ' '));
  return html`${tableBox(caption, html`<table><caption>${caption}</caption>
<thead><tr>${columns.map((c, i) => html`<th scope="col"${i > 0 ? html` class="number"` : null}>${c}</th>`)}</tr></thead>
<tbody>${pivot.rows.map((row) => html`<tr>${row.map((cell: Cell, i) => (i === 0 ? html`<th scope="row">${cell}</th>` : html`<td class="number">${typeof cell === 'number' ? format(cell) : cell}</td>`))}</tr>`)}</tbody></table>`, { long: true })}
${pivot.notes.map((note) => html`<p class="muted">${note}</p>`)}`;
}

function renderVoices(sections: readonly OutcomeSection[]): Html {
  return html`<section aria-labelledby="voices"><h2 id="voices">In their own words</h2>
<p class="muted">Quotes come only from posts screened clear for safeguarding, as the report prints them: authors are pseudonyms and contact details are removed.</p>
${sections.map(renderVoice)}</section>`;
}

function renderVoice(section: OutcomeSection): Html {
  return html`<article class="voice" data-outcome="${section.outcome}"><h3>${section.outcome}. ${section.name}</h3>
<p class="muted">${section.figures}</p>
${section.terms.length === 0 ? html`<p class="muted">Too few posts yet to name distinctive terms.</p>` : html`<p>${section.terms.map((t) => html`<span class="tag">${t.term}</span>`)}</p>`}
${section.quotes.length === 0 ? html`<p class="muted">No post about this outcome can be quoted yet.</p>` : section.quotes.map((q) => html`<blockquote><p class="post-text">${q.text}</p><footer>${q.author}, ${q.source}${q.date ? `, ${q.date}` : ''}${q.confirmed ? ', confirmed by a person' : ''}</footer></blockquote>`)}
</article>`;
}

function renderMethod(content: ReportContent): Html {
  return html`<details class="method"><summary>How these figures are made</summary>
<dl>${content.method.map((m) => html`<dt>${m.label}</dt><dd>${m.text}</dd>`)}</dl></details>`;
}

function formatChange(change: number): string {
  const rounded = Math.round(change * 100);
  return `${rounded > 0 ? '+' : ''}${rounded}%`;
}
