/**
 * The review queue's page: one post as the gate released it to the reviewer, its parent, the
 * proposed outcomes by name and why, and the form that saves a label. Works as a plain form; the
 * keys in review.js only tick boxes and press its buttons. Pure.
 */
import type { Reasons } from '../../classify/reasons';
import type { ReleasedPost } from '../../gate/release';
import { html, platformLink, type Html } from '../html';
import { DESK_OUTCOMES, describeOutcomes, outcomeName } from '../outcome-names';

export interface ReviewCard {
  readonly postId: number;
  readonly ref: string;
  readonly revision: number;
  readonly createdAt: string | null;
  readonly released: ReleasedPost;
  readonly parent: { readonly ref: string; readonly released: ReleasedPost } | null;
  /** The classifier's outcomes, ticked to start with. */
  readonly proposed: readonly number[];
  readonly confidence: number | null;
  readonly reasons: Reasons;
  /** What the form shows ticked: the proposal, or what was sent back with a problem. */
  readonly ticked: readonly number[];
  readonly none: boolean;
  readonly note: string;
}

export interface ReviewView {
  readonly csrf: Html;
  readonly card: ReviewCard | null;
  /** The posts skipped so far, as the `skip` query carries them (post ids joined by dots). */
  readonly skip: string;
  readonly skipped: number;
  /** The save an Undo button would take back. */
  readonly undoEntry: number | null;
  readonly problem: string | null;
}

export function renderReview(view: ReviewView): Html {
  return html`<div class="review" data-enhance="review">
${view.problem ? html`<p class="message error" role="alert">${view.problem}</p>` : null}
${view.undoEntry === null ? null : renderUndo(view)}
${view.card ? renderCard(view.card, view) : renderEmpty(view)}
${renderKeys()}
</div>`;
}

function renderUndo(view: ReviewView): Html {
  return html`<form class="review-undo" method="post" action="/review/undo">${view.csrf}
<input type="hidden" name="entry" value="${view.undoEntry}"><input type="hidden" name="skip" value="${view.skip}">
<button type="submit" class="secondary" data-review-undo><kbd>u</kbd> Undo</button></form>`;
}

function renderEmpty(view: ReviewView): Html {
  return html`<p>Nothing to review: every post screened clear for safeguarding has a person's label${view.skipped > 0 ? ', apart from those you skipped' : ''}.</p>
${view.skipped > 0 ? html`<p><a href="/review">Start again with the ${view.skipped} skipped</a></p>` : null}`;
}

function renderCard(card: ReviewCard, view: ReviewView): Html {
  return html`<article class="review-card" aria-labelledby="review-post">
<h2 id="review-post">${card.ref}</h2>
<p class="muted">${card.createdAt ? card.createdAt.slice(0, 10) : 'no date'}${card.released.author ? html` · by ${card.released.author}` : null}${card.released.url ? html` · ${platformLink(card.released.url, 'on the platform')}` : null}${card.confidence === null ? null : html` · confidence ${card.confidence.toFixed(2)}`}</p>
${card.parent ? renderParent(card.parent) : null}
${renderText(card.released)}
<h3>Proposed</h3>
<p>${card.proposed.length === 0 ? 'No outcome reached its threshold.' : card.proposed.map((n) => html`<span class="tag">${outcomeName(n)}</span>`)}</p>
<h3>Why</h3>
<ul class="review-reasons">${card.reasons.outcomes.map((r) => html`<li><strong>${outcomeName(r.outcome)}</strong>: ${r.sentence}</li>`)}<li>${card.reasons.safeguarding}</li></ul>
${renderForm(card, view)}
</article>`;
}

function renderParent(parent: NonNullable<ReviewCard['parent']>): Html {
  return html`<div class="review-parent"><p class="muted">In reply to ${parent.ref}${parent.released.author ? html` by ${parent.released.author}` : null}:</p>${renderText(parent.released)}</div>`;
}

function renderText(released: ReleasedPost): Html {
  return html`<blockquote class="post-text${released.withheld ? ' withheld' : ''}">${released.text}</blockquote>`;
}

function renderForm(card: ReviewCard, view: ReviewView): Html {
  const ticked = new Set(card.ticked);
  return html`<form class="review-form" method="post" action="/review">${view.csrf}
<input type="hidden" name="post" value="${card.ref}"><input type="hidden" name="revision" value="${card.revision}"><input type="hidden" name="skip" value="${view.skip}">
<fieldset><legend>Outcomes that apply</legend>
${DESK_OUTCOMES.map(
  (n) => html`<div><input type="checkbox" name="outcome" value="${n}" id="outcome-${n}" data-key="${n}"${ticked.has(n) ? html` checked` : null}>
<label for="outcome-${n}"><kbd>${n}</kbd> ${outcomeName(n)}</label>${card.proposed.includes(n) ? html` <span class="muted">(proposed)</span>` : null}</div>`,
)}
<div><input type="checkbox" name="none" value="1" id="outcome-none" data-key="0"${card.none ? html` checked` : null}>
<label for="outcome-none"><kbd>0</kbd> None of these</label></div>
</fieldset>
<div><label for="review-note">Note (optional)</label><input type="text" id="review-note" name="note" value="${card.note}" maxlength="${MAX_NOTE}"></div>
<div class="review-actions"><button type="submit" data-review-save><kbd>Enter</kbd> Save</button>
<a class="button secondary" href="/review?skip=${addSkip(view.skip, card.postId)}" data-review-skip><kbd>s</kbd> Skip</a></div>
<p class="muted">Saving labels ${card.ref} with the ticked outcomes, as <code>onevision label</code> does: a person's label wins over the classifier.</p>
</form>`;
}

export const MAX_NOTE = 500;

const KEYS: ReadonlyArray<readonly [key: string, short: string, long: string]> = [
  ['1–5', 'outcome', 'tick or untick that outcome'],
  ['0', 'none', 'none of these'],
  ['Enter', 'save', 'save the ticked outcomes'],
  ['s', 'skip', 'skip to the next post'],
  ['u', 'undo', 'undo the last save'],
  ['?', 'keys', 'show or hide this list'],
];

function renderKeys(): Html {
  return html`<details class="review-keys" id="review-keys"><summary>Keys</summary>
<ul>${KEYS.map(([key, , long]) => html`<li><kbd>${key}</kbd> ${long}</li>`)}</ul>
<p class="muted">With JavaScript on; the keys do nothing while you type in a field.</p></details>
<p class="muted review-keys-line">Keys: ${KEYS.map(([key, short], i) => html`${i > 0 ? ' · ' : ''}<kbd>${key}</kbd> ${short}`)}</p>`;
}

/** The skip list with one more post. */
export function addSkip(skip: string, postId: number): string {
  return skip === '' ? String(postId) : `${skip}.${postId}`;
}

export function describeSaved(ref: string, outcomes: string): string {
  return `Saved: ${ref} as ${describeOutcomes(outcomes)}`;
}
