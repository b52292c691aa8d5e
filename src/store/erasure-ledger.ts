/**
 * The erasure ledger: what `forget`, `purge`, platform deletions and X compliance erased, so that no
 * writer (collectors, imports) ever stores it again. Posts are kept by source id; people by a keyed
 * hash of their platform id (the same keyed hash as their pseudonym), never the id itself.
 */
import { echoedHandle } from '../core/echoes';
import { toMatchingText } from '../core/matching-text';
import { isDistinctiveHandle, mayRunTogether, toNameWords } from '../gate/identifiers/people';
import type { Post } from '../core/post';
import { identifierHash, pseudonymFor } from '../core/pseudonym';
import { scrubRaw, scrubRawJson, scrubText, scrubUrl, type ForgottenPerson } from '../core/scrub';
import type { Db } from './database';
import { loadPseudonymKey } from './exports';
import { prepared } from './statements';

export interface ErasureLedger {
  /** An erased post, a retweet or quote of one (they go with it, as `forget` takes them), or a post by someone forgotten with their future posts. */
  isErased(post: Post): boolean;
  /** The post without the forgotten people and erased posts in it: referenced posts they wrote or that were erased, their ids, handles and names. */
  scrub(post: Post): Post;
}

/**
 * The ledger as the posts about to be saved need it, or undefined when it is empty (the usual case,
 * which then costs one query per save, not one per post).
 */
export function loadErasureLedger(db: Db): ErasureLedger | undefined {
  const { posts, people, blocked, words } = prepared(
    db,
    `SELECT EXISTS (SELECT 1 FROM erased_posts) AS posts, EXISTS (SELECT 1 FROM erased_authors) AS people,
            EXISTS (SELECT 1 FROM erased_authors WHERE block_future = 1) AS blocked,
            EXISTS (SELECT 1 FROM erased_identifiers) AS words`,
  ).get() as { posts: number; people: number; blocked: number; words: number };
  if (!posts && !people) return undefined;
  const erasedPost = prepared(db, `SELECT 1 FROM erased_posts WHERE source = ? AND source_id = ?`);
  const forgotten = prepared(db, `SELECT block_future AS blockFuture FROM erased_authors WHERE source = ? AND author_hash = ?`);
  const key = people ? loadPseudonymKey(db) : '';
  const forgottenWord = prepared(db, `SELECT 1 FROM erased_identifiers WHERE kind = ? AND hash = ?`);
  // Words repeat from post to post: each is hashed and looked up once (the memory bounded, as a long import's words are many).
  const wordsSeen = new Map<string, boolean>();
  const isForgottenWord = (kind: 'handle' | 'name', text: string) => {
    const cacheKey = `${kind}\u0000${text}`;
    let forgotten = wordsSeen.get(cacheKey);
    if (forgotten === undefined) {
      forgotten = forgottenWord.get(kind, identifierHash(key, kind, text)) !== undefined;
      if (wordsSeen.size >= WORDS_REMEMBERED) wordsSeen.clear();
      wordsSeen.set(cacheKey, forgotten);
    }
    return forgotten;
  };
  // A person forgotten with their future posts, writing under another spelling of their handle or name
  // ("jenny\u200b_p99", "Sám Jones", "SamJones"), on the same source: their new author id differs, their words do not.
  const blockedWord = prepared(
    db,
    `SELECT 1 FROM erased_identifiers i JOIN erased_authors a ON a.erasure_id = i.erasure_id
      WHERE i.kind = ? AND i.hash = ? AND a.source = ? AND a.block_future = 1 LIMIT 1`,
  );
  const spellingsSeen = new Map<string, boolean>();
  const isBlockedBySpelling = (source: string, author: NonNullable<Post['author']>) => {
    const cacheKey = `${source}\u0000${author.handle ?? ''}\u0000${author.name ?? ''}`;
    let blockedSpelling = spellingsSeen.get(cacheKey);
    if (blockedSpelling === undefined) {
      const forms = new Set(
        [author.handle, author.name].flatMap((written) => {
          if (!written) return [];
          const read = readText(written);
          return [written, read, read.replace(/^[@＠]+/, ''), toNameKey(written), toGluedNameKey(written)];
        }),
      );
      forms.delete('');
      blockedSpelling = [...forms].some((form) => (['handle', 'name'] as const).some((kind) => blockedWord.get(kind, identifierHash(key, kind, form), source) !== undefined));
      spellingsSeen.set(cacheKey, blockedSpelling);
    }
    return blockedSpelling;
  };
  const cache = new Map<string, { blockFuture: number } | null>();
  const lookUp = (source: string, authorId: string) => {
    const cacheKey = `${source}\u0000${authorId}`;
    let found = cache.get(cacheKey);
    if (found === undefined) {
      found = (forgotten.get(source, pseudonymFor(key, source, authorId)) as { blockFuture: number } | undefined) ?? null;
      cache.set(cacheKey, found);
    }
    return found;
  };
  return {
    isErased(post) {
      if (posts && [post.sourceId, ...echoedIds(post)].some((id) => erasedPost.get(post.source, id) !== undefined)) return true;
      // "RT @them: …" typed by hand, or from a file without X's references: forget takes these with the person.
      const retweeted = people && words ? echoedHandle(post.text, readText(post.text)) : undefined;
      if (retweeted !== undefined && isForgottenWord('handle', retweeted)) return true;
      if (!blocked || !post.author) return false;
      return Boolean(lookUp(post.source, post.author.sourceAuthorId)?.blockFuture) || (Boolean(words) && isBlockedBySpelling(post.source, post.author));
    },
    scrub(post) {
      // A reply keeps the post it answers in its raw JSON: an erased one is dropped, as forget drops it;
      // a link to an erased post in the text loses the post's id.
      const erasedRefs = posts ? [...referencedIds(post), ...linkedPostIds(post.text)].filter((id) => erasedPost.get(post.source, id) !== undefined) : [];
      // The author's own post got past isErased, so they were forgotten without --block-future: it is theirs to keep.
      const own = post.author?.sourceAuthorId;
      const found = !people || post.raw === undefined || post.raw === null ? [] : findPeopleIn(post.raw).filter((person) => person.id !== own && lookUp(post.source, person.id) !== null);
      const written = people && words ? findForgottenWords([post.text, post.url ?? '', ...stringsIn(post.author?.raw)], isForgottenWord) : { handles: [], names: [] };
      if (erasedRefs.length === 0 && found.length === 0 && written.handles.length === 0 && written.names.length === 0) return post;
      const handles = [...found.flatMap((f) => f.handles), ...written.handles];
      const names = [...found.flatMap((f) => f.names.filter((n) => n.trim().split(/\s+/).length >= 2)), ...written.names];
      const person: ForgottenPerson = {
        ids: found.map((f) => f.id),
        handles,
        names,
        postIds: erasedRefs,
        bareHandles: handles.filter((h) => isDistinctiveHandle(h)),
        // A name found written as one word is itself the run-together form.
        gluedNames: names.filter((n) => mayRunTogether(n) || !/\s/.test(n)),
      };
      const { rawJson, ...rest } = post;
      const author = post.author && post.author.raw !== undefined ? { ...post.author, raw: scrubRaw(post.author.raw, person) } : post.author;
      return { ...rest, author, text: scrubText(post.text, person), url: scrubUrl(post.url, person), raw: post.raw === undefined ? post.raw : scrubRaw(post.raw, person), ...scrubbedRawJson(rawJson, person) };
    },
  };
}

/**
 * The record's exact text, scrubbed, so it is still stored as written (a v1.1 status's numeric ids
 * unrounded, and not turned into strings as `raw` holds them); without it `raw` is stored instead.
 */
function scrubbedRawJson(rawJson: string | undefined, person: ForgottenPerson): { rawJson?: string } {
  if (rawJson === undefined) return {};
  try {
    return { rawJson: scrubRawJson(rawJson, person) };
  } catch {
    return {}; // JSON.parse took it but lossless-json did not (a key given twice): raw, scrubbed, is stored
  }
}

/** The X posts a retweet or quote echoes (`tweet.referenced_tweets`, as loadEchoesOf reads them for forget). */
function echoedIds(post: Post): string[] {
  if (post.kind !== 'retweet' && post.kind !== 'quote') return [];
  return referencesOf(post).flatMap((r) => (r.type === 'retweeted' || r.type === 'quoted' ? [r.id] : []));
}

/** Every post this one refers to: its parent, and the X posts it retweets, quotes or answers. */
function referencedIds(post: Post): string[] {
  const ids = new Set(referencesOf(post).map((r) => r.id));
  if (post.parentSourceId) ids.add(post.parentSourceId);
  ids.delete(post.sourceId);
  return [...ids];
}

/** X's references as v2 gives them; a v1.1 status (twitter-v1 import) names the same in its own fields. */
function referencesOf(post: Post): Array<{ type: unknown; id: string }> {
  const raw = (post.raw ?? {}) as { tweet?: { referenced_tweets?: unknown }; retweeted_status?: { id_str?: unknown }; quoted_status_id_str?: unknown; in_reply_to_status_id_str?: unknown };
  const refs = raw.tweet?.referenced_tweets;
  if (Array.isArray(refs)) return refs.filter((r): r is { type: unknown; id: string } => r !== null && typeof r === 'object' && typeof (r as { id?: unknown }).id === 'string');
  const v1 = [
    { type: 'retweeted', id: raw.retweeted_status?.id_str },
    { type: 'quoted', id: raw.quoted_status_id_str },
    { type: 'replied_to', id: raw.in_reply_to_status_id_str },
  ];
  return v1.filter((r): r is { type: string; id: string } => typeof r.id === 'string' && r.id !== '');
}

const WORD = /[@＠]?[\p{L}\p{M}\p{N}_'’-]+/gu;
/** A handle as X and most platforms spell one: letters, digits and underscores, with its @ if written. */
const HANDLE_WORD = /[@＠]?[\p{L}\p{N}_]+/gu;
const LONGEST_NAME = 4;
/** How many words' answers the ledger keeps while an import runs. */
const WORDS_REMEMBERED = 200_000;
/** A name written as one word is looked for from this length (only distinctive names are stored so: mayRunTogether). */
const GLUED_NAME = 8;

/**
 * Handles and full names of forgotten people written in texts, found by their keyed hashes: each word
 * as a handle, each run of two to four words as a name; in the text as written (how erasures before
 * stop 54 stored them) and as core/matching-text.ts reads it (what `forget` stores since), so an
 * invisible character, look-alike letters, an accent or a hyphen between the words hide nobody.
 */
function findForgottenWords(texts: readonly string[], isForgotten: (kind: 'handle' | 'name', text: string) => boolean): { handles: string[]; names: string[] } {
  const handles = new Set<string>();
  const names = new Set<string>();
  const lookForHandles = (words: readonly string[]) => {
    for (const word of words) {
      // Without its @, only a distinctive handle: "summer" in someone's sentence is the season.
      const bare = word.replace(/^[@＠]/, '');
      if (bare.length >= 2 && (bare !== word || isDistinctiveHandle(bare)) && isForgotten('handle', word)) handles.add(bare);
    }
  };
  const lookForNames = (words: readonly string[]) => {
    words.forEach((word, i) => {
      if (word.length >= GLUED_NAME && isForgotten('name', word)) names.add(word);
      for (let n = 2; n <= LONGEST_NAME && i + n <= words.length; n += 1) {
        const run = words.slice(i, i + n).map((w) => w.replace(/^[@＠]/, '')).join(' ');
        if (isForgotten('name', run)) names.add(run);
      }
      // Surname first ("Jones, Sam": the words alone, without the comma) and a middle initial ("Sam R. Jones").
      const [next, after] = [words[i + 1], words[i + 2]];
      // The name is kept in its own order: scrubText finds both shapes from it.
      if (next !== undefined && isForgotten('name', `${next} ${word}`)) names.add(`${next} ${word}`);
      if (next?.length === 1 && after !== undefined && isForgotten('name', `${word} ${after}`)) names.add(`${word} ${after}`);
    });
  };
  for (const text of texts) {
    const asWritten = [...text.matchAll(WORD)].map((m) => m[0]);
    lookForHandles(asWritten);
    lookForNames(asWritten);
    const read = readText(text);
    // "jenny_p99's", "jenny_p99-style": the handle without what follows it.
    lookForHandles([...read.matchAll(HANDLE_WORD)].map((m) => m[0]));
    // "Sam-Jones", "O'Neill": two words each.
    lookForNames(toNameWords(read));
  }
  return { handles: [...handles], names: [...names] };
}

/** Ids of posts the text links to: X statuses (`/status/ID`) and Facebook posts (`/posts/ID`, `story_fbid=ID`). */
function linkedPostIds(text: string): string[] {
  return [...readText(text).matchAll(/(?:\/status(?:es)?\/|\/posts\/|[?&](?:story_)?fbid=)(\d{4,})/gi)].map((m) => m[1] as string);
}

/** Every string in a JSON value (an author's profile), to look for forgotten people in. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

interface NamedPerson {
  readonly id: string;
  readonly handles: string[];
  readonly names: string[];
}

/**
 * The people a platform record names, with the handles and names it gives them: X users and mentions
 * (`id` with `username`), authors of referenced posts and replies (`author_id`, `in_reply_to_user_id`),
 * Facebook `from` and `message_tags`.
 */
function findPeopleIn(raw: unknown): NamedPerson[] {
  const people = new Map<string, NamedPerson>();
  const add = (id: unknown, handle?: unknown, name?: unknown) => {
    if (typeof id !== 'string' || id === '') return;
    const person = people.get(id) ?? { id, handles: [], names: [] };
    if (typeof handle === 'string' && handle) person.handles.push(handle);
    if (typeof name === 'string' && name) person.names.push(name);
    people.set(id, person);
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    // v2 users and mentions, Facebook from/message_tags; v1.1 users ({id_str, screen_name}) and mentions.
    if ('username' in record || ('name' in record && 'id' in record)) add(record.id, record.username, record.name);
    if ('screen_name' in record) add(record.id_str, record.screen_name, record.name);
    add(record.author_id);
    add(record.in_reply_to_user_id);
    add(record.in_reply_to_user_id_str);
    Object.values(record).forEach(walk);
  };
  walk(raw);
  return [...people.values()];
}

export interface LedgerEntry {
  readonly reason: string;
  readonly requestedAt: string;
  readonly requestedBy: string | null;
  readonly posts: ReadonlyArray<{ readonly source: string; readonly sourceId: string }>;
  readonly authors: ReadonlyArray<{ readonly source: string; readonly sourceAuthorId: string }>;
  /** The people's handles and full names, kept only as keyed hashes. */
  readonly identifiers?: { readonly handles: readonly string[]; readonly names: readonly string[] };
  readonly blockFuture: boolean;
  /** The files to recall, stored before anything is deleted. */
  readonly recall: unknown;
}

/** Records an erasure about to happen, with its recall list and ledger rows, in one transaction. Returns its id. */
export function savePlannedErasure(db: Db, entry: LedgerEntry): number {
  return db.transaction(() => {
    const { id } = prepared(
      db,
      `INSERT INTO erasures (reason, requested_at, requested_by, status, posts, authors, recall) VALUES (?, ?, ?, 'planned', ?, ?, ?) RETURNING id`,
    ).get(entry.reason, entry.requestedAt, entry.requestedBy, entry.posts.length, entry.authors.length, JSON.stringify(entry.recall)) as { id: number };
    const post = prepared(db, `INSERT OR IGNORE INTO erased_posts (source, source_id, erasure_id) VALUES (?, ?, ?)`);
    for (const p of entry.posts) post.run(p.source, p.sourceId, id);
    if (entry.authors.length > 0) {
      const key = loadPseudonymKey(db);
      const author = prepared(
        db,
        `INSERT INTO erased_authors (source, author_hash, erasure_id, block_future) VALUES (?, ?, ?, ?)
         ON CONFLICT (source, author_hash) DO UPDATE SET block_future = max(block_future, excluded.block_future)`,
      );
      for (const a of entry.authors) author.run(a.source, pseudonymFor(key, a.source, a.sourceAuthorId), id, entry.blockFuture ? 1 : 0);
      const word = prepared(db, `INSERT OR IGNORE INTO erased_identifiers (kind, hash, erasure_id) VALUES (?, ?, ?)`);
      for (const handle of withReadForms(entry.identifiers?.handles ?? [], readText)) word.run('handle', identifierHash(key, 'handle', handle), id);
      const names = entry.identifiers?.names ?? [];
      for (const name of [...withReadForms(names, toNameKey), ...names.filter((n) => mayRunTogether(n)).map(toGluedNameKey)]) word.run('name', identifierHash(key, 'name', name), id);
    }
    return id;
  }).immediate();
}

/**
 * A text as core/matching-text.ts reads it. The last one is remembered: a post's text is read by
 * isErased and again by scrub, one after the other, on every post an import saves.
 */
let lastWritten = '';
let lastRead = '';
function readText(text: string): string {
  if (text !== lastWritten) {
    lastWritten = text;
    lastRead = toMatchingText(text).text;
  }
  return lastRead;
}

/** Each identifier as given and as imports look for it (findForgottenWords): both are kept, as hashes. */
function withReadForms(identifiers: readonly string[], read: (text: string) => string): string[] {
  return [...new Set(identifiers.flatMap((text) => [text, read(text)]))];
}

/** A name as findForgottenWords reads it in a text: its words, read as core/matching-text.ts reads them, one space apart. */
function toNameKey(name: string): string {
  return toNameWords(readText(name)).join(' ');
}

/** The name written as one word ("SamJones", or "Sam\u200bJones" read without its invisible space). */
function toGluedNameKey(name: string): string {
  return toNameKey(name).replace(/ /g, '');
}

/** The erasure that forgot someone by this handle or name, if any (looked up by keyed hash). */
export function loadErasureOfIdentifier(db: Db, text: string): number | undefined {
  const key = loadPseudonymKey(db);
  const row = prepared(db, `SELECT max(erasure_id) AS id FROM erased_identifiers WHERE (kind = 'handle' AND hash = ?) OR (kind = 'name' AND hash = ?)`).get(
    identifierHash(key, 'handle', text),
    identifierHash(key, 'name', text),
  ) as { id: number | null };
  return row.id ?? undefined;
}

export type ErasureStatus = 'planned' | 'erased' | 'wiped';

export function saveErasureStatus(db: Db, id: number, status: ErasureStatus, problem: string | null, at: string): void {
  prepared(db, `UPDATE erasures SET status = ?, problem = ?, finished_at = CASE WHEN ? = 'wiped' THEN ? ELSE finished_at END WHERE id = ?`).run(status, problem, status, at, id);
}

export interface ErasureRecord {
  readonly id: number;
  readonly reason: string;
  readonly requestedAt: string;
  readonly requestedBy: string | null;
  readonly status: ErasureStatus;
  readonly posts: number;
  readonly authors: number;
  readonly recall: unknown;
  readonly problem: string | null;
  readonly finishedAt: string | null;
}

const ERASURE_COLUMNS = `id, reason, requested_at AS requestedAt, requested_by AS requestedBy, status, posts, authors, recall, problem, finished_at AS finishedAt`;

function toRecord(row: Omit<ErasureRecord, 'recall'> & { recall: string }): ErasureRecord {
  return { ...row, recall: JSON.parse(row.recall) as unknown };
}

export function loadErasure(db: Db, id: number): ErasureRecord | undefined {
  const row = prepared(db, `SELECT ${ERASURE_COLUMNS} FROM erasures WHERE id = ?`).get(id) as (Omit<ErasureRecord, 'recall'> & { recall: string }) | undefined;
  return row ? toRecord(row) : undefined;
}

/** Erasures whose freed bytes may still be in the file (status planned or erased). */
export function loadUnfinishedErasures(db: Db): ErasureRecord[] {
  return (prepared(db, `SELECT ${ERASURE_COLUMNS} FROM erasures WHERE status <> 'wiped' ORDER BY id`).all() as Array<Omit<ErasureRecord, 'recall'> & { recall: string }>).map(toRecord);
}

export function loadErasures(db: Db, limit: number): ErasureRecord[] {
  return (prepared(db, `SELECT ${ERASURE_COLUMNS} FROM erasures ORDER BY id DESC LIMIT ?`).all(limit) as Array<Omit<ErasureRecord, 'recall'> & { recall: string }>).map(toRecord);
}
