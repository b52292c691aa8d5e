/**
 * Which copy of an X post wins: an edited post's newer version over an older one, whatever the order
 * files arrive in, and another harvest of the same version changes nothing. And X's escaping
 * (`&amp;`, `&lt;`, `&gt;`) undone the same way by the API collector and the twarc2 import.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { XSearchPage, XUser } from '../../src/collectors/x/wire';
import { startFakeXApi, type FakeXApi } from '../../src/fakes/x-api';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { FIXTURES, TOKEN, collectX } from './x-setup';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
let api: FakeXApi | undefined;
beforeEach(() => {
  tmp = makeTempDir();
  db = tmp.file('ov.db');
});
afterEach(async () => {
  await api?.close();
  api = undefined;
  tmp.cleanup();
});

const OLDER = path.join(FIXTURES, 'twarc2_edit_older_harvest.jsonl');
const NEWER = path.join(FIXTURES, 'twarc2_edit_newer_harvest.jsonl');
const EDITED = '2062475829150453763';
const NOT_EDITED = '2062469407981408261';
const SATURDAY = 'Camborne Family Hub open day is Saturday 6 June, 10am to 2pm. Bring the whole family! #CIoSOneVision';

interface Row {
  text: string;
  url: string;
  revision: number;
  metrics: string;
}
const rowOf = (id: string) => queryDb<Row>(db, 'SELECT text, url, revision, metrics FROM posts WHERE source_id = ?', id)[0];
async function importJson(file: string, database = db): Promise<Record<string, unknown>> {
  const result = await runCli(['--db', database, 'import', file, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe('an edited X post in harvests imported out of order', () => {
  it('keeps the newer version when an older harvest comes later, and counts nothing as updated', async () => {
    expect(await importJson(NEWER)).toMatchObject({ new: 2 });
    const before = rowOf(EDITED);
    expect(await importJson(OLDER)).toMatchObject({ new: 0, updated: 0, unchanged: 2 });
    expect(rowOf(EDITED)).toEqual(before);
    expect(rowOf(EDITED)).toMatchObject({ text: SATURDAY, url: 'https://x.com/KernowFamHubs/status/2062477498638635012', revision: 1 });
    expect(JSON.parse(rowOf(NOT_EDITED)?.metrics ?? '')).toMatchObject({ like_count: 27 });
  });

  it('takes the edit when the newer harvest comes second; the same version again, with other counts, is unchanged', async () => {
    expect(await importJson(OLDER)).toMatchObject({ new: 2 });
    expect(await importJson(NEWER)).toMatchObject({ new: 0, updated: 1, unchanged: 1 });
    expect(rowOf(EDITED)).toMatchObject({ text: SATURDAY, revision: 2 });
    expect(await importJson(NEWER)).toMatchObject({ updated: 0, unchanged: 2 });
  });

  it('counts a flattened copy of the same harvest, retrieved later, as unchanged', async () => {
    expect(await importJson(NEWER)).toMatchObject({ new: 2 });
    const page = JSON.parse(fs.readFileSync(NEWER, 'utf8')) as XSearchPage & { __twarc: { retrieved_at: string } };
    const later = { ...page.__twarc, retrieved_at: '2026-06-09T18:00:00+00:00' };
    const flat = (page.data ?? []).map((t) => ({ ...t, author: page.includes?.users?.find((u: XUser) => u.id === t.author_id), __twarc: later }));
    const file = tmp.file('flat.jsonl');
    fs.writeFileSync(file, flat.map((t) => JSON.stringify(t)).join('\n'));
    expect(await importJson(file)).toMatchObject({ format: 'twarc', new: 0, updated: 0, unchanged: 2 });
  });
});

describe("X's escaping of &, < and >", () => {
  const ESCAPED = 'Parents &amp; carers: drop-ins for under-5s &lt;3 hours a week? Tell us if that is &gt; enough. &quot;Kernow&quot; #CIoSOneVision';
  const PLAIN = 'Parents & carers: drop-ins for under-5s <3 hours a week? Tell us if that is > enough. &quot;Kernow&quot; #CIoSOneVision';

  function page(): XSearchPage {
    const [line = ''] = fs.readFileSync(path.join(FIXTURES, 'twarc2_sample.jsonl'), 'utf8').split('\n');
    const sample = JSON.parse(line) as XSearchPage;
    const original = sample.data?.[1];
    if (!original) throw new Error('fixture changed');
    return { data: [{ ...original, text: ESCAPED }], includes: { users: sample.includes?.users ?? [] }, meta: { result_count: 1 } };
  }

  it('is undone alike by the API collector and the twarc2 import (only those three entities)', async () => {
    const data = page();
    api = await startFakeXApi({ data: { query: '#CIoSOneVision', users: data.includes?.users ?? [], tweets: data.data ?? [] }, token: TOKEN });
    expect((await collectX(db, api.url)).code).toBe(0);
    const twarc = tmp.file('search.jsonl');
    fs.writeFileSync(twarc, `${JSON.stringify({ ...data, __twarc: { url: 'https://api.twitter.com/2/tweets/search/all', version: '2.14.0', retrieved_at: '2026-06-09T18:00:00+00:00' } })}\n`);
    const imported = tmp.file('imported.db');
    await importJson(twarc, imported);
    const collected = queryDb<{ text: string }>(db, 'SELECT text FROM posts');
    expect(collected).toEqual([{ text: PLAIN }]);
    expect(queryDb(imported, 'SELECT text FROM posts')).toEqual(collected);
  });

  it('turns a post stored escaped (before this fix) into a new revision when it arrives again', async () => {
    const twarc = tmp.file('search.jsonl');
    fs.writeFileSync(twarc, `${JSON.stringify(page())}\n`);
    await importJson(twarc);
    // As an older onevision stored it: the text as X wrote it, no version kept.
    const raw = new Database(db);
    raw.prepare(`UPDATE posts SET text = ?, raw = json_remove(raw, '$.version')`).run(ESCAPED);
    raw.close();
    expect(await importJson(twarc)).toMatchObject({ updated: 1 });
    expect(queryDb(db, 'SELECT text, revision FROM posts')).toEqual([{ text: PLAIN, revision: 2 }]);
    expect(await importJson(twarc)).toMatchObject({ updated: 0, unchanged: 1 });
  });
});
