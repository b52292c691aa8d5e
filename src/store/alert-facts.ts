/** The rows alerts are decided from: which flags stand (ids and levels only, never text), and when each source last collected well. */
import type { Db } from './database';
import type { FlagLevel } from './classifications';
import { FLAG_LEVEL_SQL } from './screenings';
import { prepared } from './statements';

export interface StandingFlag {
  readonly postId: number;
  /** S4 level: a person's, else the latest classification's; null when neither gives one (a person's flag the classifier does not raise). */
  readonly level: FlagLevel | null;
}

/** Every flag that stands (the machine's or a person's, not cleared), on posts not deleted. */
export function loadStandingFlags(db: Db): StandingFlag[] {
  return prepared(
    db,
    `SELECT s.post_id AS postId, ${FLAG_LEVEL_SQL} AS level
       FROM screenings s JOIN posts p ON p.id = s.post_id
       LEFT JOIN classifications c ON c.post_id = s.post_id
      WHERE p.deleted_at IS NULL AND s.state IN ('machine-flagged', 'person-flagged')`,
  ).all() as StandingFlag[];
}

/**
 * When each source's last successful collection ended. Successful: it finished, or it stopped at a
 * limit the officer set (--max-posts) or at a rate limit beyond --max-wait, having saved what it read
 * (the next run carries on). A failed, interrupted or taken-over run is not a success.
 */
export function loadLastSuccessfulCollections(db: Db): Map<string, string> {
  const rows = prepared(
    db,
    `SELECT source, max(ended_at) AS endedAt FROM runs
      WHERE ended_at IS NOT NULL
        AND (outcome = 'ok' OR (outcome = 'stopped' AND json_extract(details, '$.reason') IN ('max-posts', 'rate-limit')))
      GROUP BY source`,
  ).all() as Array<{ source: string; endedAt: string }>;
  return new Map(rows.map((row) => [row.source, row.endedAt]));
}
