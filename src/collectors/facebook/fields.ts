/**
 * What onevision asks the Graph API for.
 *
 * Why nested expansion and not `filter=stream`: both get every comment and reply, but a stream is one
 * flat list per post with one `limit` budget, so a post with 300 comments and replies takes 3 calls at
 * limit 100. Nested expansion gives each level its own budget: up to 100 top-level comments *and* up to
 * 100 replies under each of them come back inline in the same feed call, and only a thread longer than
 * that needs its nested `paging.next` followed. On the consultation's shape (many comments, a few long
 * reply threads) that is fewer calls. Stream is still used for one thing: its `summary.total_count`
 * counts replies too, so a cheap `comments.filter(stream).limit(0).summary(true)` tells whether an old
 * post has anything new (see collect-sweep.ts).
 */

const ATTACHMENT = 'type,title,description,url';
export const POST_FIELDS = `id,message,story,created_time,updated_time,permalink_url,status_type,from{id,name},attachments{${ATTACHMENT}}`;
export const REPLY_FIELDS = `id,message,created_time,from{id,name},permalink_url,like_count,comment_count,parent{id},attachment{${ATTACHMENT}}`;
const NESTED_REPLIES = `comments.order(chronological).limit(100){${REPLY_FIELDS}}`;
export const COMMENT_FIELDS = `id,message,created_time,from{id,name},permalink_url,like_count,comment_count,attachment{${ATTACHMENT}},${NESTED_REPLIES}`;

/** Feed pages carry whole threads; a thread page carries 100 comments with their replies. */
export const FEED_PAGE_SIZE = 25;
export const LIST_PAGE_SIZE = 100;

/** The feed with every post's comments and their replies inline. */
export const FEED_WITH_THREADS = `${POST_FIELDS},comments.filter(toplevel).order(chronological).limit(${LIST_PAGE_SIZE}).summary(true){${COMMENT_FIELDS}}`;

/** The feed with only a count of every comment and reply per post: 100 posts a call. */
export const FEED_WITH_COUNTS = `${POST_FIELDS},comments.filter(stream).limit(0).summary(true)`;

/** Query of `/{post-id}/comments` when an old post's thread is re-read. */
export const THREAD_PARAMS: Readonly<Record<string, string>> = {
  fields: COMMENT_FIELDS,
  filter: 'toplevel',
  order: 'chronological',
  summary: 'true',
  limit: String(LIST_PAGE_SIZE),
};
