import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { makeTempDir, ROOT, runCli } from '../helpers/cli';
import { dumpDb, queryDb } from '../helpers/db';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
beforeEach(() => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
});
afterEach(() => tmp.cleanup());

const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir });

function writeFile(name: string, content: string | Buffer): string {
  const file = tmp.file(name);
  fs.writeFileSync(file, content);
  return file;
}

const TRICKY_TEXT = 'Youth club in Bude, "open late" please\nand a second line 🙂🏳️‍🌈 — café';

describe('import → export round trip', () => {
  it('keeps text with commas, quotes, newlines and emoji byte for byte', async () => {
    const csv = `id,text,created_at,author,url\nr1,"${TRICKY_TEXT.replace(/"/g, '""')}",2017-05-03,@JessK,https://example.org/a\nr2,Plain answer,2017-05-04T18:22:11+01:00,,\n`;
    const file = writeFile('answers.csv', csv);
    const imported = await cli('import', file);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('2 rows read, 2 new, 0 updated, 0 unchanged, 0 skipped');

    const exported = await cli('export', '--include-authors');
    expect(exported.code).toBe(0);
    const rows = parse(exported.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ source: 'survey', source_id: 'r1', created_at: '2017-05-03T00:00:00.000Z', author: 'JessK', text: TRICKY_TEXT, url: 'https://example.org/a' });
    expect(rows[1]).toMatchObject({ source_id: 'r2', created_at: '2017-05-04T17:22:11.000Z', author: '' });
    expect(Buffer.from(rows[0]!.text!, 'utf8').equals(Buffer.from(TRICKY_TEXT, 'utf8'))).toBe(true);
  });

  it('starts with the contract columns in order', async () => {
    await cli('import', writeFile('a.csv', 'id,text\n1,hello\n'));
    const exported = await cli('export');
    expect(exported.stdout.split('\n')[0]).toMatch(/^source,source_id,created_at,author,text,url,outcomes,safeguarding(,|$)/);
  });

  it('reads a UTF-8 BOM and writes one with --bom', async () => {
    await cli('import', writeFile('bom.csv', '\uFEFFid,text\n1,héllo\n'));
    const out = tmp.file('out.csv');
    const exported = await cli('export', '--bom', '--out', out);
    expect(exported.code).toBe(0);
    const bytes = fs.readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('héllo');
  });

  it('imports NDJSON with the same fields', async () => {
    const lines = [
      JSON.stringify({ id: 'n1', text: 'We need CAMHS in Penzance', created_at: '2017-06-01', author: 'sam', source: 'event' }),
      '',
      JSON.stringify({ id: 'n2', text: 'More buses to Truro College' }),
    ].join('\n');
    const result = await cli('import', writeFile('posts.ndjson', lines));
    expect(result.code).toBe(0);
    expect(queryDb(db, 'SELECT source, source_id FROM posts ORDER BY source_id')).toEqual([
      { source: 'event', source_id: 'n1' },
      { source: 'survey', source_id: 'n2' },
    ]);
  });

  it('keeps each NDJSON line as the raw record, extra fields and all, and a re-import changes nothing', async () => {
    const line = '{"id": "n1", "text": "Skate park in Camborne", "venue": {"town": "Camborne"}}';
    const file = writeFile('crlf.ndjson', `${line}\r\n{"id":"n2","text":"Free swimming"}\r\n`);
    expect((await cli('import', file)).code).toBe(0);
    const [first] = queryDb<{ raw: string }>(db, `SELECT raw FROM posts WHERE source_id = 'n1'`);
    expect(first?.raw).toBe(line);
    const before = dumpDb(db);
    expect((await cli('import', file)).stdout).toContain('2 rows read, 0 new, 0 updated, 2 unchanged');
    expect(dumpDb(db)).toBe(before);
  });

  it('filters the export by date and source', async () => {
    await cli('import', writeFile('a.csv', 'id,text,created_at,source\n1,a,2017-03-31,survey\n2,b,2017-04-01,survey\n3,c,2017-06-30T23:59:00Z,event\n4,d,2017-07-01,survey\n'));
    const spring = await cli('export', '--from', '2017-04-01', '--to', '2017-06-30');
    expect((parse(spring.stdout, { columns: true }) as Array<{ source_id: string }>).map((r) => r.source_id)).toEqual(['2', '3']);
    const events = await cli('export', '--source', 'event');
    expect((parse(events.stdout, { columns: true }) as Array<{ source_id: string }>).map((r) => r.source_id)).toEqual(['3']);
  });
});

describe('re-importing', () => {
  it('changes nothing the second time, and counts an edited row as updated', async () => {
    const file = writeFile('a.csv', 'id,text\n1,first\n2,second\n');
    await cli('import', file);
    const before = dumpDb(db);
    const again = await cli('import', file);
    expect(again.stdout).toContain('2 rows read, 0 new, 0 updated, 2 unchanged');
    expect(dumpDb(db)).toBe(before);

    const edited = await cli('import', writeFile('b.csv', 'id,text\n1,first (edited)\n2,second\n3,third\n'));
    expect(edited.stdout).toContain('3 rows read, 1 new, 1 updated, 1 unchanged');
    expect(queryDb(db, 'SELECT count(*) AS n FROM posts')).toEqual([{ n: 3 }]);
  });
});

describe('bad input leaves the database unchanged and names the line', () => {
  const cases: Array<[string, string | Buffer, RegExp]> = [
    ['missing text', 'id,text\n1,fine\n2,\n3,also fine\n', /bad\.csv:3: row "2" has no text/],
    ['missing id', 'id,text\n1,fine\n,orphan text\n', /bad\.csv:3: missing id/],
    ['unparseable date', 'id,text,created_at\n1,fine,2017-05-01\n2,oops,31/05/2017\n', /bad\.csv:3: .*unparseable created_at "31\/05\/2017"/],
    ['impossible date', 'id,text,created_at\n1,fine,2017-02-30\n', /bad\.csv:2: .*unparseable created_at/],
    ['duplicate id', 'id,text\n1,fine\n2,ok\n1,again\n', /bad\.csv:4: duplicate id "1" \(first on line 2\)/],
    ['broken quoting', 'id,text\n1,fine\n2,"she said "no" to me\n3,x\n', /bad\.csv:3: broken quoting/],
    ['missing column', 'id,body\n1,text in the wrong column\n', /bad\.csv:1: missing required column "text"/],
    ['binary file', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x10]), /bad\.csv:1: binary content/],
    ['empty file', '', /bad\.csv: the file is empty/],
    ['not UTF-8', Buffer.from('id,text\n1,fine\n2,caf\xe9\n3,fine\n', 'latin1'), /bad\.csv:3: not valid UTF-8/],
    ['a quote that never closes', 'id,text\n1,fine\n2,"this quote never closes\n3,fine too\n4,last\n', /bad\.csv:3: broken quoting: a quote opens .* never closes/],
    ['a header and no rows', 'id,text\n\n', /bad\.csv:2: the file has a header and no rows/],
    ['a platform source', 'id,text,source\n1,fine,survey\n845237972235190298,hijacked text,x\n', /bad\.csv:3: row "845237972235190298": source "x" is a platform's source/],
  ];

  it.each(cases)('%s', async (_name, content, message) => {
    await cli('import', writeFile('good.csv', 'id,text\ng1,already here\n'));
    const before = dumpDb(db);
    const result = await cli('import', writeFile('bad.csv', content));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(dumpDb(db)).toBe(before);
  });

  it('fails a bad NDJSON line by number', async () => {
    const result = await cli('import', writeFile('bad.ndjson', '{"id":"1","text":"ok"}\n{"id":"2","text":\n'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.ndjson:2: not valid JSON/);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('--skip-invalid imports the good rows and lists the bad ones', async () => {
    const result = await cli('import', '--skip-invalid', writeFile('mixed.csv', 'id,text\n1,good\n2,\n3,fine too\n1,dup\n'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('4 rows read, 2 new, 0 updated, 0 unchanged, 2 skipped');
    expect(result.stderr).toContain('mixed.csv:3: row "2" has no text');
    expect(result.stderr).toContain('mixed.csv:5: duplicate id "1"');
    expect(queryDb(db, 'SELECT source_id FROM posts ORDER BY source_id')).toEqual([{ source_id: '1' }, { source_id: '3' }]);
  });

  it('--skip-invalid does not skip past a quote that never closes: the rows after it would be lost unnamed', async () => {
    const result = await cli('import', '--skip-invalid', writeFile('open.csv', 'id,text\n1,good\n2,"never closed\n3,fine\n4,fine\n'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/open\.csv:3: broken quoting/);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('never lets a typed row replace a collected post: --source x is refused before the database is opened', async () => {
    const result = await cli('import', '--source', 'x', writeFile('rows.csv', 'id,text\n845237972235190298,hijacked text\n'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--source "x" is a platform's source/);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('refuses --source with a file that stores its own source (twarc, Facebook export), even in a dry run', async () => {
    const twarc = path.join(ROOT, 'test', 'fixtures', 'x', 'twarc2_sample.jsonl');
    const facebookExport = path.join(ROOT, 'test', 'fixtures', 'facebook', 'fb_page_export_sample.json');
    const refused: Array<[string, string[], string]> = [
      [twarc, ['--source', 'event'], '--source does not apply to twarc files: onevision stores their posts under source "x"'],
      [facebookExport, ['--source', 'survey'], '--source does not apply to facebook-export files: onevision stores their posts under source "facebook-export"'],
      [facebookExport, ['--source', 'event', '--dry-run'], '--source does not apply to facebook-export files'],
    ];
    for (const [file, args, message] of refused) {
      const result = await cli('import', file, ...args, '--no-classify');
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain('Leave out --source');
    }
    expect(fs.existsSync(db)).toBe(false);
    expect((await cli('import', twarc, '--no-classify')).code).toBe(0);
    // Naming the source the file stores anyway is no mistake.
    expect((await cli('import', twarc, '--source', 'x', '--no-classify')).code).toBe(0);
    expect(queryDb(db, "SELECT DISTINCT source FROM posts")).toEqual([{ source: 'x' }]);
  });

  it('refuses a numeric NDJSON id too large to read exactly, and says to quote it', async () => {
    const result = await cli('import', writeFile('big.ndjson', '{"id":1,"text":"fine"}\n{"author":{"id":7},"id":872020292695430122,"text":"big id one"}\n'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('big.ndjson:2: id 872020292695430122 is too large to be read exactly as a number (it reads as 872020292695430100): write it as a string, "id":"872020292695430122"');
    expect(fs.existsSync(db)).toBe(false);
    const quoted = await cli('import', writeFile('quoted.ndjson', '{"id":"872020292695430122","text":"big id one"}\n{"id":42,"text":"a small number is fine"}\n'), '--no-classify');
    expect(quoted.code, quoted.stderr).toBe(0);
    expect(queryDb(db, 'SELECT source_id FROM posts ORDER BY source_id')).toEqual([{ source_id: '42' }, { source_id: '872020292695430122' }]);
  });

  it('refuses an NDJSON field given as an object, list or true/false, naming it, rather than read it as missing', async () => {
    const lines = [
      '{"id":"r1","text":"More buses to Bude","author":{"name":"Jess K"}}',
      '{"id":"r2","text":"A youth club","created_at":true}',
      '{"id":["r3"],"text":"Free swimming"}',
      '{"id":"r4","text":42,"author":"@JessK"}',
    ];
    const result = await cli('import', writeFile('typed.ndjson', `${lines.join('\n')}\n`), '--no-classify');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('typed.ndjson:1: row "r1": "author" is an object; write it as text, a handle ("@JessK") or a name ("Jess K")');
    expect(result.stderr).toContain('typed.ndjson:2: row "r2": "created_at" is true; write it as text');
    expect(result.stderr).toContain('typed.ndjson:3: "id" is a list; write it as text');
    expect(fs.existsSync(db)).toBe(false);
    // A number is its digits: the answer "42" is kept.
    const skipped = await cli('import', tmp.file('typed.ndjson'), '--skip-invalid', '--no-classify');
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(queryDb(db, 'SELECT source_id, text FROM posts')).toEqual([{ source_id: 'r4', text: '42' }]);
  });

  it('refuses a wrong flag with a usage error', async () => {
    const result = await cli('import', '--frmat', 'csv', 'x.csv');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option '--frmat'/);
  });
});

describe('spreadsheet safety and pseudonyms', () => {
  it('neutralises every cell a spreadsheet would run as a formula', async () => {
    const csv = 'id,text,author\n1,"=HYPERLINK(""http://evil.example"")",=cmd\n2,+44 7700 900123,+me\n3,-2+3,@evil\n4,"\tTabbed",x\n5,@SUM(1),y\n6,Normal text,z\n';
    await cli('import', writeFile('f.csv', csv));
    const exported = await cli('export', '--include-authors');
    const rows = parse(exported.stdout, { columns: true }) as Array<Record<string, string>>;
    const texts = rows.map((r) => r.text);
    expect(texts).toEqual(["'=HYPERLINK(\"http://evil.example\")", "'+44 7700 900123", "'-2+3", "'\tTabbed", "'@SUM(1)", 'Normal text']);
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('gives the same person the same pseudonym, and shows handles only with --include-authors', async () => {
    await cli('import', writeFile('a.csv', 'id,text,author\n1,one,@JessK\n2,two,jessk\n3,three,Tom\n'));
    const rows = parse((await cli('export')).stdout, { columns: true }) as Array<{ author: string }>;
    expect(rows[0]!.author).toMatch(/^person-[0-9a-f]{12}$/);
    expect(rows[1]!.author).toBe(rows[0]!.author);
    expect(rows[2]!.author).not.toBe(rows[0]!.author);
    expect(rows.map((r) => r.author).join()).not.toMatch(/jess|tom/i);

    const again = parse((await cli('export')).stdout, { columns: true }) as Array<{ author: string }>;
    expect(again.map((r) => r.author)).toEqual(rows.map((r) => r.author));

    const named = parse((await cli('export', '--include-authors')).stdout, { columns: true }) as Array<{ author: string }>;
    expect(named.map((r) => r.author)).toEqual(['JessK', 'JessK', 'Tom']);
  });

  it('records every export with the posts it contained', async () => {
    await cli('import', writeFile('a.csv', 'id,text\n1,one\n2,two\n'));
    const out = tmp.file('reports/all.csv');
    await cli('export', '--out', out);
    expect(queryDb(db, 'SELECT path, row_count AS rows FROM exports')).toEqual([{ path: out, rows: 2 }]);
    expect(queryDb(db, 'SELECT count(*) AS n FROM export_posts')).toEqual([{ n: 2 }]);
  });
});
