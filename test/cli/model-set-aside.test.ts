/**
 * After an upgrade that changes the features (ov-features-6 to 7 at stop 52), a model trained in the
 * database by the older onevision cannot be read. The bundled default classifies instead, and the officer
 * is told so, with what to do: `classify` and `doctor` name the model set aside and `onevision train`.
 *
 * The older model is the bundled default stored as `train` stores one, marked with older features:
 * training takes minutes, and what matters here is only that this onevision cannot read it.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { DEFAULT_MODEL_FILE } from '../../src/cli/classifier';
import { useScratchDatabase } from '../helpers/scratch';

const { scratch, cli, ok } = useScratchDatabase();

function storeModelOnOlderFeatures(version: string): void {
  const model = JSON.parse(fs.readFileSync(DEFAULT_MODEL_FILE, 'utf8')) as { modelVersion: string; featureVersion: string };
  model.modelVersion = version;
  model.featureVersion = 'ov-features-6';
  const db = new Database(scratch.db);
  try {
    db.prepare(`INSERT INTO models (model_version, codebook_version, feature_version, trained_at, active, summary, model) VALUES (?, '2017.1.3', 'ov-features-6', ?, 1, '{}', ?)`).run(version, new Date().toISOString(), JSON.stringify(model));
  } finally {
    db.close();
  }
}

interface DoctorCheck {
  name: string;
  status: string;
  detail: string;
  fix: string | null;
}

async function activeModelCheck(): Promise<DoctorCheck | undefined> {
  const report = JSON.parse(await ok('doctor', '--offline', '--json')) as { checks?: DoctorCheck[] } | DoctorCheck[];
  return (Array.isArray(report) ? report : (report.checks ?? [])).find((check) => check.name === 'active model');
}

it('classifies with the bundled default when the model trained here is on older features, and says so and what to do', async () => {
  const file = path.join(scratch.tmp.dir, 'posts.ndjson');
  fs.writeFileSync(file, [JSON.stringify({ id: 'a', text: 'More buses to Truro college please', author: 'bus1' }), JSON.stringify({ id: 'b', text: 'CAMHS waits in Bude are too long', author: 'bude2' })].join('\n'));
  await ok('import', '--no-classify', file);
  expect(await activeModelCheck()).toMatchObject({ status: 'ok', detail: expect.stringContaining('the bundled default') as unknown });

  storeModelOnOlderFeatures('2017.1.3+olderfeatures');
  const classified = await cli('classify', '--json');
  expect(classified.code, classified.stderr).toBe(0);
  const summary = JSON.parse(classified.stdout) as { model: string; modelVersion: string; classified: number; setAside?: { modelVersion: string; reason: string } };
  expect(summary).toMatchObject({ model: 'default', classified: 2, setAside: { modelVersion: '2017.1.3+olderfeatures', reason: expect.stringContaining('ov-features-6') as unknown } });
  expect(summary.modelVersion).not.toBe('2017.1.3+olderfeatures');
  expect(classified.stderr).toMatch(/note: the model trained in this database \(2017\.1\.3\+olderfeatures\) cannot be used.*`onevision train`/);

  expect(await activeModelCheck()).toMatchObject({ status: 'warn', detail: expect.stringContaining('2017.1.3+olderfeatures') as unknown, fix: expect.stringContaining('onevision train') as unknown });
});

it('an import that classifies, and explain, say so too', async () => {
  const first = path.join(scratch.tmp.dir, 'first.ndjson');
  fs.writeFileSync(first, JSON.stringify({ id: 'a', text: 'More buses to Truro college please', author: 'bus1' }));
  await ok('import', '--no-classify', first);
  storeModelOnOlderFeatures('2017.1.3+olderfeatures');
  const file = path.join(scratch.tmp.dir, 'more.ndjson');
  fs.writeFileSync(file, JSON.stringify({ id: 'c', source: 'survey', text: 'Youth club in Camborne closed, nowhere to go', author: 'cam3' }));
  const imported = await cli('import', file);
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stderr).toMatch(/note: the model trained in this database \(2017\.1\.3\+olderfeatures\) cannot be used.*`onevision train`/);
  expect(imported.stderr).toContain('classified 2 posts against the five outcomes');

  const explained = await cli('explain', 'survey:c', '--json');
  expect(explained.code, explained.stderr).toBe(0);
  expect(explained.stderr).toContain('note: the model trained in this database (2017.1.3+olderfeatures)');
  expect((JSON.parse(explained.stdout) as { model: unknown }).model).toMatchObject({ origin: 'default', setAside: { modelVersion: '2017.1.3+olderfeatures' } });
});
