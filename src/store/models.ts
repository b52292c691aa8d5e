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
  }).immediate();
}

/** What `train` made and did not keep: a candidate model and its comparison, for the next `train` on the same inputs. */
export interface ModelCandidate {
  /** Digest of everything that went into training and comparing (src/cli/commands/train.ts). */
  readonly inputs: string;
  readonly trainedAt: string;
  readonly comparison: string;
  readonly model: string;
}

export function loadModelCandidate(db: Db, inputs: string): ModelCandidate | undefined {
  return prepared(db, `SELECT inputs, trained_at AS trainedAt, comparison, model FROM model_candidates WHERE inputs = ?`).get(inputs) as ModelCandidate | undefined;
}

/** Keeps this candidate as the only one: an older one is for inputs that have since changed. */
export function saveModelCandidate(db: Db, candidate: ModelCandidate): void {
  db.transaction(() => {
    dropModelCandidates(db);
    prepared(db, `INSERT INTO model_candidates (inputs, trained_at, comparison, model) VALUES (@inputs, @trainedAt, @comparison, @model)`).run(candidate);
  }).immediate();
}

export function dropModelCandidates(db: Db): void {
  prepared(db, 'DELETE FROM model_candidates').run();
}
