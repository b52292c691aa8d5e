/**
 * Twitter API v1.1 statuses, as any collection made before 2023 holds them: twarc 1.x JSONL
 * (`twarc search`, `twarc filter`, `twarc timeline`, `twarc hydrate`: one status per line), and JSON
 * arrays (a timeline or lookup response, or a saved search response's `statuses`). Streaming notices
 * are skipped and counted; a file of user profiles or of bare ids is refused, naming what it is.
 */
import type { Post } from '../../core/post';
import { X_SOURCE } from '../x/normalise';
import { withoutPlaceholders } from '../x/placeholders';
import { replyParent, toPostFromStatus, type V1Status } from '../x/v1';
import { isDocument, readRecords, type JsonRecord } from './twitter-v1-records';
import type { ImportFormat, ParsedImport, RowProblem } from './types';
import { plural, wordFor } from '../../core/words';

export const twitterV1Format: ImportFormat = {
  name: 'twitter-v1',
  description: 'Twitter API v1.1 statuses: twarc 1.x JSONL (one status per line), or a JSON array or saved search response',
  ownSource: X_SOURCE,
  extensions: [],
  sniff: looksLikeV1,
  parse: parseTwitterV1,
};

/** What the streaming API interleaves with statuses (twarc filter writes some of them with --warnings). */
const STREAM_NOTICES = ['delete', 'scrub_geo', 'limit', 'status_withheld', 'user_withheld', 'disconnect', 'warning'] as const;
const NOTICE_LINE = new RegExp(`^\\{\\s*"(${STREAM_NOTICES.join('|')})"\\s*:`);

/** twarc dehydrate, followers and friends write bare ids, one per line: recognised only to be refused by name. */
function isIdList(body: string): boolean {
  const lines = body.split('\n', 5).map((l) => l.trim()).filter((l) => l !== '');
  return lines.length > 0 && lines.every((l) => /^\d{1,20}$/.test(l));
}

function looksLikeV1(text: string): boolean {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (isIdList(body)) return true;
  const head = isDocument(body) ? body.slice(0, 8192) : (body.split('\n', 1)[0] ?? '');
  if (NOTICE_LINE.test(head)) return true;
  if (/"statuses"\s*:\s*\[/.test(head) && body.includes('"search_metadata"')) return true;
  return (head.startsWith('{') || head.startsWith('[')) && /"id_str"\s*:\s*"\d+"/.test(head) && /"(?:created_at|screen_name)"\s*:/.test(head);
}

type Classified =
  | { kind: 'status'; status: V1Status }
  | { kind: 'notice'; name: string; deletes?: string }
  | { kind: 'user' }
  | { kind: 'unknown'; problem: string };

function classify(value: unknown): Classified {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'unknown', problem: 'expected a JSON object (a status)' };
  const record = value as Record<string, unknown>;
  const notice = STREAM_NOTICES.find((name) => name in record);
  if (notice && Object.keys(record).length === 1) return { kind: 'notice', name: notice, deletes: deletedId(record) };
  if (typeof record.text === 'string' || typeof record.full_text === 'string') return { kind: 'status', status: record as V1Status };
  if (typeof record.screen_name === 'string' && 'followers_count' in record) return { kind: 'user' };
  if (Array.isArray(record.data) || 'includes' in record) return { kind: 'unknown', problem: 'an X API v2 response (twarc2 output), not a v1.1 status: import it with --format twarc' };
  return { kind: 'unknown', problem: 'not a Twitter v1.1 status (expected "id_str" with "text" or "full_text")' };
}

/** `{"delete":{"status":{"id_str":…}}}`: the stream telling us a status was deleted. */
function deletedId(record: Record<string, unknown>): string | undefined {
  const status = (record.delete as { status?: { id_str?: unknown } } | undefined)?.status;
  return typeof status?.id_str === 'string' ? status.id_str : undefined;
}

function parseTwitterV1(text: string): ParsedImport {
  const body = text.replace(/^\uFEFF/, '');
  if (isIdList(body.trimStart())) return refuse(1, 'a list of ids (twarc dehydrate, followers or friends output), not statuses: hydrate it first (twarc hydrate ids.txt > tweets.jsonl)');
  const read = readRecords(body);
  if (read.fatal) return refuse(read.fatal.line, read.fatal.problem);
  const problems: RowProblem[] = [...read.problems];
  const statuses: Array<{ record: JsonRecord; status: V1Status }> = [];
  const notices = new Map<string, number>();
  const deleted = new Set<string>();
  let firstUser: number | undefined;
  for (const record of read.records) {
    const item = classify(record.value);
    if (item.kind === 'status') statuses.push({ record, status: item.status });
    else if (item.kind === 'notice') {
      notices.set(item.name, (notices.get(item.name) ?? 0) + 1);
      if (item.deletes) deleted.add(item.deletes);
    } else if (item.kind === 'user') {
      firstUser ??= record.line;
      problems.push({ line: record.line, problem: 'a Twitter user profile (twarc users output), not a status' });
    } else problems.push({ line: record.line, problem: item.problem });
  }
  if (statuses.length === 0 && firstUser !== undefined) {
    return refuse(firstUser, 'Twitter user profiles (twarc users, or a followers/friends lookup), not statuses: there are no posts in this file');
  }
  if (statuses.length === 0 && notices.size > 0) return refuse(1, `only streaming notices (${describeCounts(notices)}), no statuses`);
  const { posts, left } = toPosts(statuses, deleted, problems);
  const { posts: kept, withoutText } = withoutPlaceholders(posts);
  return { format: 'twitter-v1', rowsRead: read.records.length + read.problems.length, posts: kept, ...(withoutText ? { withoutText } : {}), problems: sortByLine(problems), notes: toNotes(notices, left) };
}

/** One post per status id (a later copy of the same status, e.g. a second harvest, wins), deleted ones left out. */
function toPosts(statuses: ReadonlyArray<{ record: JsonRecord; status: V1Status }>, deleted: ReadonlySet<string>, problems: RowProblem[]) {
  const parents = new Map<string, string | null>();
  for (const { status } of statuses) if (typeof status.id_str === 'string') parents.set(status.id_str, replyParent(status));
  const latest = new Map<string, Post>();
  let left = 0;
  for (const { record, status } of statuses) {
    const id = typeof status.id_str === 'string' ? status.id_str : '';
    const result = toPostFromStatus(status, conversationOf(id, parents), record.value, record.json);
    if (!result.ok) problems.push({ line: record.line, problem: result.problem });
    else if (deleted.has(id)) left += 1;
    else latest.set(id, result.post);
  }
  return { posts: [...latest.values()], left };
}

/**
 * v1.1 has no conversation id. v2 gives a post that replies to nothing its own id, so we do too; a
 * reply gets the root of its chain when every link is in this file, else null (unknown, not guessed).
 */
export function conversationOf(id: string, parents: ReadonlyMap<string, string | null>): string | null {
  let current = id;
  for (let steps = 0; steps <= parents.size; steps += 1) {
    if (!parents.has(current)) return null;
    const parent = parents.get(current) ?? null;
    if (parent === null) return current;
    current = parent;
  }
  return null;
}

function toNotes(notices: ReadonlyMap<string, number>, left: number): string[] {
  const notes: string[] = [];
  if (notices.size > 0) notes.push(`skipped streaming notices: ${describeCounts(notices)}`);
  if (left > 0) notes.push(`${plural(left, 'status', 'statuses')} ${wordFor(left, 'was', 'were')} left out: the stream says ${wordFor(left, 'it was', 'they were')} deleted`);
  if (notices.has('limit')) notes.push('limit notices mean X held back some matching tweets: this collection is incomplete');
  return notes;
}

function describeCounts(counts: ReadonlyMap<string, number>): string {
  return [...counts].map(([name, n]) => `${n} ${name}`).join(', ');
}

function sortByLine(problems: RowProblem[]): RowProblem[] {
  return problems.sort((a, b) => a.line - b.line);
}

function refuse(line: number, problem: string): ParsedImport {
  return { format: 'twitter-v1', rowsRead: 0, posts: [], problems: [], fatal: { line, problem } };
}
