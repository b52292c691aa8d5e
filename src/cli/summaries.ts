/** Gathering a summary: the gazetteer from its data file, the rows from the store, into the pure summariser. */
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors';
import { toOutcomeList } from '../report/outcomes';
import type { PivotBy } from '../report/pivot';
import { toPreviousWindow } from '../report/periods';
import { createPlaceTagger, toGazetteer, type PlaceTagger } from '../report/places';
import { createSummariser, type Summary } from '../report/summarise';
import { toOutcomeCounts, toSummaryModel, toSummaryWindow, type SummaryFilter, type SummaryModel } from '../report/summary-model';
import type { Db } from '../store/database';
import type { PostFilter } from '../store/exports';
import type { Gate } from '../gate/release';
import { iterateSummaryRows } from '../store/summaries';

/** Shipped with the package: dist/cli/ → data/places/. */
export const GAZETTEER_FILE = path.resolve(__dirname, '..', '..', 'data', 'places', 'cornwall-places.json');

let tagger: PlaceTagger | undefined;

export function readPlaceTagger(file: string = GAZETTEER_FILE): PlaceTagger {
  if (tagger && file === GAZETTEER_FILE) return tagger;
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(file, undefined, `cannot read the gazetteer: ${(error as Error).message}`, 'Reinstall onevision, or restore data/places/cornwall-places.json.');
  }
  try {
    const made = createPlaceTagger(toGazetteer(value));
    if (file === GAZETTEER_FILE) tagger = made;
    return made;
  } catch (error) {
    throw new InputError(file, undefined, (error as Error).message);
  }
}

export interface SummariseOptions {
  /** False when only counts are wanted (pivots): skips terms and quotes. */
  readonly words?: boolean;
  /** Only posts about this outcome (1–5). */
  readonly outcome?: number | undefined;
  /** Count the campaign's own posts too. */
  readonly includeOwn?: boolean | undefined;
}

export function loadSummary(db: Db, gate: Gate, filter: PostFilter, options: SummariseOptions = {}): { summary: Summary; postIds: number[] } {
  const summariser = createSummariser({
    tagger: readPlaceTagger(),
    gate,
    includeOwn: Boolean(options.includeOwn),
    words: options.words ?? true,
  });
  const outcome = options.outcome;
  for (const row of iterateSummaryRows(db, filter)) {
    if (outcome === undefined || toOutcomeList(row.outcomes).includes(outcome)) summariser.add(row);
  }
  return summariser.finish();
}

export interface SummaryModelOptions {
  /** The filter as the user wrote it, shown back in the model (the parsed one has ISO bounds). */
  readonly shown: SummaryFilter;
  readonly by?: PivotBy | undefined;
  readonly includeOwn?: boolean | undefined;
}

/**
 * What `onevision summary` prints and the desk's overview shows: the summary of the filtered posts and
 * the same counts for the period of the same length just before. One function, so the two cannot differ.
 */
export function loadSummaryModel(db: Db, gate: Gate, filter: PostFilter, options: SummaryModelOptions): { model: SummaryModel; summary: Summary } {
  const includeOwn = Boolean(options.includeOwn);
  const { summary } = loadSummary(db, gate, filter, { includeOwn });
  const window = toSummaryWindow(filter, summary);
  const previous = window ? toOutcomeCounts(loadSummary(db, gate, { ...filter, ...toPreviousWindow(window) }, { words: false, includeOwn }).summary) : null;
  return { model: toSummaryModel(options.shown, summary, window, previous, options.by), summary };
}
