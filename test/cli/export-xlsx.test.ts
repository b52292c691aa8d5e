/**
 * `onevision export --format xlsx` (issue 17): a workbook an analyst can use as it is. Read back with
 * read-excel-file: ids as text, 0/1 outcome cells as numbers, count tables equal to `summary --by`,
 * nothing withheld in any sheet, no formula from the public's text, and the file in the export ledger.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { dumpDb } from '../helpers/db';
import { withheldIdOf } from '../helpers/export-rows';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;

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

type Value = string | number | boolean | Date | null;
interface Sheet {
  sheet: string;
  data: Value[][];
}

async function readWorkbook(file: string): Promise<Sheet[]> {
  // read-excel-file is an ES module; the tests compile as CommonJS, so it is loaded with import().
  const { default: read } = (await import('read-excel-file/node')) as unknown as { default: (file: string, options: { trim: boolean }) => Promise<Sheet[]> };
  return read(file, { trim: false });
}

function sheetOf(book: Sheet[], name: string): Value[][] {
  const found = book.find((s) => s.sheet === name);
  expect(found, `sheet ${name} in ${book.map((s) => s.sheet).join(', ')}`).toBeDefined();
  return found!.data;
}

/** The posts sheet's rows as objects by header. */
function postsOf(book: Sheet[]): Array<Record<string, Value>> {
  const [header, ...rows] = sheetOf(book, 'posts');
  return rows.map((row) => Object.fromEntries(header!.map((column, i) => [String(column), row[i] ?? null])));
}

async function exportWorkbook(name: string, ...args: string[]): Promise<Sheet[]> {
  await ok('export', '--format', 'xlsx', '--out', tmp.file(name), ...args);
  return readWorkbook(tmp.file(name));
}

const ROOT_ID = '872003887668294609';
const REPLY_ID = '872020292695430122';
const CANARY = 'CANARY-7f3e my stepdad hurts me';
const FORMULAS = ['=HYPERLINK("http://evil.example","youth club in Truro")', '+44 youth club in Falmouth', '-1 for the buses in Truro', '@ home there is nothing to do in Truro'];

/** Two statuses in the twitter v1.1 shape: a resident's post and a reply to it, 18-digit ids. */
function writeThread(): string {
  const user = { id_str: '86213327', screen_name: 'jesspascoe_pz', name: 'Jess Pascoe' };
  const status = (id: string, text: string, parent: string | null, at: string) => ({ created_at: at, id_str: id, full_text: text, in_reply_to_status_id_str: parent, entities: { hashtags: [], user_mentions: [], urls: [] }, user });
  return writeFile(
    'thread.json',
    JSON.stringify([
      status(REPLY_ID, 'and the waiting list for CAMHS in Truro is a year long, my son needs help with anxiety now', ROOT_ID, 'Tue Jun 06 09:20:13 +0000 2017'),
      status(ROOT_ID, 'More youth clubs and play parks in Truro please, there is nothing for teenagers to do', null, 'Tue Jun 06 08:15:00 +0000 2017'),
    ]),
  );
}

/** Survey answers over three weeks, most naming Truro (enough not to be suppressed), some Falmouth. */
function writeAnswers(): string {
  const texts = ['More youth clubs in Truro please', 'Truro needs a skate park', 'Buses from Truro stop too early', 'CAMHS in Truro has a long wait', 'Play parks in Truro and Falmouth', 'Nothing to do in Falmouth at night', ...FORMULAS];
  const day = (i: number) => `2017-05-${String(1 + i * 3).padStart(2, '0')}`;
  const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
  return writeFile('answers.csv', `id,text,created_at\n${texts.map((t, i) => `s${i},${quote(t)},${day(i)}`).join('\n')}\n`);
}

beforeAll(async () => {
  tmp = makeTempDir('onevision-export-xlsx-');
  db = tmp.file('onevision.db');
  await ok('import', '--format', 'twitter-v1', writeThread());
  await ok('import', writeAnswers());
  await ok('label', 'survey:s0', '--outcomes', '2,3', '--safeguarding', 'no', '--by', 'tester');
  // Flagged by a person, and (imported last) not yet screened: all withheld from an analyst.
  await ok('import', writeFile('flagged.csv', `id,text,created_at\nf1,${CANARY} again in Truro,2017-05-22\n`));
  await ok('label', 'survey:f1', '--safeguarding', 'yes', '--by', 'tester');
  await ok('import', '--no-classify', writeFile('later.csv', `id,text,created_at\nw1,${CANARY} in Truro,2017-05-20\nw2,not classified yet in Truro,2017-05-21\n`));
}, 300_000);
afterAll(() => tmp.cleanup());

describe('export --format xlsx', () => {
  it('needs --out: without it, exit 2 and a message saying to add --out file.xlsx', async () => {
    const result = await cli('export', '--format', 'xlsx');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--out file.xlsx');
    expect(result.stdout).toBe('');
  });

  it('refuses to write over the database, like the CSV: exit 2 and the database as it was', async () => {
    const before = dumpDb(db);
    const result = await cli('export', '--format', 'xlsx', '--out', db);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('refusing to write');
    expect(dumpDb(db)).toBe(before);
  });

  it('has a README, the posts and a count table by week, month, place, source and question', async () => {
    const book = await exportWorkbook('sheets.xlsx');
    expect(book.map((s) => s.sheet)).toEqual(['README', 'posts', 'by_week', 'by_month', 'by_place', 'by_source', 'by_question']);
    const readme = sheetOf(book, 'README').map((row) => row.join(' ')).join('\n');
    for (const phrase of ['self-selected sample', 'below 5', '"<5"', 'withheld', 'Strengthening families and communities', 'ISO 8601', 'posts: conversation_id']) expect(readme).toContain(phrase);
  });

  it('keeps the CSV\'s columns, writes every id as text (18 digits intact) and o1…o5 as 0/1 numbers', async () => {
    const book = await exportWorkbook('posts.xlsx');
    const csvHeader = (await ok('export')).split(/\r?\n/)[0]!.split(',');
    expect(sheetOf(book, 'posts')[0]).toEqual(csvHeader);
    const posts = postsOf(book);
    const reply = posts.find((p) => p.source_id === REPLY_ID);
    expect(reply).toMatchObject({ source_id: REPLY_ID, post: `x:${REPLY_ID}`, parent_id: `x:${ROOT_ID}`, conversation_id: `x:${ROOT_ID}`, kind: 'reply' });
    const labelled = posts.find((p) => p.post === 'survey:s0');
    expect(labelled).toMatchObject({ outcomes: '2;3', o1: 0, o2: 1, o3: 1, o4: 0, o5: 0 });
    for (const post of posts) {
      for (const column of ['o1', 'o2', 'o3', 'o4', 'o5']) expect([0, 1, null]).toContain(post[column]);
      expect(typeof post.source_id).toBe('string');
    }
    // Not yet screened, so its id is withheld with its text.
    expect(posts.find((p) => p.post === `survey:${withheldIdOf(db, 'survey', 'w2')}`)).toMatchObject({ o1: null, o5: null });
  });

  it('counts per week, place and source are the numbers `summary --by … --json` gives', async () => {
    const book = await exportWorkbook('pivots.xlsx');
    for (const by of ['week', 'place', 'source'] as const) {
      const summary = JSON.parse(await ok('summary', '--json', '--by', by)) as { by: { columns: string[]; rows: Value[][] } };
      expect(sheetOf(book, `by_${by}`), by).toEqual([summary.by.columns, ...summary.by.rows]);
    }
    const places = sheetOf(book, 'by_place');
    expect(places.find((row) => row[0] === 'Truro')?.[2]).toBe(13);
    expect(places.find((row) => row[0] === 'Falmouth')?.slice(2)).toEqual(Array(8).fill('<5'));
  });

  it('holds no word of a withheld post in any sheet, unless --include-flagged', async () => {
    const cells = (book: Sheet[]) => book.flatMap((s) => s.data.flat()).map((cell) => String(cell ?? ''));
    const plain = cells(await exportWorkbook('plain.xlsx'));
    expect(plain.filter((cell) => cell.includes('CANARY'))).toEqual([]);
    expect(plain.filter((cell) => cell.startsWith('[text withheld'))).toHaveLength(3);
    // The same reading finds the text when it is there: the check above is not blind.
    expect(cells(await exportWorkbook('flagged.xlsx', '--include-flagged')).filter((cell) => cell.includes('CANARY'))).toHaveLength(2);
  });

  it('turns no text into a formula: cells starting with = + - @ start with an apostrophe, as in the CSV', async () => {
    const texts = postsOf(await exportWorkbook('formulas.xlsx')).map((p) => p.text);
    // A formula cell written without a cached value would read back as empty, not as its text.
    for (const formula of FORMULAS) expect(texts).toContain(`'${formula}`);
  });

  it('is recorded in the export ledger, so the audit trail and forget find it', async () => {
    const file = tmp.file('ledger.xlsx');
    await ok('export', '--format', 'xlsx', '--out', file);
    const audit = JSON.parse(await ok('audit', '--json')) as Array<{ action: string; subject: string | null; details?: { kind?: string; posts?: number } }>;
    expect(audit.filter((e) => e.subject === file)).toEqual([expect.objectContaining({ action: 'export', details: expect.objectContaining({ kind: 'xlsx', posts: 15 }) })]);
    const forget = JSON.parse(await ok('forget', '--author', 'jesspascoe_pz', '--dry-run', '--json')) as { exports: Array<{ path: string; kind: string }> };
    expect(forget.exports).toContainEqual(expect.objectContaining({ path: file, kind: 'xlsx' }));
  });

  it('says in the audit line when a file held withheld text or real authors', async () => {
    const wide = tmp.file('wide.csv');
    const plain = tmp.file('plain.xlsx');
    const authors = tmp.file('authors.xlsx');
    await ok('export', '--include-flagged', '--include-authors', '--out', wide);
    await ok('export', '--format', 'xlsx', '--out', plain);
    await ok('export', '--format', 'xlsx', '--include-authors', '--out', authors);
    const audit = JSON.parse(await ok('audit', '--json')) as Array<{ subject: string | null; details?: { released?: string[] } }>;
    const released = (file: string) => audit.find((e) => e.subject === file)?.details?.released;
    expect(released(wide)).toEqual(['withheld-text', 'real-authors']);
    expect(released(plain)).toBeUndefined();
    expect(released(authors)).toEqual(['real-authors']);
  });

  it('is in `export --help` with an example', async () => {
    expect(await ok('export', '--help')).toContain('onevision export --format xlsx --out reports/posts.xlsx');
  });
});

describe('forget --rewrite-outputs', () => {
  it('rebuilds an unchanged workbook without the erased posts', async () => {
    const own = makeTempDir('onevision-export-xlsx-forget-');
    try {
      const run = (...args: string[]) => runCli(['--db', own.file('onevision.db'), ...args], { cwd: own.dir });
      fs.writeFileSync(own.file('thread.json'), fs.readFileSync(tmp.file('thread.json')));
      fs.writeFileSync(own.file('other.csv'), 'id,text\nk1,More youth clubs in Bude please\n');
      for (const args of [['import', '--format', 'twitter-v1', own.file('thread.json')], ['import', own.file('other.csv')], ['export', '--format', 'xlsx', '--out', own.file('posts.xlsx')]]) {
        const result = await run(...args);
        expect(result.code, result.stderr).toBe(0);
      }
      const forget = await run('forget', '--author', 'jesspascoe_pz', '--rewrite-outputs', '--json');
      expect(forget.code, forget.stderr).toBe(0);
      expect((JSON.parse(forget.stdout) as { rewritten: string[] }).rewritten).toContain(own.file('posts.xlsx'));
      const posts = postsOf(await readWorkbook(own.file('posts.xlsx')));
      expect(posts.map((p) => p.post)).toEqual(['survey:k1']);
      const [, ...sources] = sheetOf(await readWorkbook(own.file('posts.xlsx')), 'by_source');
      expect(sources.map((row) => row.slice(0, 2))).toEqual([['survey', 1]]);
    } finally {
      own.cleanup();
    }
  });
});
