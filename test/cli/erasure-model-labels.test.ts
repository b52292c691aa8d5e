/**
 * An erasure and the trained models: the posts' labels go with the posts, but a model trained on them
 * may hold their words. Inactive models (never used again) lose their weights; the active one is
 * counted, and `forget` and `doctor` ask for a retrain until one happens.
 *
 * Training takes minutes on two cores, so the models here are the bundled default stored as `train`
 * stores one (a row in `models`), with training times either side of the labels.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FEATURE_VERSION } from '../../src/classify/features';
import { DEFAULT_MODEL_FILE } from '../../src/cli/classifier';
import { queryDb } from '../helpers/db';
import { useScratchDatabase } from '../helpers/scratch';

const { scratch, cli, ok } = useScratchDatabase();

interface DoctorCheck {
  name: string;
  status: string;
  detail: string;
  fix: string | null;
}

function storeModel(version: string, trainedAt: string, active: boolean): void {
  const db = new Database(scratch.db);
  try {
    if (active) db.prepare('UPDATE models SET active = 0 WHERE active = 1').run();
    db.prepare(`INSERT INTO models (model_version, codebook_version, feature_version, trained_at, active, summary, model) VALUES (?, '2017.1.2', ?, ?, ?, '{}', ?)`).run(
      version,
      FEATURE_VERSION,
      trainedAt,
      active ? 1 : 0,
      fs.readFileSync(DEFAULT_MODEL_FILE, 'utf8'),
    );
  } finally {
    db.close();
  }
}

/** What `train --dry-run` leaves for the `train` after it: the bundled model again, as a candidate. */
function keepCandidate(): void {
  const db = new Database(scratch.db);
  try {
    db.prepare(`INSERT INTO model_candidates (inputs, trained_at, comparison, model) VALUES ('dry-run', ?, '{}', ?)`).run(new Date().toISOString(), fs.readFileSync(DEFAULT_MODEL_FILE, 'utf8'));
  } finally {
    db.close();
  }
}

function storedWeights(): Record<string, boolean> {
  const rows = queryDb<{ version: string; model: string }>(scratch.db, 'SELECT model_version AS version, model FROM models');
  return Object.fromEntries(rows.map((row) => [row.version, 'weights' in (JSON.parse(row.model) as object)]));
}

async function modelCheck(): Promise<DoctorCheck | undefined> {
  const checks = JSON.parse(await ok('doctor', '--offline', '--json')) as { checks?: DoctorCheck[] } | DoctorCheck[];
  const list = Array.isArray(checks) ? checks : (checks.checks ?? []);
  return list.find((check) => check.name === 'model and erasures');
}

describe('forget and the models trained on the erased labels', () => {
  it('drops the weights of inactive models that learned them, and asks for a retrain of the active one until it happens', async () => {
    const file = path.join(scratch.tmp.dir, 'posts.ndjson');
    const posts = [
      { id: 'p1', text: 'Our Jenna waited two years for CAMHS', author: 'kernowteen', created_at: '2017-10-01T10:00:00Z' },
      { id: 'p2', text: 'More buses to Truro college please', author: 'busrider', created_at: '2017-10-01T11:00:00Z' },
    ];
    fs.writeFileSync(file, posts.map((post) => JSON.stringify(post)).join('\n'));
    await ok('import', '--no-classify', '--source', 'survey', file);
    // A model trained before anyone labelled: it cannot hold the labels.
    storeModel('before-labels', '2000-01-01T00:00:00.000Z', false);
    await ok('label', 'survey:p1', '--outcomes', '2');
    await ok('label', 'survey:p2', '--outcomes', '4');
    const afterLabels = new Date().toISOString();
    storeModel('after-labels', afterLabels, false);
    storeModel('active', afterLabels, true);
    keepCandidate();
    expect((await modelCheck())?.status).toBe('ok');

    const erased = JSON.parse(await ok('forget', '--author', 'kernowteen', '--json')) as { posts: number; modelLabels: number };
    expect(erased).toMatchObject({ posts: 1, modelLabels: 1 });
    // The active model still classifies; the inactive one that learned the label is never used again.
    expect(storedWeights()).toEqual({ 'before-labels': true, 'after-labels': false, active: true });
    // The candidate a `train --dry-run` kept for the next train may have learned the label too.
    expect(queryDb(scratch.db, 'SELECT count(*) AS n FROM model_candidates')).toEqual([{ n: 0 }]);

    const check = await modelCheck();
    expect(check).toMatchObject({ status: 'warn', detail: expect.stringContaining('1 erased label') as unknown, fix: expect.stringContaining('onevision train') as unknown });
    const doctor = await cli('doctor', '--offline');
    expect(doctor.stdout).toContain('may hold words from those posts');

    // What `train` leaves behind: a newer active model, trained without the erased label.
    storeModel('retrained', new Date(Date.now() + 60_000).toISOString(), true);
    expect((await modelCheck())?.status).toBe('ok');
  });

  it('says so in words when the erasure is not --json, and nothing when no model learned the labels', async () => {
    const file = path.join(scratch.tmp.dir, 'posts.ndjson');
    fs.writeFileSync(file, [JSON.stringify({ id: 'a', text: 'Skate park for Bodmin', author: 'sk8' }), JSON.stringify({ id: 'b', text: 'Youth club in Hayle', author: 'hayle1' })].join('\n'));
    await ok('import', '--no-classify', '--source', 'survey', file);
    await ok('label', 'survey:a', '--outcomes', '5');
    storeModel('active', new Date().toISOString(), true);
    const said = await ok('forget', '--author', 'sk8');
    expect(said).toContain('the active model learned from 1 erased label and may hold words from those posts until it is retrained. Run `onevision train`');

    // Labelled after the model was trained: the model never saw it.
    await ok('label', 'survey:b', '--outcomes', '5');
    const db = new Database(scratch.db);
    db.prepare(`UPDATE labels SET labelled_at = ?`).run(new Date(Date.now() + 120_000).toISOString());
    db.close();
    const quiet = JSON.parse(await ok('forget', '--author', 'hayle1', '--json')) as { modelLabels: number };
    expect(quiet.modelLabels).toBe(0);
  });
});
