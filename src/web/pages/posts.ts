/**
 * The posts browser: every post reports count, newest first, narrowed by outcome, source, place,
 * survey question, dates and words (src/store/browse.ts), a page at a time. Each row's text, author
 * and places are what the gate releases to this viewer; the words searched for and the place asked
 * for find a post only in that released text (src/gate/search.ts), so a search never tells an
 * analyst what a withheld post says.
 */
import { readPlaceTagger } from '../../cli/summaries';
import { findablePlaces } from '../../gate/search';
import type { Audience, Gate } from '../../gate/release';
import type { PlaceTagger } from '../../report/places';
import { loadPostsForBrowsing, type BrowseRow } from '../../store/browse';
import { loadBrowseFacets } from '../../store/browse-facets';
import type { Desk, PageArgs } from '../desk';
import type { Html } from '../html';
import { audienceFor } from '../viewer';
import { toPostsQuery } from './posts-query';
import { renderPosts, type PostRowView } from './posts-view';

export function registerPosts(desk: Desk): void {
  desk.route({ method: 'GET', url: '/posts', capability: 'browse', handle: showPosts });
}

/** Longer texts are cut in the list; the post's page shows all of it. */
const LIST_TEXT_CHARS = 280;

function showPosts(args: PageArgs): Html {
  const tagger = readPlaceTagger();
  const query = toPostsQuery(args.request.query, { places: placeLabels(tagger) });
  const facets = loadBrowseFacets(args.db);
  const reader = { gate: args.gate(), audience: audienceFor(args.viewer), places: tagger };
  const found = query.filter === null ? null : loadPostsForBrowsing(args.db, query.filter, { page: query.page, size: query.size }, reader);
  if (found === null) args.reply.code(400);
  const view = {
    shown: query.shown,
    problems: query.problems,
    choices: { sources: facets.sources.map((s) => s.source), questions: facets.questions.map((q) => q.question), places: placeLabels(tagger) },
    result: found === null ? null : { ...found, rows: found.rows.map((row) => toRowView(row, reader)) },
  };
  return args.page('Posts', renderPosts(view), { current: '/posts', scripts: ['posts.js'] });
}

function toRowView(row: BrowseRow, reader: { readonly gate: Gate; readonly audience: Audience; readonly places: PlaceTagger }): PostRowView {
  const released = reader.gate.release(row, reader.audience);
  return {
    ref: reader.gate.shownRef(row, reader.audience),
    createdAt: row.createdAt,
    source: row.source,
    outcomes: row.outcomes,
    labelled: row.labelled,
    places: findablePlaces(reader.gate, row, reader.audience, (text) => reader.places.tag(text)).map((place) => place.label),
    text: cut(released.text, LIST_TEXT_CHARS),
    withheld: released.withheld !== null,
    author: released.author,
  };
}

function cut(text: string, chars: number): string {
  const characters = Array.from(text);
  return characters.length <= chars ? text : `${characters.slice(0, chars).join('').trimEnd()}…`;
}

const labelsByGazetteer = new WeakMap<PlaceTagger, readonly string[]>();

/** Every label the tagger can give, as the report names places ("St Agnes (Isles of Scilly)"), A to Z. */
function placeLabels(tagger: PlaceTagger): readonly string[] {
  let labels = labelsByGazetteer.get(tagger);
  if (labels === undefined) {
    const places = tagger.gazetteer.places;
    const shared = new Set(places.filter((p, i) => places.findIndex((q) => q.name === p.name) !== i).map((p) => p.name));
    const all = places.map((p) => (shared.has(p.name) ? `${p.name} (${tagger.areaName(p.area)})` : p.name));
    labels = [...new Set(all)].sort((a, b) => a.localeCompare(b, 'en-GB'));
    labelsByGazetteer.set(tagger, labels);
  }
  return labels;
}
