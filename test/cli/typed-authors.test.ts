/**
 * A typed author (a survey's or CSV's name column) is a known person like a Facebook commenter: a full
 * name typed there becomes that person's pseudonym where other respondents write it, in the export and
 * in the report's quotes; and an erasure keeps it out of later posts.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database';
import { useScratchDatabase } from '../helpers/scratch';

const { scratch, ok } = useScratchDatabase();

const ANSWERS = [
  'id,text,created_at,author',
  'r1,"I run the youth club in Bodmin on Fridays",2017-06-01,Tamsin  Rowe',
  'r2,"The youth club in Bodmin is brilliant, Tamsin Rowe runs it and she listens to us",2017-06-02,Kit',
  'r3,"More youth clubs in Truro please, TAMSIN ROWE should run one there too",2017-06-03,',
].join('\n');


it("puts a typed author's pseudonym where another respondent names them, in the export and the report", async () => {
  fs.writeFileSync(scratch.tmp.file('answers.csv'), `${ANSWERS}\n`);
  await ok('import', scratch.tmp.file('answers.csv'));
  const rows = parse(await ok('export', '--include-flagged'), { columns: true }) as Array<Record<string, string>>;
  const tamsin = rows.find((r) => r.source_id === 'r1')?.author ?? '';
  expect(tamsin).toMatch(/^person-/);
  const r2 = rows.find((r) => r.source_id === 'r2')?.text ?? '';
  expect(r2).toContain(`${tamsin} runs it`);
  expect(rows.find((r) => r.source_id === 'r3')?.text).toContain(`${tamsin} should run one`);
  await ok('report', '--format', 'md', '--out', scratch.tmp.file('report.md'));
  expect([JSON.stringify(rows), fs.readFileSync(scratch.tmp.file('report.md'), 'utf8')].join('\n')).not.toMatch(/tamsin|rowe/i);
});

it('keeps a forgotten typed name out of a later post that names them', async () => {
  fs.writeFileSync(scratch.tmp.file('answers.csv'), `${ANSWERS.split('\n').slice(0, 2).join('\n')}\n`);
  await ok('import', scratch.tmp.file('answers.csv'), '--no-classify');
  await ok('forget', '--author', 'tamsin rowe');
  fs.writeFileSync(scratch.tmp.file('later.csv'), 'id,text,author\nr9,"Ask Tamsin Rowe about the Bodmin club",Kit\n');
  await ok('import', scratch.tmp.file('later.csv'), '--no-classify');
  const stored = new Database(scratch.db, { readonly: true });
  try {
    expect(stored.prepare(`SELECT text FROM posts WHERE source_id = 'r9'`).get()).toEqual({ text: expect.not.stringMatching(/tamsin|rowe/i) });
  } finally {
    stored.close();
  }
});

it('moves typed names stored as handles by earlier versions to names, ids unchanged', () => {
  const old = openDatabase(scratch.db, { upToVersion: 14 });
  old.prepare(`INSERT INTO authors (source, source_author_id, handle, name, updated_at) VALUES ('survey', 'tamsin rowe', 'Tamsin Rowe', NULL, '2017-06-01'), ('x', '12', 'KernowKid', NULL, '2017-06-01')`).run();
  old.close();
  const upgraded = openDatabase(scratch.db);
  try {
    expect(upgraded.prepare('SELECT source_author_id AS id, handle, name FROM authors ORDER BY source').all()).toEqual([
      { id: 'tamsin rowe', handle: null, name: 'Tamsin Rowe' },
      { id: '12', handle: 'KernowKid', name: null },
    ]);
  } finally {
    upgraded.close();
  }
});
