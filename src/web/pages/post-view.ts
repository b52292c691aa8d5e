/**
 * A post's page: its text and thread as the gate released them to this viewer, its classification
 * and why (`onevision explain`'s sentences), and its history. Pure: everything arrives released and
 * decided; the safeguarding level and sentence come only for a viewer who may see flags.
 */
import type { Reasons } from '../../classify/reasons';
import { describeScreening, type Screening, type ScreeningState } from '../../gate/screening';
import type { ReleasedPost } from '../../gate/release';
import type { DetailClassification, DetailLabel } from '../../store/post-detail';
import { html, platformLink, type Html } from '../html';
import { describeOutcomes, outcomeName } from '../outcome-names';
import type { HistoryLine } from './post-history';
import { postUrl } from './posts-query';
import { renderOutcomes } from './posts-view';

export interface ThreadPost {
  readonly ref: string;
  readonly createdAt: string | null;
  readonly released: ReleasedPost;
}

export interface PostView {
  readonly ref: string;
  readonly source: string;
  readonly kind: string;
  readonly createdAt: string | null;
  readonly question: string | null;
  readonly revision: number;
  readonly firstSeenAt: string;
  readonly updatedAt: string;
  readonly released: ReleasedPost;
  /** The reply's parent: stored and released, only referred to (not stored), or none. */
  /** Not stored: `ref` is null when the parent was erased, whose id would lead to the erased post. */
  readonly parent: ThreadPost | { readonly ref: string | null; readonly stored: false } | null;
  readonly replies: readonly ThreadPost[];
  readonly replyCount: number;
  readonly classification: DetailClassification | null;
  /** `explain`'s sentences for the text as released; null when the post was never classified. */
  readonly reasons: Reasons | null;
  readonly label: DetailLabel | null;
  readonly screeningState: ScreeningState;
  readonly screening: Screening | null;
  /** The viewer may see safeguarding flags: the level and the safeguarding sentence are shown. */
  readonly seesFlags: boolean;
  readonly history: readonly HistoryLine[];
}

export function renderPost(view: PostView): Html {
  return html`<article class="post-page" aria-labelledby="post-text-heading">
${renderFacts(view)}
<h2 id="post-text-heading">Text</h2>
${renderText(view.released)}
${renderThread(view)}
${renderClassification(view)}
${renderHistory(view.history)}
</article>`;
}

function renderFacts(view: PostView): Html {
  const { released } = view;
  return html`<dl class="post-facts">
<dt>Source</dt><dd>${view.source} (${view.kind})</dd>
<dt>Date</dt><dd>${view.createdAt ? view.createdAt.replace('T', ' ').slice(0, 16) : 'no date'}</dd>
<dt>Author</dt><dd>${released.author || html`<span class="muted">not given</span>`}${released.own ? ' (the campaign’s own account)' : null}</dd>
${view.question ? html`<dt>Survey question</dt><dd>${view.question}</dd>` : null}
<dt>On the platform</dt><dd>${released.url ? platformLink(released.url) : html`<span class="muted">no link</span>`}</dd>
<dt>Revision</dt><dd>${view.revision} <span class="muted">(first seen ${day(view.firstSeenAt)}, last changed ${day(view.updatedAt)})</span></dd>
</dl>`;
}

function renderText(released: ReleasedPost): Html {
  return html`<blockquote class="post-text${released.withheld ? ' withheld' : ''}">${released.text}</blockquote>`;
}

function renderThread(view: PostView): Html {
  const parent = view.parent;
  const more = view.replyCount - view.replies.length;
  return html`<section aria-labelledby="thread"><h2 id="thread">Thread</h2>
${parent === null ? html`<p class="muted">Not a reply.</p>` : 'stored' in parent ? html`<p>${parent.ref === null ? 'In reply to a post that was erased from the database.' : html`In reply to ${parent.ref}, which is not in the database.`}</p>` : html`<h3>In reply to</h3>${renderThreadPost(parent)}`}
${view.replies.length === 0 ? html`<p class="muted">No replies stored.</p>` : html`<h3>Replies (${view.replyCount})</h3><ol class="post-replies">${view.replies.map((reply) => html`<li>${renderThreadPost(reply)}</li>`)}</ol>`}
${more > 0 ? html`<p class="muted">${more} more replies are not shown.</p>` : null}
</section>`;
}

function renderThreadPost(post: ThreadPost): Html {
  return html`<div class="thread-post"><p class="muted"><a href="${postUrl(post.ref)}">${post.ref}</a> · ${post.createdAt ? day(post.createdAt) : 'no date'}${post.released.author ? html` · ${post.released.author}` : null}</p>${renderText(post.released)}</div>`;
}

function renderClassification(view: PostView): Html {
  const c = view.classification;
  return html`<section aria-labelledby="classification"><h2 id="classification">Classification</h2>
${view.label ? html`<p>A person labelled it <strong>${describeOutcomes(view.label.outcomes)}</strong>, and that label wins${view.label.postRevision !== null && view.label.postRevision < view.revision ? ` (for revision ${view.label.postRevision}; the text has changed since)` : ''}.</p>` : null}
${c === null ? html`<p>Not yet classified.</p>` : renderMachine(view, c)}
${renderSafeguarding(view)}
</section>`;
}

function renderMachine(view: PostView, c: DetailClassification): Html {
  return html`<p>The classifier gave: ${renderOutcomes(c.outcomes, false)}${c.confidence === null ? null : html` <span class="muted">(confidence ${c.confidence.toFixed(2)})</span>`}</p>
<p class="muted">Model ${c.modelVersion}, codebook ${c.codebookVersion}, ${day(c.classifiedAt)}${c.postRevision < view.revision ? `, on revision ${c.postRevision}: the text has changed since` : ''}.</p>
${view.reasons ? html`<h3>Why</h3><ul class="post-reasons">${view.reasons.outcomes.map((r) => html`<li><strong>${outcomeName(r.outcome)}</strong>: ${r.sentence}</li>`)}${view.seesFlags ? html`<li>${view.reasons.safeguarding}</li>` : null}</ul>` : null}`;
}

function renderSafeguarding(view: PostView): Html {
  const level = view.seesFlags ? view.classification?.safeguardingLevel : null;
  return html`<h3>Safeguarding</h3>
<p>Screening: ${describeScreening(view.screeningState)}.${level ? html` <span class="tag level-${level}">${level === 'disclosure' ? 'possible disclosure' : 'concern'}</span>` : null}</p>
${view.screening?.decidedBy ? html`<p class="muted">Last decided by ${view.screening.decidedBy}${view.screening.decidedAt ? ` on ${day(view.screening.decidedAt)}` : ''}${view.screening.decidedRevision === null ? '' : `, for revision ${view.screening.decidedRevision}`}.</p>` : null}`;
}

function renderHistory(history: readonly HistoryLine[]): Html {
  return html`<section aria-labelledby="history"><h2 id="history">History</h2>
${history.length === 0
  ? html`<p class="muted">No decisions recorded, and no model has changed its outcomes.</p>`
  : html`<div class="table-wrap" tabindex="0" role="region" aria-label="History table (scrolls sideways on a narrow screen)"><table><caption class="muted">Decisions and model changes, oldest first</caption><thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Who</th><th scope="col" class="number">Revision</th></tr></thead>
<tbody>${history.map((line) => html`<tr><td class="nowrap">${line.at.replace('T', ' ').slice(0, 16)}</td><td>${line.what}</td><td>${line.who}</td><td class="number">${line.revision ?? ''}</td></tr>`)}</tbody></table></div>`}
</section>`;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}
