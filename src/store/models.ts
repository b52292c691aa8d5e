/** Trained classifier models: every one kept, at most one active. */
import type { Db } from './database';
import { prepared } from './statements';

export interface StoredModel {
  readonly modelVersion: string;
  readonly codebookVersion: string;
  readonly featureVersion: string;
  readonly trainedAt: string;
  readonly summary: string;
  readonly model: string;
}

export function loadActiveModel(db: Db): StoredModel | undefined {
  return prepared(
    db,
    `SELECT model_version AS modelVersion, codebook_version AS codebookVersion, feature_version AS featureVersion,
            trained_at AS trainedAt, summary, model
       FROM models WHERE active = 1`,
  ).get() as StoredModel | undefined;
}

/**
 * Stores the model (or finds it, when the same training is repeated) and makes it the only active one.
 * The weights are written again too: an erasure may have dropped an inactive model's (store/erasure.ts).
 */
export function saveActiveModel(db: Db, model: StoredModel): void {
  db.transaction(() => {
    prepared(db, 'UPDATE models SET active = 0 WHERE active = 1').run();
    prepared(
      db,
      `INSERT INTO models (model_version, codebook_version, feature_version, trained_at, active, summary, model)
       VALUES (@modelVersion, @codebookVersion, @featureVersion, @trainedAt, 1, @summary, @model)
       ON CONFLICT (model_version) DO UPDATE SET active = 1, trained_at = excluded.trained_at, summary = excluded.summary, model = excluded.model`,
    ).run(model);
  })();
}
