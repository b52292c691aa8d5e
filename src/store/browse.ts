/**
 * The desk's posts browser: a page of posts, newest first, by outcome, source, place, question, date
 * and words; and the choices for its filter controls. Posts leave as HeldPost for the gate.
 *
 * The posts are those every report and export counts (src/store/post-filter.ts: not deleted, in the
 * window, of the source, answering the question). Filters that read the text, the words searched for
 * and the place named, follow the gate's search rule (src/gate/search.ts): a reader other than the
 * safeguarding lead finds a post by them only in the text the gate releases to that reader. Such
 * filters are checked post by post here, so the total counts only what the reader may find.
 */
import type { Audience, Gate, HeldPost } from '../gate/release';
import { isFlagState } from '../gate/screening';
import { findablePlaces, mayFindBySearch, searchableStates, toSearchQuery, type SearchQuery } from '../gate/search';
import type { PlaceTagger } from '../report/places';
import type { Db } from './database';
import { HELD_POST_COLUMNS, sealRow, type HeldColumns } from './held-posts';
import { PLACE_SEARCH_TEXT, toPlaceNeedles } from './place-needles';
import { EFFECTIVE_CONFIDENCE, EFFECTIVE_OUTCOMES, FILTERED_POSTS, LABEL_CURRENT, toFilterParams } from './post-filter';
import { FLAG_LEVEL_SQL, SCREENING_STATE_SQL } from './screenings';
import type { FlagLevel } from './classifications';
import { prepared } from './statements';

export interface BrowseFilter {
  /** An outcome 1–5; 'none': read and about none of the five; 'unclassified': nobody has read the current text. */
  readonly outcome?: number | 'none' | 'unclassified' | undefined;
  readonly source?: string | undefined;
  /** A place label as the report shows it ("Truro", "St Agnes (Isles of Scilly)"). */
  readonly place?: string | undefined;
  /** Survey answers to questions whose text contains this, ignoring case (as `export --question`). */
  readonly question?: string | undefined;
  /** Created at or after, ISO UTC. */
  readonly from?: string | undefined;
  /** Created before, ISO UTC. */
  readonly to?: string | undefined;
  /** Words, or "a phrase" in quotes; every term must match (src/gate/search.ts). */
  readonly search?: string | undefined;
}

export interface BrowsePage {
  /** 1 is the first page. */
  readonly page: number;
  /** At most MAX_PAGE_SIZE. */
  readonly size: number;
}

export const MAX_PAGE_SIZE = 100;

/** Each post a text filter finds costs the gate a release and a check (~0.1 ms): counting stops here. */
export const CHECKED_TOTAL_LIMIT = 1000;

/** Who is browsing, and the report's place tagger (src/cli/summaries.ts readPlaceTagger). */
export interface BrowseReader {
  readonly gate: Gate;
  readonly audience: Audience;
  readonly places: PlaceTagger;
}

export interface BrowseRow extends HeldPost {
  /** The post's current text revision: a decision covers one. */
  readonly revision: number;
  /** The outcomes in force (a person's label of this text, else the classifier's), null while unread. */
  readonly outcomes: readonly number[] | null;
  /** A person labelled this very text. */
  readonly labelled: boolean;
  readonly confidence: number | null;
  /** For a flag that stands, the classifier's latest level (S4: 'disclosure' is urgent); null otherwise. */
  readonly safeguardingLevel: FlagLevel | null;
  readonly question: string | null;
  /** Places the reader may find the post under (the report's tagger, through the gate's rule): none while its text is withheld from them. */
  readonly places: readonly string[];
}

type UnplacedRow = Omit<BrowseRow, 'places'>;

export interface BrowseResult {
  /** The posts the reader may find with this filter, across all pages; see totalIsExact. */
  readonly total: number;
  /**
   * False when more posts match than `total`: a filter on the text (search, place) is checked post
   * by post, so counting stops past CHECKED_TOTAL_LIMIT (or the page asked for, if further).
   */
  readonly totalIsExact: boolean;
  readonly page: number;
  readonly size: number;
  readonly rows: readonly BrowseRow[];
}

type BrowseColumns = HeldColumns & { revision: number; outcomes: string | null; labelled: number; confidence: number | null; safeguardingLevel: FlagLevel | null; question: string | null };

const BROWSE_COLUMNS = `${HELD_POST_COLUMNS}, p.revision, ${EFFECTIVE_OUTCOMES} AS outcomes, ${LABEL_CURRENT} AS labelled,
  ${EFFECTIVE_CONFIDENCE} AS confidence, ${FLAG_LEVEL_SQL} AS safeguardingLevel, p.question AS question`;

/** Undated posts last (SQLite sorts NULL lowest), so the created_at index serves the order. */
const NEWEST_FIRST = `ORDER BY p.created_at DESC, p.id DESC`;

export function loadPostsForBrowsing(db: Db, filter: BrowseFilter, page: BrowsePage, reader: BrowseReader): BrowseResult {
  const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(page.size)));
  const number = Math.max(1, Math.floor(page.page));
  const offset = (number - 1) * size;
  const plan = toQueryPlan(filter, reader);
  if (plan === null) return { total: 0, totalIsExact: true, page: number, size, rows: [] };
  const where = plan.conditions.map((c) => `AND ${c}`).join('\n');
  const select = `SELECT ${BROWSE_COLUMNS} ${FILTERED_POSTS} ${where} ${NEWEST_FIRST}`;
  if (plan.check === null) {
    const { total } = prepared(db, `SELECT count(*) AS total ${FILTERED_POSTS} ${where}`).get(plan.params) as { total: number };
    const rows = prepared(db, `${select} LIMIT @limit OFFSET @offset`).all({ ...plan.params, limit: size, offset }) as BrowseColumns[];
    return { total, totalIsExact: true, page: number, size, rows: withPlaces(rows.map(toBrowseRow), reader) };
  }
  const checked = loadCheckedPage(prepared(db, select).iterate(plan.params) as IterableIterator<BrowseColumns>, plan.check, { page: number, size });
  return { ...checked, rows: withPlaces(checked.rows, reader) };
}

function withPlaces(rows: readonly UnplacedRow[], reader: BrowseReader): BrowseRow[] {
  const placesOf = (text: string) => reader.places.tag(text);
  return rows.map((row) => ({ ...row, places: findablePlaces(reader.gate, row, reader.audience, placesOf).map((place) => place.label) }));
}

/** Post by post through the gate's check: only the page is kept, and counting stops past the limit. */
function loadCheckedPage(candidates: Iterable<BrowseColumns>, check: (post: UnplacedRow) => boolean, { page, size }: BrowsePage): Omit<BrowseResult, 'rows'> & { rows: UnplacedRow[] } {
  const offset = (page - 1) * size;
  const enough = Math.max(offset + size, CHECKED_TOTAL_LIMIT);
  let total = 0;
  const rows: UnplacedRow[] = [];
  for (const row of candidates) {
    const post = toBrowseRow(row);
    if (!check(post)) continue;
    if (total === enough) return { total, totalIsExact: false, page, size, rows };
    if (total >= offset && rows.length < size) rows.push(post);
    total += 1;
  }
  return { total, totalIsExact: true, page, size, rows };
}

interface QueryPlan {
  readonly conditions: readonly string[];
  readonly params: Record<string, unknown>;
  /** The gate's check for filters on the text, null when there are none. */
  readonly check: ((post: UnplacedRow) => boolean) | null;
}

/** Null when nothing can match (a place the gazetteer does not know). */
function toQueryPlan(filter: BrowseFilter, reader: BrowseReader): QueryPlan | null {
  const conditions: string[] = [];
  const params: Record<string, unknown> = { ...toFilterParams(filter) };
  const outcome = toOutcomeCondition(filter.outcome);
  if (outcome) conditions.push(outcome.sql);
  if (outcome?.key) params.outcomeKey = outcome.key;
  const checks: Array<(post: UnplacedRow) => boolean> = [];
  const query = filter.search === undefined ? null : toSearchQuery(filter.search);
  if (query) {
    conditions.push(`p.id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH @match)`);
    params.match = toFtsQuery(query);
    checks.push((post) => mayFindBySearch(reader.gate, post, reader.audience, query));
  }
  if (filter.place !== undefined) {
    const needles = toPlaceNeedles(reader.places.gazetteer, filter.place);
    if (needles?.length === 0) return null;
    if (needles) {
      conditions.push(`EXISTS (SELECT 1 FROM json_each(@placeNeedles) WHERE instr(${PLACE_SEARCH_TEXT}, value) > 0)`);
      params.placeNeedles = JSON.stringify(needles);
    }
    const label = filter.place;
    const placesOf = (text: string) => reader.places.tag(text);
    checks.push((post) => findablePlaces(reader.gate, post, reader.audience, placesOf).some((p) => p.label === label));
  }
  if (checks.length > 0) {
    // The gate's check would drop the others anyway; leaving them out in SQL saves releasing them.
    conditions.push(`${SCREENING_STATE_SQL} IN (SELECT value FROM json_each(@states))`);
    params.states = JSON.stringify(searchableStates(reader.audience));
  }
  return { conditions, params, check: checks.length === 0 ? null : (post) => checks.every((check) => check(post)) };
}

function toOutcomeCondition(outcome: BrowseFilter['outcome']): { sql: string; key: string | null } | null {
  if (outcome === undefined) return null;
  if (outcome === 'none') return { sql: `(${EFFECTIVE_OUTCOMES}) = ''`, key: null };
  if (outcome === 'unclassified') return { sql: `(${EFFECTIVE_OUTCOMES}) IS NULL`, key: null };
  if (!Number.isInteger(outcome) || outcome < 1 || outcome > 5) throw new RangeError(`outcome must be 1–5, 'none' or 'unclassified', not ${String(outcome)}`);
  return { sql: `instr(';' || (${EFFECTIVE_OUTCOMES}) || ';', @outcomeKey) > 0`, key: `;${outcome};` };
}

/** Each term quoted, so nothing typed is read as FTS5 syntax (the words hold only letters and digits). */
export function toFtsQuery(query: SearchQuery): string {
  return query.terms.map((term) => `"${term.words.join(' ')}"`).join(' AND ');
}

/** `1;3` → [1, 3]; '' → []; null (never read) stays null. */
export function parseOutcomes(outcomes: string | null): number[] | null {
  if (outcomes === null) return null;
  return outcomes === '' ? [] : outcomes.split(';').map(Number);
}

/** A fixed-shape literal per row (see iterateExportRows). */
function toBrowseRow(row: BrowseColumns): UnplacedRow {
  return {
    postId: row.postId,
    source: row.source,
    sourceId: row.sourceId,
    kind: row.kind,
    createdAt: row.createdAt,
    conversationId: row.conversationId,
    screening: row.screening,
    sealed: sealRow(row),
    revision: row.revision,
    outcomes: parseOutcomes(row.outcomes),
    labelled: row.labelled === 1,
    confidence: row.confidence,
    safeguardingLevel: isFlagState(row.screening) ? row.safeguardingLevel : null,
    question: row.question,
  };
}
