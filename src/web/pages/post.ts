/**
 * One post's page at `/posts/SOURCE:ID`, the reference the CLI takes: the post, its parent and
 * replies, each released through the gate to this viewer; its classification with `onevision
 * explain`'s sentences for the text as released (no words of a withheld text); and its history.
 */
import { parsePostRef } from '../../core/post';
import type { Audience, Gate, HeldPost } from '../../gate/release';
import { toStoredSourceId } from '../../cli/shown-refs';
import { loadPostDetailByRef, type PostDetail } from '../../store/post-detail';
import type { Desk, PageArgs } from '../desk';
import { explainForDesk } from '../explanations';
import { html, type Html } from '../html';
import { audienceFor, can } from '../viewer';
import { toHistory } from './post-history';
import { renderPost, type PostView, type ThreadPost } from './post-view';

export function registerPost(desk: Desk): void {
  desk.route({ method: 'GET', url: '/posts/:ref', capability: 'browse', handle: showPost });
}

function showPost(args: PageArgs): Html {
  const typed = (args.request.params as { ref?: string }).ref ?? '';
  const ref = parsePostRef(typed);
  if (!ref) {
    args.reply.code(400);
    return args.page('Not a post', html`<p class="message error" role="alert">“${typed}” is not a post reference. A post is named SOURCE:ID, e.g. survey:r-17, as in the posts list and <code>onevision explain</code>.</p><p><a href="/posts">Back to the posts</a></p>`, { current: '/posts' });
  }
  // Named by its id or, as exports and this desk name a withheld post, by its stand-in.
  const stored = toStoredSourceId(args.db, ref.source, ref.sourceId);
  const detail = stored === undefined ? undefined : loadPostDetailByRef(args.db, ref.source, stored);
  if (!detail) {
    args.reply.code(404);
    return args.page('No such post', html`<p class="message">There is no post ${typed} in the database (or the platform deleted it).</p><p><a href="/posts">Back to the posts</a></p>`, { current: '/posts' });
  }
  // Titled as this viewer may name it: a withheld post by its stand-in, however it was asked for.
  const view = toPostView(args, detail);
  return args.page(`Post ${view.ref}`, renderPost(view), { current: '/posts' });
}

function toPostView(args: PageArgs, detail: PostDetail): PostView {
  const gate = args.gate();
  const audience = audienceFor(args.viewer);
  const { post } = detail;
  const released = gate.release(post, audience);
  const ref = gate.shownRef(post, audience);
  return {
    ref,
    source: post.source,
    kind: post.kind,
    createdAt: post.createdAt,
    question: post.question,
    revision: post.revision,
    firstSeenAt: post.firstSeenAt,
    updatedAt: post.updatedAt,
    released,
    parent: detail.parent ? toThreadPost(detail.parent, gate, audience) : post.parentSourceId === null ? null : { ref: detail.parentErased ? null : `${post.source}:${post.parentSourceId}`, stored: false },
    replies: detail.replies.map((reply) => toThreadPost(reply, gate, audience)),
    replyCount: detail.replyCount,
    classification: detail.classification,
    // Explained as `onevision explain` does, for the text as released: a withheld text gives no words.
    reasons: detail.classification === null ? null : explainForDesk(args.db, post, released),
    label: detail.label,
    screeningState: post.screening,
    screening: detail.screening,
    seesFlags: can(args.viewer, 'safeguarding'),
    history: toHistory(detail),
  };
}

function toThreadPost(post: HeldPost, gate: Gate, audience: Audience): ThreadPost {
  return { ref: gate.shownRef(post, audience), createdAt: post.createdAt, released: gate.release(post, audience) };
}
