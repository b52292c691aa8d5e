/**
 * Another model without training one: the bundled default model, copied, edited (thresholds, the
 * disclosure level) and made the active model of a test database, as `onevision train` would store it.
 * What a copy changes is then known exactly, so tests can say which posts must change.
 */
import fs from 'node:fs';
import type { ModelFile } from '../../src/classify/model';
import { DEFAULT_MODEL_FILE } from '../../src/cli/classifier';
import { openDatabase } from '../../src/store/database';
import { saveActiveModel } from '../../src/store/models';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
export type EditableModel = Mutable<ModelFile>;

export function readDefaultModelFile(): EditableModel {
  return JSON.parse(fs.readFileSync(DEFAULT_MODEL_FILE, 'utf8')) as EditableModel;
}

/** Stores an edited copy of the default model under `suffix` and makes it the active one; returns its version. */
export function activateEditedModel(dbFile: string, suffix: string, edit: (model: EditableModel) => void): string {
  const model = readDefaultModelFile();
  edit(model);
  model.modelVersion = `${model.codebookVersion}+${suffix}`;
  return activateModel(dbFile, model);
}

/** Stores `model` as the active model of the database, as `onevision train` would; returns its version. */
export function activateModel(dbFile: string, model: EditableModel): string {
  const db = openDatabase(dbFile);
  try {
    saveActiveModel(db, {
      modelVersion: model.modelVersion,
      codebookVersion: model.codebookVersion,
      featureVersion: model.featureVersion,
      trainedAt: '2026-12-01T00:00:00.000Z',
      summary: JSON.stringify({ rows: 0, note: 'an edited copy of the default model, for tests' }),
      model: JSON.stringify(model),
    });
  } finally {
    db.close();
  }
  return model.modelVersion;
}
