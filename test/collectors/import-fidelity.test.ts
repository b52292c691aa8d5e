/**
 * What `import` does with files that are not tidy UTF-8 CSV: very long posts and lines, control
 * characters, UTF-16 (Excel's "Unicode Text"), and a header naming a column twice. Every refusal
 * exits 2, names the file and line, and leaves the database as it was.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

const texts = () => queryDb<{ source_id: string; text: string }>(db, 'SELECT source_id, text FROM posts ORDER BY source_id');

/** Imports one good row first, so a refusal can be shown to change nothing. */
async function withExistingPost(): Promise<string> {
  expect((await cli('import', writeFile('good.csv', 'id,text\ng1,already here\n'), '--no-classify')).code).toBe(0);
  return dumpDb(db);
}

describe('size limits', () => {
  const longPost = 'x'.repeat(150_000);

  it('refuses a post over 100,000 characters by file and line, without quoting it, and imports nothing', async () => {
    const before = await withExistingPost();
    const result = await cli('import', writeFile('big.csv', `id,text\n1,fine\n2,${longPost}\n`), '--no-classify');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/big\.csv:3: post "2" has 150,000 characters of text, over the limit of 100,000 \(--max-post-chars\)/);
    expect(result.stderr).toContain('--skip-invalid');
    expect(result.stderr.length).toBeLessThan(1000);
    expect(dumpDb(db)).toBe(before);
  });

  it('with --skip-invalid lists the long row as bad and imports the rest', async () => {
    const result = await cli('import', writeFile('big.ndjson', `{"id":"1","text":"fine"}\n${JSON.stringify({ id: '2', text: longPost })}\n`), '--skip-invalid', '--no-classify');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 rows read, 1 new, 0 updated, 0 unchanged, 1 skipped');
    expect(result.stderr).toMatch(/big\.ndjson:2: post "2" has 150,000 characters/);
    expect(texts()).toEqual([{ source_id: '1', text: 'fine' }]);
  });

  it('takes a higher limit from --max-post-chars', async () => {
    const result = await cli('import', writeFile('big.csv', `id,text\n2,${longPost}\n`), '--max-post-chars', '200000', '--no-classify');
    expect(result.code).toBe(0);
    expect(texts()[0]?.text).toHaveLength(150_000);
  });

  it('applies the limit to survey answers, by line', async () => {
    const result = await cli('import', writeFile('survey.csv', `ID,Answer\n1,fine\n2,${longPost}\n`), '--id-column', 'ID', '--text-column', 'Answer', '--no-classify');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/survey\.csv:3: post "2:answer[^"]*" has 150,000 characters/);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('applies the limit to platform exports too (a twarc2 file), naming the post and its line', async () => {
    const result = await cli('import', `${ROOT}/test/fixtures/x/twarc2_ciosonevision_2017.jsonl`, '--max-post-chars', '50', '--no-classify');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/twarc2_ciosonevision_2017\.jsonl:1: post "\d+" has [\d,]+ characters of text, over the limit of 50 \(--max-post-chars\)/);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('refuses a 17 MB header line (over the 16 MB default) naming the line, never echoing it', async () => {
    const before = await withExistingPost();
    const result = await cli('import', writeFile('wide.csv', `${'h'.repeat(17 * 1024 * 1024)},id,text\n1,fine\n`), '--no-classify');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/wide\.csv:1: line is 17\.0 MB, over the limit of 16\.0 MB per line \(--max-line-bytes\)/);
    expect(result.stderr).toContain('Nothing was imported');
    expect(result.stderr.length).toBeLessThan(1000);
    expect(dumpDb(db)).toBe(before);
  });

  it('quotes at most 80 characters of a header it cannot use', async () => {
    const result = await cli('import', writeFile('odd.csv', `${'q'.repeat(5000)},body\n1,text\n`), '--no-classify');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/odd\.csv:1: missing required columns "id", "text" in the header \(found: q{79}…\)/);
    expect(result.stderr.length).toBeLessThan(1000);
  });

  it('takes --max-line-bytes; an overlong NDJSON line is a bad row that --skip-invalid skips', async () => {
    const file = writeFile('lines.ndjson', `{"id":"1","text":"fine"}\n{"id":"2","text":"${'y'.repeat(2000)}"}\n`);
    const refused = await cli('import', file, '--max-line-bytes', '1000', '--no-classify');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/lines\.ndjson:2: line is 2\.0 KB, over the limit of 1000 bytes per line/);
    const skipped = await cli('import', file, '--max-line-bytes', '1000', '--skip-invalid', '--no-classify');
    expect(skipped.code).toBe(0);
    expect(texts()).toEqual([{ source_id: '1', text: 'fine' }]);
  });

  it.each([['--max-post-chars', '0'], ['--max-post-chars', 'lots'], ['--max-line-bytes', '-5'], ['--max-line-bytes', '99999999999999999999']])('refuses %s %s (exit 2)', async (flag, value) => {
    const result = await cli('import', writeFile('a.csv', 'id,text\n1,fine\n'), flag, value);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${flag} "${value}" is not a whole number of 1 or more`);
    expect(fs.existsSync(db)).toBe(false);
  });
});

describe('control characters', () => {
  it('removes a NUL escaped in NDJSON, with a notice, so the export holds none', async () => {
    const result = await cli('import', writeFile('nul.ndjson', '{"id":"1","text":"youth\\u0000 club\\u0007 open late\\tplease"}\n'), '--no-classify');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/removed 2 control characters .* from the posts/);
    expect(texts()).toEqual([{ source_id: '1', text: 'youth club open late\tplease' }]);
    const exported = await cli('export', '--include-flagged');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('youth club open late');
    expect(exported.stdout).not.toContain('\u0000');
    expect(exported.stdout).not.toContain('\u0007');
  });

  it("re-imports a file with a raw NUL (an older export of a stored NUL) instead of calling it binary", async () => {
    const result = await cli('import', writeFile('old-export.csv', 'id,text\n1,"a\u0000b and the\r\nbus"\n'), '--no-classify');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/removed 1 control character .* from the file/);
    expect(texts()).toEqual([{ source_id: '1', text: 'ab and the\r\nbus' }]);
  });

  it('still refuses a binary file', async () => {
    const result = await cli('import', writeFile('photo.csv', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(64)])));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/photo\.csv:1: binary content/);
  });
});

describe('UTF-16', () => {
  const text = 'Café in Truro 🙂, "open late"';

  const excelCell = (value: string) => `"${value.replace(/"/g, '""')}"`;

  function utf16be(value: string): Buffer {
    const le = Buffer.from(value, 'utf16le');
    for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
    return le;
  }

  it("reads Excel's Unicode Text (UTF-16LE with a BOM, tab-separated, CRLF)", async () => {
    // Excel quotes a cell holding quotes, doubling them, as in CSV.
    const tsv = `id\ttext\tcreated_at\r\nr1\t${excelCell(text)}\t2017-05-03\r\nr2\tsecond\t2017-05-04\r\n`;
    const file = writeFile('unicode-text.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]));
    const result = await cli('import', file, '--format', 'csv', '--no-classify');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('read as UTF-16LE (converted to UTF-8)');
    expect(texts()).toEqual([{ source_id: 'r1', text }, { source_id: 'r2', text: 'second' }]);
  });

  it('says in a dry run that the file is UTF-16 and is converted', async () => {
    const file = writeFile('unicode-text.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id\ttext\r\nr1\tsecond\r\n', 'utf16le')]));
    const result = await cli('import', file, '--format', 'csv', '--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(', 1 post would be imported');
    expect(result.stderr).toContain('unicode-text.txt: read as UTF-16LE (converted to UTF-8)');
    expect(fs.existsSync(db)).toBe(false);
  });

  it('reads UTF-16BE with a BOM', async () => {
    const file = writeFile('be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(`id,text\n1,"${text.replace(/"/g, '""')}"\n`)]));
    const result = await cli('import', file, '--no-classify');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('UTF-16BE');
    expect(texts()).toEqual([{ source_id: '1', text }]);
  });

  it('recognises UTF-16LE without a BOM by its NUL bytes', async () => {
    const file = writeFile('nobom.ndjson', Buffer.from(`{"id":"1","text":"${text.replace(/"/g, '\\"')}"}\n`, 'utf16le'));
    const result = await cli('import', file, '--no-classify');
    expect(result.code).toBe(0);
    expect(texts()).toEqual([{ source_id: '1', text }]);
  });

  it('reads a UTF-16 survey export with the column flags', async () => {
    const tsv = `Respondent\tYour idea\r\n7\t${excelCell(text)}\r\n`;
    const file = writeFile('survey.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]));
    const result = await cli('import', file, '--id-column', 'Respondent', '--text-column', 'Your idea', '--no-classify');
    expect(result.code).toBe(0);
    expect(texts()).toEqual([{ source_id: expect.stringMatching(/^7:/) as unknown as string, text }]);
  });
});

describe('a header naming a column twice', () => {
  it('is refused, naming the column and the line; nothing is imported', async () => {
    const before = await withExistingPost();
    const result = await cli('import', writeFile('dup.csv', 'id,text,Text\n1,first answer,second answer\n'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/dup\.csv:1: the header names the column "text" twice; rename one of them/);
    expect(dumpDb(db)).toBe(before);
  });

  it('in a survey export, naming the twice-named column is refused with its positions', async () => {
    const result = await cli('import', writeFile('survey.csv', 'ID,Idea,Idea\n1,first,second\n'), '--id-column', 'ID', '--text-column', 'Idea');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/survey\.csv:1: .*--text-column "Idea" names 2 columns \(#2, #3\)/);
    expect(fs.existsSync(db)).toBe(false);
  });
});
