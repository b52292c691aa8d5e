/**
 * The posts browser's markup: the filter form (a plain GET form, so an address is a shareable
 * search), what the filter found, one row per post as the gate released it, and the pager. Pure: the
 * rows arrive already released, nothing here reads a post.
 */
import { format } from '../../report/report-content';
import { html, type Html } from '../html';
import { DESK_OUTCOMES, outcomeName } from '../outcome-names';
import { DEFAULT_PAGE_SIZE, PAGE_SIZES, postUrl, toPostsUrl, type ShownQuery } from './posts-query';

export interface PostRowView {
  readonly ref: string;
  readonly createdAt: string | null;
  readonly source: string;
  /** Null: nobody has read this text yet; []: read, and about none of the five. */
  readonly outcomes: readonly number[] | null;
  readonly labelled: boolean;
  /** Places the viewer may find the post under (the gate's rule), as the report names them. */
  readonly places: readonly string[];
  /** The released text, or the gate's notice, cut for the list. */
  readonly text: string;
  readonly withheld: boolean;
  readonly author: string;
}

export interface PostsView {
  readonly shown: ShownQuery;
  readonly problems: readonly string[];
  readonly choices: {
    readonly sources: readonly string[];
    readonly questions: readonly string[];
    readonly places: readonly string[];
  };
  /** Null when the filter could not be read. */
  readonly result: {
    readonly total: number;
    readonly totalIsExact: boolean;
    readonly page: number;
    readonly size: number;
    readonly rows: readonly PostRowView[];
  } | null;
}

export function renderPosts(view: PostsView): Html {
  return html`${view.problems.length > 0 ? renderProblems(view.problems) : null}
${renderFilters(view)}
${view.result ? renderResult(view.shown, view.result) : null}`;
}

/** The filter's problems in the desk's words, above the form that can mend them. */
export function renderProblems(problems: readonly string[]): Html {
  return html`<div class="message error" role="alert"><p>This filter cannot be used:</p><ul>${problems.map((p) => html`<li>${p}</li>`)}</ul></div>`;
}

const OUTCOME_CHOICES: ReadonlyArray<readonly [value: string, label: string]> = [
  ['', 'Any outcome'],
  ...DESK_OUTCOMES.map((n) => [String(n), outcomeName(n)] as const),
  ['none', 'None of the five'],
  ['unclassified', 'Not yet classified'],
];

function renderFilters({ shown, choices }: PostsView): Html {
  return html`<form class="filters posts-filters" method="get" action="/posts" role="search" aria-label="Find posts" data-enhance="posts-filters" data-default-size="${DEFAULT_PAGE_SIZE}">
  <div class="posts-search"><label for="q">Words in the text</label><input type="search" id="q" name="q" value="${shown.q}" maxlength="200"></div>
  <div><label for="outcome">Outcome</label>${select('outcome', shown.outcome, OUTCOME_CHOICES)}</div>
  <div><label for="source">Source</label>${select('source', shown.source, [['', 'All sources'], ...choices.sources.map((s) => [s, s] as const)])}</div>
  <div><label for="place">Place named</label><input type="text" id="place" name="place" value="${shown.place}" list="place-names" autocomplete="off">
    <datalist id="place-names">${choices.places.map((p) => html`<option value="${p}"></option>`)}</datalist></div>
  <div><label for="question">Survey question</label>${select('question', shown.question, [['', 'Any question'], ...choices.questions.map((q) => [q, q] as const)])}</div>
  <div><label for="from">From</label><input type="date" id="from" name="from" value="${shown.from}"></div>
  <div><label for="to">To</label><input type="date" id="to" name="to" value="${shown.to}"></div>
  <div><label for="size">Posts a page</label>${select('size', shown.size || String(DEFAULT_PAGE_SIZE), PAGE_SIZES.map((n) => [String(n), String(n)] as const))}</div>
  <div><button type="submit">Show posts</button> <a href="/posts">Clear filters</a></div>
</form>`;
}

/** A select that keeps a value typed into the address even when it is not one of the choices. */
function select(name: string, chosen: string, choices: ReadonlyArray<readonly [value: string, label: string]>): Html {
  const known = choices.some(([value]) => value === chosen);
  const all = known ? choices : [...choices, [chosen, chosen] as const];
  return html`<select id="${name}" name="${name}">${all.map(([value, label]) => html`<option value="${value}"${value === chosen ? html` selected` : null}>${label}</option>`)}</select>`;
}

function renderResult(shown: ShownQuery, result: NonNullable<PostsView['result']>): Html {
  return html`<section aria-labelledby="found"><h2 id="found">${describeCount(result)}</h2>
${result.rows.length > 0 ? renderTable(result.rows) : renderEmpty(shown, result)}
${renderPager(shown, result)}</section>`;
}

/** "Posts 41–60 of 312". */
export function describeCount(result: NonNullable<PostsView['result']>): string {
  if (result.total === 0) return 'No posts match';
  const of = result.totalIsExact ? format(result.total) : `more than ${format(result.total)}`;
  if (result.rows.length === 0) return `Posts: none on page ${format(result.page)} of ${of}`;
  const first = (result.page - 1) * result.size + 1;
  return `Posts ${format(first)}–${format(first + result.rows.length - 1)} of ${of}`;
}

function renderEmpty(shown: ShownQuery, result: NonNullable<PostsView['result']>): Html {
  if (result.total === 0) return html`<p>Nothing matches this filter that you may read. <a href="/posts">Show every post</a>.</p>`;
  return html`<p>The list ends before page ${format(result.page)}. <a href="${toPostsUrl(shown, { page: String(lastPage(result)) })}">Go to the last page</a>.</p>`;
}

function lastPage(result: NonNullable<PostsView['result']>): number {
  return Math.max(1, Math.ceil(result.total / result.size));
}

function renderTable(rows: readonly PostRowView[]): Html {
  return html`<div class="table-wrap"><table class="posts-table"><caption class="muted">Newest first. Text and authors as the safeguarding gate releases them to you.</caption>
<thead><tr><th scope="col">Post</th><th scope="col">Date</th><th scope="col">Source</th><th scope="col">Outcomes</th><th scope="col">Places</th><th scope="col">Text</th><th scope="col">Author</th></tr></thead>
<tbody>${rows.map(renderRow)}</tbody></table></div>`;
}

function renderRow(row: PostRowView): Html {
  return html`<tr>
<th scope="row"><a href="${postUrl(row.ref)}">${row.ref}</a></th>
<td class="nowrap">${row.createdAt ? row.createdAt.slice(0, 10) : 'no date'}</td>
<td>${row.source}</td>
<td>${renderOutcomes(row.outcomes, row.labelled)}</td>
<td>${row.places.join(', ')}</td>
<td class="post-text${row.withheld ? ' withheld' : ''}">${row.text}</td>
<td>${row.author}</td>
</tr>`;
}

export function renderOutcomes(outcomes: readonly number[] | null, labelled: boolean): Html {
  if (outcomes === null) return html`<span class="muted">not yet classified</span>`;
  const names = outcomes.length === 0 ? html`<span class="muted">none of the five</span>` : outcomes.map((n) => html`<span class="tag">${outcomeName(n)}</span>`);
  return html`${names}${labelled ? html` <span class="muted">(a person’s label)</span>` : null}`;
}

function renderPager(shown: ShownQuery, result: NonNullable<PostsView['result']>): Html | null {
  if (result.total <= result.size && result.page === 1) return null;
  const last = lastPage(result);
  const link = (page: number, label: string, rel?: string) => html`<a href="${toPostsUrl(shown, { page: page === 1 ? '' : String(page) })}"${rel ? html` rel="${rel}"` : null}>${label}</a>`;
  const hasNext = result.totalIsExact ? result.page < last : result.rows.length === result.size;
  return html`<nav class="pager" aria-label="Pages of posts"><ul>
${result.page > 1 ? html`<li>${link(1, 'First')}</li><li>${link(Math.min(result.page - 1, last), 'Previous', 'prev')}</li>` : null}
<li aria-current="page">Page ${format(result.page)}${result.totalIsExact ? html` of ${format(last)}` : null}</li>
${hasNext ? html`<li>${link(result.page + 1, 'Next', 'next')}</li>` : null}
${hasNext && result.totalIsExact ? html`<li>${link(last, 'Last')}</li>` : null}
</ul></nav>`;
}
