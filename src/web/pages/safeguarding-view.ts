/**
 * The safeguarding inbox and a flag's page, for the safeguarding lead: each flag in full (level,
 * score, date, permalink, author, text) with its thread, the decision form, the decisions with their
 * notes and the post's audit trail. Pure: the handlers released every text for this viewer.
 */
import type { Flagged } from '../../cli/commands/safeguarding';
import type { ReleasedPost } from '../../gate/release';
import { describeScreening } from '../../gate/screening';
import type { AuditRow } from '../../store/audit';
import type { FlagCounts } from '../../store/classifications';
import type { StoredSafeguardingDecision } from '../../store/safeguarding-decisions';
import { html, platformLink, type Html } from '../html';
import { describeOutcomes } from '../outcome-names';
import { plural } from '../../core/words';

export interface ThreadPost {
  readonly ref: string;
  readonly createdAt: string | null;
  readonly released: ReleasedPost;
}

export interface Thread {
  readonly parent: ThreadPost | null;
  readonly replies: readonly ThreadPost[];
}

export interface InboxFlag {
  readonly flag: Flagged;
  readonly thread: Thread;
}

export interface InboxView {
  readonly counts: FlagCounts & { readonly awaiting: number };
  readonly flags: readonly InboxFlag[];
  /** More flags stand than are listed. */
  readonly more: boolean;
}

export function renderInbox(view: InboxView): Html {
  const groups = groupFlags(view.flags);
  return html`${renderCounts(view.counts)}
${view.flags.length === 0 ? html`<p>No post is flagged for safeguarding.</p>` : groups.map(([heading, flags]) => html`<section class="flag-group"><h2>${heading} (${flags.length})</h2>${flags.map((f) => renderFlag(f, true))}</section>`)}
${view.more ? html`<p class="muted">Only the first ${view.flags.length} flags are listed; decide on these and the rest follow.</p>` : null}`;
}

function renderCounts(counts: InboxView['counts']): Html {
  return html`<div class="cards flag-counts">
<div class="card"><p class="figure" data-count="disclosures">${counts.disclosures}</p><p>disclosures (urgent)</p></div>
<div class="card"><p class="figure" data-count="concerns">${counts.concerns}</p><p>concerns</p></div>
${counts.other > 0 ? html`<div class="card"><p class="figure" data-count="other">${counts.other}</p><p>other standing flags</p></div>` : null}
<div class="card"><p class="figure" data-count="awaiting">${counts.awaiting}</p><p>awaiting screening</p><p class="muted">withheld everywhere until <code>onevision classify</code> screens them</p></div>
</div>`;
}

/** People's flags first, then the machine's disclosures, concerns and flags it no longer raises: the CLI's order. */
function groupFlags(flags: readonly InboxFlag[]): Array<[string, InboxFlag[]]> {
  const groups = new Map<string, InboxFlag[]>();
  for (const item of flags) {
    const heading = headingOf(item.flag);
    groups.set(heading, [...(groups.get(heading) ?? []), item]);
  }
  return [...groups];
}

function headingOf(flag: Flagged): string {
  if (flag.state === 'person-flagged') return 'Flagged by a person';
  if (flag.level === 'disclosure') return 'Disclosures';
  if (flag.level === 'concern') return 'Concerns';
  return 'Flags the current model no longer raises';
}

export function renderFlag(item: InboxFlag, inList: boolean): Html {
  const { flag, thread } = item;
  const href = flagHref(flag.post);
  return html`<article class="flag" data-post="${flag.post}">
${inList ? html`<h3><a href="${href}">${flag.post}</a> ${renderLevel(flag)}</h3>` : html`<p>${renderLevel(flag)}</p>`}
<p class="muted">${describeScreening(flag.state)}${flag.score === null ? null : html` · score ${flag.score.toFixed(2)}`} · ${flag.createdAt ? flag.createdAt.slice(0, 10) : 'no date'} · by ${flag.author ?? 'unknown'} · ${flag.permalink ? platformLink(flag.permalink, 'permalink') : 'no permalink'}</p>
${thread.parent ? html`<div class="flag-thread"><p class="muted">In reply to ${thread.parent.ref}${thread.parent.released.author ? html` by ${thread.parent.released.author}` : null}:</p>${renderText(thread.parent.released)}</div>` : null}
${renderText({ text: flag.text, withheld: null })}
${flag.cues.length > 0 ? html`<p class="muted">Cues: ${flag.cues.join(', ')}</p>` : null}
${renderReplies(thread.replies)}
${inList ? html`<p><a href="${href}">Decide on ${flag.post}</a></p>` : null}
</article>`;
}

function renderLevel(flag: Flagged): Html | null {
  if (flag.level === 'disclosure') return html`<span class="tag level-disclosure">Disclosure (urgent)</span>`;
  if (flag.level === 'concern') return html`<span class="tag level-concern">Concern</span>`;
  return null;
}

function renderReplies(replies: readonly ThreadPost[]): Html | null {
  if (replies.length === 0) return null;
  return html`<div class="flag-thread"><p class="muted">${plural(replies.length, 'reply', 'replies')}:</p>
${replies.map((reply) => html`<p class="muted">${reply.ref}${reply.released.author ? html` by ${reply.released.author}` : null}${reply.createdAt ? html`, ${reply.createdAt.slice(0, 10)}` : null}</p>${renderText(reply.released)}`)}</div>`;
}

function renderText(released: Pick<ReleasedPost, 'text' | 'withheld'>): Html {
  return html`<blockquote class="post-text${released.withheld ? ' withheld' : ''}">${released.text}</blockquote>`;
}

export function flagHref(ref: string): string {
  return `/safeguarding/${encodeURIComponent(ref)}`;
}

export interface FlagPageView {
  readonly item: InboxFlag;
  readonly revision: number;
  readonly csrf: Html;
  readonly decisions: readonly StoredSafeguardingDecision[];
  readonly audit: readonly AuditRow[];
  readonly problem: string | null;
  readonly sent: { readonly decision: string; readonly note: string; readonly level: string } | null;
}

export const MAX_DECISION_NOTE = 2000;

export function renderFlagPage(view: FlagPageView): Html {
  return html`${view.problem ? html`<p class="message error" role="alert">${view.problem}</p>` : null}
${renderFlag(view.item, false)}
${renderDecisionForm(view)}
<h2>Decisions and audit trail</h2>
${renderTrail(view.audit, view.decisions)}
<p><a href="/safeguarding">Back to the inbox</a></p>`;
}

function renderDecisionForm(view: FlagPageView): Html {
  const ref = view.item.flag.post;
  const chosen = view.sent?.decision;
  return html`<form class="flag-decision" method="post" action="${flagHref(ref)}">${view.csrf}
<input type="hidden" name="revision" value="${view.revision}">
<fieldset><legend>Your decision on this text</legend>
<div><input type="radio" name="decision" value="cleared" id="decision-cleared" required${chosen === 'cleared' ? html` checked` : null}>
<label for="decision-cleared">Cleared: not a disclosure. The text is released to analysts and reviewers.</label></div>
<div><input type="radio" name="decision" value="referred" id="decision-referred"${chosen === 'referred' ? html` checked` : null}>
<label for="decision-referred">Referred: passed on under the safeguarding procedure. The flag stands and the text stays withheld from everyone else.</label></div>
</fieldset>
${renderLevelChoice(view)}
<div><label for="decision-note">Note (required): why, and what was done</label>
<textarea id="decision-note" name="note" rows="3" required maxlength="${MAX_DECISION_NOTE}">${view.sent?.note ?? ''}</textarea></div>
<div><button type="submit">Save decision</button></div>
</form>`;
}

/** A referral's level (S4), starting from the flag's current one; it wins over the classifier's and orders the inbox. */
function renderLevelChoice(view: FlagPageView): Html {
  const chosen = view.sent ? view.sent.level : (view.item.flag.level ?? '');
  const option = (value: string, label: string) =>
    html`<div><input type="radio" name="level" value="${value}" id="level-${value || 'none'}"${chosen === value ? html` checked` : null}>
<label for="level-${value || 'none'}">${label}</label></div>`;
  return html`<fieldset><legend>If referred, its level</legend>
${option('disclosure', 'Disclosure: a specific child is being harmed or at risk now. Urgent.')}
${option('concern', 'Concern: worth a look; may or may not mean harm now.')}
${option('', 'No level')}
</fieldset>`;
}

function renderTrail(audit: readonly AuditRow[], decisions: readonly StoredSafeguardingDecision[]): Html {
  if (audit.length === 0) return html`<p class="muted">No person has decided anything about this post yet.</p>`;
  const notes = new Map(decisions.map((d) => [d.id, d]));
  return html`<div class="table-wrap"><table class="flag-trail"><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Decision</th><th scope="col">Note</th></tr></thead>
<tbody>${audit.map((entry) => {
    const details = (entry.details ?? {}) as { by?: unknown; decisionId?: unknown };
    const decision = typeof details.decisionId === 'number' ? notes.get(details.decisionId) : undefined;
    const who = typeof details.by === 'string' ? details.by : (entry.osUser ?? 'unknown');
    return html`<tr><td>${entry.at.replace('T', ' ').slice(0, 16)}</td><td>${who}</td><td>${describeEntry(entry)}</td><td class="post-text">${decision?.note ?? ''}</td></tr>`;
  })}</tbody></table></div>`;
}

/** An audit entry about a post, in words. */
export function describeEntry(entry: AuditRow): string {
  const details = (entry.details ?? {}) as { decision?: unknown; outcomes?: unknown; revision?: unknown; restored?: unknown };
  const revision = typeof details.revision === 'number' ? ` (text revision ${details.revision})` : '';
  switch (entry.action) {
    case 'flag-cleared':
      return details.decision === 'cleared' ? `Cleared: not a disclosure${revision}` : `Flag cleared${revision}`;
    case 'flag-raised':
      return details.decision === 'referred' ? `Referred under the safeguarding procedure${revision}` : `Flagged by a person${revision}`;
    case 'label':
      return `Labelled ${describeOutcomes(typeof details.outcomes === 'string' ? details.outcomes : '')}${revision}`;
    case 'label-undone':
      return 'Label undone';
    default:
      return entry.action;
  }
}

export function describeDecision(ref: string, decision: StoredSafeguardingDecision): string {
  return decision.decision === 'cleared' ? `Saved: ${ref} cleared. Its text is now released to analysts and reviewers.` : `Saved: ${ref} referred. The flag stands; its text stays withheld from everyone else.`;
}

export function renderMissingPost(): Html {
  return html`<p class="message">There is no such post in the database.</p><p><a href="/safeguarding">Back to the inbox</a></p>`;
}
