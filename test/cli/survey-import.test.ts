import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, ROOT, runCli } from '../helpers/cli';
import { dumpDb, queryDb } from '../helpers/db';
import { CITIZEN_SPACE_WORKBOOK, FORMS_QUESTION_1, FORMS_QUESTION_2, MICROSOFT_FORMS, SERIAL_DATES, writeWorkbook } from './survey-workbooks';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'surveys');
const CITIZEN_SPACE_CSV = path.join(FIXTURES, 'citizen-space-responses.csv');
const SMARTSURVEY_CSV = path.join(FIXTURES, 'smartsurvey-raw-data.csv');
const BETTER = 'What would make Cornwall a better place for you to grow up?';
const CHANGE = 'What is the one thing you would change about where you live?';
const ELSE = 'Is there anything else you would like to tell us?';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
beforeEach(() => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
});
afterEach(() => tmp.cleanup());

const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir });
const citizenSpace = (...extra: string[]) =>
  cli('import', CITIZEN_SPACE_CSV, '--id-column', 'Response ID', '--date-column', 'Date', '--text-column', BETTER, '--text-column', CHANGE, '--text-column', ELSE, ...extra);

interface PostRow {
  source: string;
  source_id: string;
  created_at: string | null;
  text: string;
  question: string | null;
}
const posts = () => queryDb<PostRow>(db, 'SELECT source, source_id, created_at, text, question FROM posts ORDER BY source_id');

describe('Citizen Space CSV', () => {
  it('makes one post per non-empty answer, keyed by respondent and question, with the question kept', async () => {
    const result = await citizenSpace('--day-first');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(' (survey csv): 4 rows read, 6 new, 0 updated, 0 unchanged, 0 skipped');
    const rows = posts();
    // "Not Answered" and blank cells make no post; the postcode and age columns were not chosen.
    expect(rows.map((r) => r.source_id)).toEqual([
      'ANON-7QKT-2BXA-P:is-there-anything-else-you-would-like-to-db90cd',
      'ANON-7QKT-2BXA-P:what-would-make-cornwall-a-better-place-4d6611',
      'ANON-7QKT-2BXB-Q:what-is-the-one-thing-you-would-change-87f761',
      'ANON-7QKT-2BXB-Q:what-would-make-cornwall-a-better-place-4d6611',
      'ANON-7QKT-2BXW-K:what-is-the-one-thing-you-would-change-87f761',
      'ANON-7QKT-2BXW-K:what-would-make-cornwall-a-better-place-4d6611',
    ].sort());
    expect(rows.every((r) => r.source === 'survey')).toBe(true);
    const second = rows.find((r) => r.source_id.startsWith('ANON-7QKT-2BXA-P:what-would'));
    expect(second).toMatchObject({ created_at: '2017-06-02T09:05:00.000Z', question: BETTER, text: 'Cheaper bus fares for under 19s\nand trains that stop at Camborne more often' });
    // 12/06/2017 is 12 June read day first, not 6 December.
    expect(rows.find((r) => r.source_id.startsWith('ANON-7QKT-2BXB-Q'))?.created_at).toBe('2017-06-12T19:47:00.000Z');
  });

  it('keeps only the cells a post was made from as its raw record: no postcode, no other answers', async () => {
    await citizenSpace('--day-first');
    const [row] = queryDb<{ raw: string }>(db, `SELECT raw FROM posts WHERE source_id LIKE 'ANON-7QKT-2BXW-K:what-would%'`);
    expect(JSON.parse(row!.raw)).toEqual({ 'Response ID': 'ANON-7QKT-2BXW-K', Date: '01/06/2017 14:30', [BETTER]: 'More buses in the evening, so I can get home from Truro after football' });
  });

  it('changes nothing when the same file is imported again', async () => {
    expect((await citizenSpace('--day-first')).code).toBe(0);
    const before = dumpDb(db);
    const again = await citizenSpace('--day-first');
    expect(again.stdout).toContain('4 rows read, 0 new, 0 updated, 6 unchanged');
    expect(dumpDb(db)).toBe(before);
  });

  it('refuses a slash date without --day-first, naming the line and the fix, and writes nothing', async () => {
    const result = await citizenSpace();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/citizen-space-responses\.csv:2: respondent "ANON-7QKT-2BXW-K": Date "01\/06\/2017 14:30" could be day\/month or month\/day: add --day-first/);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('always reads ISO dates, with or without --day-first', async () => {
    const file = tmp.file('iso.csv');
    fs.writeFileSync(file, 'Response ID,Date,Idea\nR1,2017-06-01T14:30:00+01:00,Night buses\nR2,2017-06-02,Skate park\n');
    const result = await cli('import', file, '--id-column', 'Response ID', '--date-column', 'Date', '--text-column', 'Idea');
    expect(result.code, result.stderr).toBe(0);
    expect(posts().map((r) => [r.source_id, r.created_at])).toEqual([
      ['R1:idea', '2017-06-01T13:30:00.000Z'],
      ['R2:idea', '2017-06-02T00:00:00.000Z'],
    ]);
  });
});

describe('SmartSurvey CSV', () => {
  const smart = (...extra: string[]) =>
    cli('import', SMARTSURVEY_CSV, '--id-column', 'UserID', '--date-column', 'Ended', '--day-first', '--text-column', 'Q2. What would make Cornwall a better place for young people?', '--text-column', '#10', '--text-column', '#11', '--text-column', '#12', '--text-column', 'Q4. Anything else?', ...extra);

  it('points at --header-rows 2 when the second header row looks like a respondent without an id', async () => {
    const result = await smart();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('smartsurvey-raw-data.csv:2: no respondent id in column "UserID" (if this row holds answer labels under the questions, as SmartSurvey writes, add --header-rows 2)');
  });

  it('reads the answer-label row as part of the header: a three-box question gives three questions', async () => {
    const result = await smart('--header-rows', '2');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('3 rows read, 9 new');
    const rows = posts().filter((r) => r.source_id.startsWith('58210944:'));
    expect(rows.map((r) => [r.source_id, r.question])).toEqual([
      ['58210944:q2-what-would-make-cornwall-a-better-e260ab', 'Q2. What would make Cornwall a better place for young people?'],
      ['58210944:q3-tell-us-up-to-three-things-you-would-44c6aa', 'Q3. Tell us up to three things you would change in your town / Thing 1'],
      ['58210944:q3-tell-us-up-to-three-things-you-would-167006', 'Q3. Tell us up to three things you would change in your town / Thing 2'],
      ['58210944:q3-tell-us-up-to-three-things-you-would-b662a3', 'Q3. Tell us up to three things you would change in your town / Thing 3'],
      ['58210944:q4-anything-else', 'Q4. Anything else?'],
    ].sort((a, b) => a[0]!.localeCompare(b[0]!)));
    expect(rows[0]?.created_at).toBe('2017-06-05T16:31:55.000Z');
  });

  it('asks for a position when a header names several columns', async () => {
    const result = await cli('import', SMARTSURVEY_CSV, '--id-column', 'UserID', '--text-column', 'Q3. Tell us up to three things you would change in your town');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('names 3 columns (#10, #11, #12): name one by its position, e.g. --text-column "#10"');
  });
});

describe('.xlsx workbooks', () => {
  it('reads a Microsoft Forms workbook: date cells, numeric ids, "anonymous" is nobody', async () => {
    const file = tmp.file('forms.xlsx');
    await writeWorkbook(file, MICROSOFT_FORMS);
    const result = await cli('import', file, '--id-column', 'ID', '--date-column', 'Completion time', '--author-column', 'Email', '--text-column', FORMS_QUESTION_1, '--text-column', FORMS_QUESTION_2);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('3 rows read, 4 new');
    const rows = queryDb<{ source_id: string; created_at: string; handle: string | null }>(
      db,
      'SELECT p.source_id, p.created_at, a.handle FROM posts p LEFT JOIN authors a ON a.id = p.author_id ORDER BY p.source_id',
    );
    expect(rows).toEqual([
      { source_id: '1:what-would-make-cornwall-a-better-place-4d6611', created_at: '2017-06-01T10:09:45.000Z', handle: null },
      { source_id: '2:is-there-anything-you-would-like-to-tell-3b2a89', created_at: '2017-06-03T18:41:05.000Z', handle: null },
      { source_id: '2:what-would-make-cornwall-a-better-place-4d6611', created_at: '2017-06-03T18:41:05.000Z', handle: null },
      // Respondent 3's first answer is only spaces: no post.
      { source_id: '3:is-there-anything-you-would-like-to-tell-3b2a89', created_at: '2017-06-04T08:01:02.000Z', handle: 'jamie.t@example.org' },
    ]);
  });

  it('reads the first sheet and says so, or the sheet named with --sheet; text dates need --day-first there too', async () => {
    const file = tmp.file('citizen-space.xlsx');
    await writeWorkbook(file, CITIZEN_SPACE_WORKBOOK);
    const first = await cli('import', file, '--id-column', 'Response ID', '--text-column', BETTER);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('reading sheet "Summary", the first of 2 ("Summary", "Responses"); name another with --sheet');
    expect(first.stderr).toContain('no column "Response ID" for --id-column; the columns are #1 "Activity", #2 "Youth voice 2017"');

    const unknown = await cli('import', file, '--sheet', 'Answers', '--id-column', 'Response ID', '--text-column', BETTER);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('has no sheet "Answers"');
    expect(unknown.stderr).toContain('Name one of its sheets: "Summary", "Responses".');

    const named = await cli('import', file, '--sheet', 'responses', '--id-column', 'Response ID', '--date-column', 'Date', '--day-first', '--text-column', BETTER);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toContain(' (survey xlsx, sheet "Responses"): 2 rows read, 2 new');
    expect(posts().map((r) => [r.source_id, r.created_at])).toEqual([
      ['ANON-3RTY-8UIP-A:what-would-make-cornwall-a-better-place-4d6611', '2017-06-07T12:10:00.000Z'],
      ['ANON-3RTY-8UIQ-B:what-would-make-cornwall-a-better-place-4d6611', '2017-06-08T21:44:00.000Z'],
    ]);
  });

  it('reads Excel serial numbers in the date column as dates', async () => {
    const file = tmp.file('serials.xlsx');
    await writeWorkbook(file, SERIAL_DATES);
    const result = await cli('import', file, '--id-column', 'ID', '--date-column', 'Completion time', '--text-column', 'Your idea');
    expect(result.code, result.stderr).toBe(0);
    expect(posts().map((r) => [r.source_id, r.created_at])).toEqual([
      ['101:your-idea', '2017-06-01T18:00:00.000Z'],
      ['102:your-idea', '2017-06-02T00:00:00.000Z'],
    ]);
  });

  it('asks for the columns when a workbook is imported without them, listing what it has', async () => {
    const file = tmp.file('forms.xlsx');
    await writeWorkbook(file, MICROSOFT_FORMS);
    const result = await cli('import', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('name the columns to import with --id-column and --text-column');
    expect(result.stderr).toContain('#1 "ID", #2 "Start time", #3 "Completion time"');
    expect(fs.existsSync(db)).toBe(false);
  });
});

describe('import --dry-run', () => {
  it('shows the format, columns, rows and at most five posts, and creates no database', async () => {
    const result = await citizenSpace('--day-first', '--dry-run');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('survey csv, 4 rows, 6 posts would be imported (dry run: nothing written)');
    expect(result.stdout).toContain('#5 What would make Cornwall a better place for you to grow up?');
    expect(result.stdout).toContain('survey:ANON-7QKT-2BXW-K:what-would-make-cornwall-a-better-place-4d6611  2017-06-01T14:30:00.000Z  no author');
    expect(result.stdout).toContain('text: Cheaper bus fares for under 19s ⏎ and trains that stop at Camborne more often');
    expect(result.stdout.match(/^ {4}text: /gm)).toHaveLength(5);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('prints the same model as JSON', async () => {
    const result = await citizenSpace('--day-first', '--dry-run', '--json');
    const preview = JSON.parse(result.stdout) as { rowsRead: number; posts: number; sample: Array<{ question: string }> };
    expect(preview).toMatchObject({ rowsRead: 4, posts: 6 });
    expect(preview.sample).toHaveLength(5);
    expect(preview.sample[0]?.question).toBe(BETTER);
  });

  it('shows the columns even before they are named, then fails as the import would', async () => {
    const result = await cli('import', CITIZEN_SPACE_CSV, '--id-column', 'Response ID', '--dry-run');
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('#3 What is your postcode district?');
    expect(result.stderr).toContain('name the columns to import with --text-column');
    expect(fs.existsSync(db)).toBe(false);
  });
});

describe('bad survey files', () => {
  function write(name: string, content: string | Buffer): string {
    const file = tmp.file(name);
    fs.writeFileSync(file, content);
    return file;
  }

  it('says the survey column flags are for CSV or .xlsx exports when the file is JSON lines, not "broken quoting"', async () => {
    const file = write('resp.jsonl', '{"id":"1","text":"more buses"}\n{"id":"2","text":"a youth club"}\n');
    const result = await cli('import', file, '--id-column', 'id', '--text-column', 'text');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`the survey column flags (--id-column, --text-column, …) are for CSV or .xlsx survey exports, and ${file} looks like JSON lines`);
    expect(result.stderr).not.toContain('broken quoting');
    expect(fs.existsSync(db)).toBe(false);
  });

  it('still reads a CSV export whose first header is in brackets', async () => {
    const result = await cli('import', write('brackets.csv', '[ID],Answer\nr1,more buses\n'), '--id-column', '[ID]', '--text-column', 'Answer', '--no-classify');
    expect(result.code, result.stderr).toBe(0);
    expect(posts().map((p) => p.text)).toEqual(['more buses']);
  });

  it('names the columns that exist when a named one is missing', async () => {
    const result = await citizenSpace('--day-first', '--author-column', 'Name');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('citizen-space-responses.csv:1: no column "Name" for --author-column; the columns are #1 "Response ID", #2 "Date", #3 "What is your postcode district?"');
  });

  it('refuses a duplicate respondent id or a row without one, by line, and leaves the database as it was', async () => {
    expect((await citizenSpace('--day-first')).code).toBe(0);
    const before = dumpDb(db);
    const duplicate = write('dup.csv', `Response ID,Date,${BETTER}\nA1,2017-06-01,Buses\n,2017-06-01,No id here\nA1,2017-06-02,Buses again\n`);
    const result = await cli('import', duplicate, '--id-column', 'Response ID', '--text-column', BETTER);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('dup.csv:3: no respondent id in column "Response ID"');
    expect(result.stderr).toContain('dup.csv:4: respondent id "A1" again (first on line 2)');
    expect(dumpDb(db)).toBe(before);

    const skipped = await cli('import', duplicate, '--id-column', 'Response ID', '--text-column', BETTER, '--skip-invalid');
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain('3 rows read, 1 new, 0 updated, 0 unchanged, 2 skipped');
  });

  it('refuses a date that is no date, with the line', async () => {
    const file = write('bad-date.csv', `ID,Completion time,Idea\n1,31/02/2017 10:00,Buses\n`);
    const result = await cli('import', file, '--id-column', 'ID', '--date-column', 'Completion time', '--day-first', '--text-column', 'Idea');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad-date.csv:2: respondent "1": Completion time "31/02/2017 10:00" is not a real date read day first');
    expect(fs.existsSync(db)).toBe(false);
  });

  it('says which way round a slash date must be when it can only be one, and what to do', async () => {
    const dayFirst = await cli('import', write('uk.csv', 'ID,Date,Idea\n1,30/06/2017,Buses\n'), '--id-column', 'ID', '--date-column', 'Date', '--text-column', 'Idea');
    expect(dayFirst.code).toBe(2);
    expect(dayFirst.stderr).toContain('"30/06/2017" is written day/month (there is no month 30): add --day-first');
    const monthFirst = await cli('import', write('us.csv', 'ID,Date,Idea\n1,06/30/2017,Buses\n'), '--id-column', 'ID', '--date-column', 'Date', '--day-first', '--text-column', 'Idea');
    expect(monthFirst.code).toBe(2);
    const plain = await cli('import', write('us2.csv', 'ID,Date,Idea\n1,06/30/2017,Buses\n'), '--id-column', 'ID', '--date-column', 'Date', '--text-column', 'Idea');
    expect(plain.stderr).toContain('"06/30/2017" is written month/day (there is no month 30), which onevision does not read: write the dates as YYYY-MM-DD');
    expect(fs.existsSync(db)).toBe(false);
  });

  it('shows control characters from the file visibly in its messages, never raw', async () => {
    const file = write('escape.csv', 'ID,Date,Idea\n1,\u001b[2J01/06/2017,Buses\n');
    const result = await cli('import', file, '--id-column', 'ID', '--date-column', 'Date', '--text-column', 'Idea');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"␛[2J01/06/2017" is not a date');
    expect(result.stderr).not.toContain('\u001b');
  });

  it('refuses an old .xls workbook with the fix', async () => {
    const file = write('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    const result = await cli('import', file, '--id-column', 'ID', '--text-column', 'Idea');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('an old Excel .xls workbook');
    expect(result.stderr).toContain('save it as .xlsx');
  });
});

describe('--question in export, summary and report', () => {
  beforeEach(async () => {
    expect((await citizenSpace('--day-first')).code).toBe(0);
  });

  it('export writes only the answers to matching questions, with a question column after the contract ones', async () => {
    const result = await cli('export', '--question', 'BETTER PLACE', '--include-flagged');
    expect(result.code, result.stderr).toBe(0);
    const header = result.stdout.split('\n')[0]!.split(',');
    expect(header[13]).toBe('question');
    expect(header.slice(0, 13)).toEqual(['source', 'source_id', 'created_at', 'author', 'text', 'url', 'outcomes', 'safeguarding', 'confidence', 'tone', 'places', 'screening', 'own_account']);
    const rows = parse(result.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.question))).toEqual(new Set([BETTER]));
  });

  it('counts a respondent who answered several questions as one voice', async () => {
    const model = JSON.parse((await cli('summary', '--json')).stdout) as { totals: { posts: number; voices: number } };
    // Six answers from three respondents, none of them with an author column.
    expect(model.totals).toMatchObject({ posts: 6, voices: 3 });
  });

  it('summary --by question counts per question, and --question narrows the counts', async () => {
    const all = await cli('summary', '--by', 'question', '--json');
    expect(all.code, all.stderr).toBe(0);
    const model = JSON.parse(all.stdout) as { totals: { posts: number }; by: { columns: string[]; rows: Array<[string, number]> } };
    expect(model.totals.posts).toBe(6);
    expect(model.by.columns[0]).toBe('question');
    expect(model.by.rows.map((r) => [r[0], r[1]])).toEqual([
      [BETTER, 3],
      [CHANGE, 2],
      [ELSE, 1],
    ]);
    const narrowed = await cli('summary', '--question', 'one thing you would change');
    expect(narrowed.stdout).toContain('questions containing "one thing you would change"');
    expect(narrowed.stdout).toMatch(/^posts 2 /m);
  });

  it('export --pivot question writes the same rows summary --by question prints', async () => {
    const result = await cli('export', '--pivot', 'question');
    expect(result.code, result.stderr).toBe(0);
    const rows = parse(result.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.question, r.posts])).toEqual([
      [BETTER, '3'],
      [CHANGE, '2'],
      [ELSE, '1'],
    ]);
  });

  it('report counts only the answers to matching questions and says so', async () => {
    const out = tmp.file('report.md');
    const result = await cli('report', '--format', 'md', '--question', 'anything else', '--out', out, '--json');
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { posts: number }).posts).toBe(1);
    expect(fs.readFileSync(out, 'utf8')).toContain('(answers to the questions containing "anything else")');
  });

  it('refuses an empty --question', async () => {
    const result = await cli('export', '--question', '  ');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--question needs part of a question\'s text');
  });
});
