/**
 * The choices for the posts browser's filter controls, with how many posts each holds: sources,
 * survey questions and outcomes over every post reports count (cheap: SQL alone), and places over the
 * posts this reader may find under them (the gate's rule, src/gate/search.ts), so a place's count is
 * what its filter returns. Places cost a pass of the place tagger over every post (about 2 s for
 * 100,000 posts), so they are asked for on their own. No text leaves here.
 */
import { findablePlaces, searchableStates } from '../gate/search';
import type { Db } from './database';
import type { BrowseReader } from './browse';
import { HELD_POST_COLUMNS, mapRows, toHeldPost, type HeldColumns } from './held-posts';
import { EFFECTIVE_OUTCOMES, FILTERED_POSTS, toFilterParams } from './post-filter';
import { SCREENING_STATE_SQL } from './screenings';
import { prepared } from './statements';

export interface BrowseFacets {
  /** Every post the browser lists with no filter. */
  readonly posts: number;
  readonly sources: ReadonlyArray<{ readonly source: string; readonly posts: number }>;
  /** Survey questions, most answered first. */
  readonly questions: ReadonlyArray<{ readonly question: string; readonly posts: number }>;
  readonly outcomes: {
    /** Posts per outcome 1–5 (a post with two counts in both). */
    readonly byOutcome: Readonly<Record<1 | 2 | 3 | 4 | 5, number>>;
    /** Read, and about none of the five. */
    readonly none: number;
    /** Nobody (person or classifier) has read the current text. */
    readonly unclassified: number;
  };
}

export interface PlaceFacet {
  /** The place filter's value, as the report names the place. */
  readonly label: string;
  readonly area: string;
  readonly posts: number;
}

const NO_FILTER = toFilterParams({});

export function loadBrowseFacets(db: Db): BrowseFacets {
  const sources = prepared(db, `SELECT p.source, count(*) AS posts ${FILTERED_POSTS} GROUP BY p.source ORDER BY p.source`).all(NO_FILTER) as Array<{ source: string; posts: number }>;
  const questions = prepared(db, `SELECT p.question, count(*) AS posts ${FILTERED_POSTS} AND p.question IS NOT NULL GROUP BY p.question ORDER BY posts DESC, p.question`).all(NO_FILTER) as Array<{
    question: string;
    posts: number;
  }>;
  return {
    posts: sources.reduce((sum, s) => sum + s.posts, 0),
    sources,
    questions,
    outcomes: loadOutcomeCounts(db),
  };
}

function loadOutcomeCounts(db: Db): BrowseFacets['outcomes'] {
  const rows = prepared(db, `SELECT ${EFFECTIVE_OUTCOMES} AS outcomes, count(*) AS posts ${FILTERED_POSTS} GROUP BY 1`).all(NO_FILTER) as Array<{ outcomes: string | null; posts: number }>;
  const byOutcome = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  let none = 0;
  let unclassified = 0;
  for (const row of rows) {
    if (row.outcomes === null) unclassified += row.posts;
    else if (row.outcomes === '') none += row.posts;
    else for (const n of row.outcomes.split(';').map(Number)) if (n in byOutcome) byOutcome[n as keyof typeof byOutcome] += row.posts;
  }
  return { byOutcome, none, unclassified };
}

/** The places this reader may find posts under, most posts first. */
export function loadPlaceFacets(db: Db, reader: BrowseReader): PlaceFacet[] {
  const rows = prepared(db, `SELECT ${HELD_POST_COLUMNS} ${FILTERED_POSTS} AND ${SCREENING_STATE_SQL} IN (SELECT value FROM json_each(@states))`).iterate({
    ...NO_FILTER,
    states: JSON.stringify(searchableStates(reader.audience)),
  }) as IterableIterator<HeldColumns>;
  const counts = new Map<string, { label: string; area: string; posts: number }>();
  const placesOf = (text: string) => reader.places.tag(text);
  // Only held columns are selected, so the row is a held post once sealed; each is dropped after counting.
  const posts = mapRows(rows, toHeldPost);
  for (const post of posts) {
    for (const place of findablePlaces(reader.gate, post, reader.audience, placesOf)) {
      const count = counts.get(place.label) ?? { label: place.label, area: place.area, posts: 0 };
      count.posts += 1;
      counts.set(place.label, count);
    }
  }
  return [...counts.values()].sort((a, b) => b.posts - a.posts || a.label.localeCompare(b.label));
}
