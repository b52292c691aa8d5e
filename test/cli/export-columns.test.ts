/**
 * The CSV for analysts (issue 17): a byte-order mark in files, ids that spreadsheets keep as text,
 * kind / parent / conversation / per-outcome columns, and place counts that agree with the report's.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { findExportRow } from '../helpers/export-rows';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
beforeEach(() => {
  tmp = makeTempDir('onevision-export-columns-');
  db = tmp.file('onevision.db');
});
afterEach(() => tmp.cleanup());

const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir });

async function ok(...args: string[]): Promise<string> {
  const result = await cli(...args);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

function writeFile(name: string, content: string): string {
  const file = tmp.file(name);
  fs.writeFileSync(file, content);
  return file;
}

type Row = Record<string, string>;
const rowsOf = (csv: string) => parse(csv, { columns: true, bom: true }) as Row[];
const BOM = [0xef, 0xbb, 0xbf];
const startsWithBom = (file: string) => [...fs.readFileSync(file).subarray(0, 3)].every((b, i) => b === BOM[i]);

const ROOT_ID = '872003887668294609';
const REPLY_ID = '872020292695430122';

/** Two statuses in the twitter v1.1 shape: a resident's post and a reply to it, 18-digit ids. */
function writeThread(): string {
  const user = { id_str: '86213327', screen_name: 'jesspascoe_pz', name: 'Jess Pascoe' };
  const status = (id: string, text: string, parent: string | null, at: string) => ({
    created_at: at,
    id_str: id,
    full_text: text,
    in_reply_to_status_id_str: parent,
    entities: { hashtags: [], user_mentions: [], urls: [] },
    user,
  });
  return writeFile(
    'thread.json',
    JSON.stringify([
      status(REPLY_ID, 'and the waiting list for CAMHS in Truro is a year long, my son needs help with anxiety now', ROOT_ID, 'Tue Jun 06 09:20:13 +0000 2017'),
      status(ROOT_ID, 'More youth clubs and play parks in Truro please, there is nothing for teenagers to do', null, 'Tue Jun 06 08:15:00 +0000 2017'),
    ]),
  );
}

describe('byte-order mark', () => {
  beforeEach(async () => {
    await ok('import', writeFile('a.csv', 'id,text\n1,Café in Bude 🙂 please\n'));
  });

  it('a file written with --out starts with one by default, and --no-bom leaves it out', async () => {
    await ok('export', '--out', 'with.csv');
    expect(startsWithBom(tmp.file('with.csv'))).toBe(true);
    expect(fs.readFileSync(tmp.file('with.csv'), 'utf8')).toContain('Café in Bude 🙂');
    await ok('export', '--no-bom', '--out', 'without.csv');
    expect(fs.readFileSync(tmp.file('without.csv'), 'utf8').startsWith('source,')).toBe(true);
  });

  it('stdout has none unless --bom', async () => {
    expect((await ok('export')).startsWith('source,')).toBe(true);
    expect((await ok('export', '--bom')).startsWith('\uFEFFsource,')).toBe(true);
  });

  it('a pivot written with --out gets one too', async () => {
    await ok('export', '--pivot', 'month', '--out', 'months.csv');
    expect(startsWithBom(tmp.file('months.csv'))).toBe(true);
    await ok('export', '--pivot', 'month', '--no-bom', '--out', 'plain.csv');
    expect(startsWithBom(tmp.file('plain.csv'))).toBe(false);
  });

  it('help says what the default is', async () => {
    const help = (await ok('export', '--help')).replace(/\s+/g, ' ');
    expect(help).toContain('--no-bom');
    expect(help).toContain('with --out yes, on stdout no');
  });
});

describe('new columns', () => {
  it('come after the contract columns: post, kind, parent_id, conversation_id, o1…o5', async () => {
    await ok('import', writeFile('a.csv', 'id,text\n1,hello\n'));
    const header = (await ok('export')).split(/\r?\n/)[0]!.split(',');
    expect(header.slice(0, 14)).toEqual(['source', 'source_id', 'created_at', 'author', 'text', 'url', 'outcomes', 'safeguarding', 'confidence', 'tone', 'places', 'screening', 'own_account', 'question']);
    expect(header.slice(14)).toEqual(['post', 'kind', 'parent_id', 'conversation_id', 'o1', 'o2', 'o3', 'o4', 'o5']);
  });

  it('a reply names its kind, parent and conversation as SOURCE:ID text; source_id stays the bare id', async () => {
    await ok('import', '--format', 'twitter-v1', writeThread());
    const rows = rowsOf(await ok('export'));
    const reply = rows.find((r) => r.source_id === REPLY_ID);
    const root = rows.find((r) => r.source_id === ROOT_ID);
    expect(reply).toMatchObject({ source: 'x', post: `x:${REPLY_ID}`, kind: 'reply', parent_id: `x:${ROOT_ID}`, conversation_id: `x:${ROOT_ID}` });
    expect(root).toMatchObject({ post: `x:${ROOT_ID}`, kind: 'post', parent_id: '' });
    // Nothing a spreadsheet would read as a number, so no digit of an 18-digit id is lost.
    for (const row of rows) for (const column of ['post', 'parent_id', 'conversation_id']) expect(row[column]).not.toMatch(/^\d+$/);
  });

  it("a withheld post's id is withheld with its text: in its own row and where its replies name it, the same stand-in in every export", async () => {
    await ok('import', '--format', 'twitter-v1', writeThread());
    // The thread's first post is flagged by a person; the reply is cleared, so it shows.
    await ok('label', `x:${ROOT_ID}`, '--outcomes', '5', '--safeguarding', 'yes', '--level', 'concern', '--by', 'lead');
    await ok('label', `x:${REPLY_ID}`, '--outcomes', '2', '--safeguarding', 'no', '--by', 'lead');
    const first = rowsOf(await ok('export'));
    const root = first.find((r) => r.kind === 'post')!;
    const reply = first.find((r) => r.kind === 'reply')!;
    expect(root.text).toMatch(/^\[text withheld/);
    expect(root.source_id).toMatch(/^withheld-[0-9a-f]{12}$/);
    expect(root).toMatchObject({ post: `x:${root.source_id}`, conversation_id: `x:${root.source_id}`, url: '', author: '' });
    expect(reply).toMatchObject({ source_id: REPLY_ID, post: `x:${REPLY_ID}`, parent_id: `x:${root.source_id}`, conversation_id: `x:${root.source_id}` });
    // Nowhere in the file, so nothing leads to the flagged post's text on the platform.
    await ok('export', '--out', 'posts.csv');
    expect(fs.readFileSync(tmp.file('posts.csv'), 'utf8')).not.toContain(ROOT_ID);
    // Stable, so two exports (and a reply and its parent) still join up.
    expect(rowsOf(await ok('export')).find((r) => r.kind === 'post')?.source_id).toBe(root.source_id);
    // Asked for the withheld text, the analyst gets the real ids with it.
    const full = rowsOf(await ok('export', '--include-flagged'));
    expect(full.find((r) => r.kind === 'post')).toMatchObject({ source_id: ROOT_ID, post: `x:${ROOT_ID}` });
    expect(full.find((r) => r.kind === 'reply')).toMatchObject({ parent_id: `x:${ROOT_ID}`, conversation_id: `x:${ROOT_ID}` });
  });

  it('forget --rewrite-outputs takes a withheld post out of a written CSV, found by its stand-in', async () => {
    await ok('import', '--format', 'twitter-v1', writeThread());
    await ok('label', `x:${ROOT_ID}`, '--outcomes', '5', '--safeguarding', 'yes', '--level', 'concern', '--by', 'lead');
    await ok('export', '--out', 'posts.csv');
    const before = rowsOf(fs.readFileSync(tmp.file('posts.csv'), 'utf8'));
    expect(before.map((r) => r.kind).sort()).toEqual(['post', 'reply']);
    const forget = JSON.parse(await ok('forget', '--post', `x:${ROOT_ID}`, '--rewrite-outputs', '--json')) as { rewritten: string[] };
    expect(forget.rewritten).toContain(tmp.file('posts.csv'));
    const after = rowsOf(fs.readFileSync(tmp.file('posts.csv'), 'utf8'));
    expect(after.map((r) => r.source_id)).toEqual([REPLY_ID]);
    // Nor does the reply still name it, by stand-in or otherwise.
    expect(after[0]).toMatchObject({ parent_id: '', conversation_id: '' });
  });

  it('an erased post is named by nobody: not by its replies in a rewritten CSV, nor in a fresh export', async () => {
    await ok('import', '--format', 'twitter-v1', writeThread());
    await ok('label', `x:${ROOT_ID}`, '--outcomes', '5', '--safeguarding', 'no', '--by', 'lead');
    await ok('label', `x:${REPLY_ID}`, '--outcomes', '5', '--safeguarding', 'no', '--by', 'lead');
    await ok('export', '--out', 'posts.csv');
    const reply = (rows: Row[]) => rows.find((r) => r.kind === 'reply');
    // Guards the guard: before the erasure the reply names its clear parent by its own id.
    expect(reply(rowsOf(fs.readFileSync(tmp.file('posts.csv'), 'utf8')))).toMatchObject({ parent_id: `x:${ROOT_ID}`, conversation_id: `x:${ROOT_ID}` });
    await ok('forget', '--post', `x:${ROOT_ID}`, '--rewrite-outputs');
    for (const csv of [fs.readFileSync(tmp.file('posts.csv'), 'utf8'), await ok('export'), await ok('export', '--include-flagged', '--include-authors')]) {
      const rows = rowsOf(csv);
      expect(rows.map((r) => r.source_id)).toEqual([REPLY_ID]);
      expect(reply(rows)).toMatchObject({ parent_id: '', conversation_id: '' });
      expect(csv).not.toContain(ROOT_ID);
    }
  });

  it('o1…o5 are 1/0 per outcome, beside the "2;3" column, and empty before classification', async () => {
    await ok('import', writeFile('a.csv', 'id,text\n1,CAMHS waiting lists are too long and my daughter is anxious\n2,more youth clubs and parks in the holidays\n'));
    await ok('label', 'survey:1', '--outcomes', '2,3', '--safeguarding', 'no', '--by', 'tester');
    await ok('import', '--no-classify', writeFile('b.csv', 'id,text\n3,not classified yet\n'));
    const rows = rowsOf(await ok('export'));
    const byId = (id: string) => findExportRow(rows, db, 'survey', id)!;
    expect(byId('1')).toMatchObject({ outcomes: '2;3', o1: '0', o2: '1', o3: '1', o4: '0', o5: '0' });
    for (const row of rows.filter((r) => r.outcomes !== '' || r.screening !== 'awaiting')) {
      const listed = row.outcomes!.split(';').filter(Boolean);
      expect([1, 2, 3, 4, 5].filter((n) => row[`o${n}`] === '1').map(String)).toEqual(listed);
    }
    expect(byId('3')).toMatchObject({ outcomes: '', o1: '', o2: '', o3: '', o4: '', o5: '' });
  });

  it('the exported file, byte-order mark and all, imports again with its ids intact', async () => {
    await ok('import', '--format', 'twitter-v1', writeThread());
    await ok('export', '--out', 'posts.csv');
    const again = tmp.file('again.db');
    const imported = await runCli(['--db', again, 'import', tmp.file('posts.csv'), '--id-column', 'source_id', '--text-column', 'text', '--no-classify'], { cwd: tmp.dir });
    expect(imported.code, imported.stderr).toBe(0);
    const ids = queryDb<{ source_id: string }>(again, 'SELECT source_id FROM posts ORDER BY source_id').map((r) => r.source_id.split(':')[0]);
    expect(ids).toEqual([ROOT_ID, REPLY_ID]);
  });
});

interface SummaryByPlace {
  by: { columns: string[]; rows: Array<Array<string | number>> };
}

/** Posts per place in an export's rows, counted the way the README says: rows with own_account 0. */
function countPlaces(rows: readonly Row[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows.filter((r) => r.own_account === '0')) {
    for (const place of row.places!.split(';').filter((p) => p !== '' && p !== '[withheld]')) counts.set(place, (counts.get(place) ?? 0) + 1);
  }
  return counts;
}

describe('place counts agree with the report', () => {
  // Six clear posts name Truro, two more are not yet screened (withheld): the report counts all eight.
  beforeEach(async () => {
    const clear = ['More youth clubs in Truro please', 'Truro needs a skate park', 'Buses from Truro stop too early', 'CAMHS in Truro has a long wait', 'Play parks in Truro and Falmouth', 'Falmouth and Truro need youth workers', 'Nothing to do in Falmouth at night', 'Falmouth library is great', 'Falmouth beach clean was fun'];
    await ok('import', writeFile('clear.csv', `id,text\n${clear.map((t, i) => `c${i},${t}`).join('\n')}\n`));
    await ok('import', '--no-classify', writeFile('later.csv', 'id,text\nw1,The youth club in Truro closed\nw2,Truro parents need support\n'));
  });

  it('export --include-flagged counts per place exactly what summary --json counts', async () => {
    const { by } = JSON.parse(await ok('summary', '--json', '--by', 'place')) as SummaryByPlace;
    const [place, posts] = [by.columns.indexOf('place'), by.columns.indexOf('posts')];
    const reported = new Map(by.rows.map((row) => [String(row[place]), Number(row[posts])]));
    expect(reported.get('Truro')).toBe(8);
    expect(countPlaces(rowsOf(await ok('export', '--include-flagged')))).toEqual(reported);
  });

  it('the plain export marks the withheld posts\' places [withheld] instead of leaving them blank', async () => {
    const rows = rowsOf(await ok('export'));
    const withheld = rows.filter((r) => r.screening === 'awaiting');
    expect(withheld.map((r) => r.places)).toEqual(['[withheld]', '[withheld]']);
    expect(countPlaces(rows).get('Truro')).toBe(6);
  });
});
