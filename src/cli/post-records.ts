/** The posts CSV's records: every post the filter selects, through the gate. Read by the CSV and the workbook. */
import type { Audience, Gate } from '../gate/release';
import { toCsvRecord } from '../report/csv';
import { toOutcomeList } from '../report/outcomes';
import type { Db } from '../store/database';
import { iterateExportRows, type ExportRow, type PostFilter } from '../store/exports';
import { readPlaceTagger } from './summaries';

export interface PostRecordOptions {
  readonly filter: PostFilter;
  readonly outcome?: number | undefined;
  readonly includeAuthors?: boolean | undefined;
  readonly includeFlagged?: boolean | undefined;
}

/** One record at a time, so memory stays flat for the CSV; `postIds` collects the posts they hold. */
export function* loadPostRecords(db: Db, gate: Gate, options: PostRecordOptions, postIds: number[]): Generator<string[]> {
  const tagger = readPlaceTagger();
  // The report's rule: the places the stored text names (the gate's counting text), not the released text.
  const placesOf = (row: ExportRow): string[] => tagger.tag(gate.toCountingFacts(row).placesText).map((p) => p.label);
  const audience: Audience = { kind: 'analyst', includeAuthors: Boolean(options.includeAuthors), includeWithheld: Boolean(options.includeFlagged) };
  for (const row of iterateExportRows(db, options.filter)) {
    if (options.outcome !== undefined && !toOutcomeList(row.outcomes).includes(options.outcome)) continue;
    postIds.push(row.postId);
    yield toCsvRecord(row, gate.release(row, audience), gate.releaseRefs(row, audience), placesOf(row));
  }
}
