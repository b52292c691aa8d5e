/**
 * A typed import's `url` column is whatever the file said. When it names a person (their X handle in a
 * status link, their Facebook or Instagram profile, their e-mail address), the analyst's outputs must
 * not carry it beside the pseudonym: an X status link becomes the handle-free form, anything else that
 * names someone is left empty. A plain link (the survey's own response page) stays.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import { useScratchDatabase } from '../helpers/scratch';

const { scratch, ok } = useScratchDatabase();

const ROWS = [
  'id,text,created_at,author,url',
  'u1,More youth clubs in Truro please,2017-04-01,Kim Lee,https://twitter.com/kimlee99/status/872020292695430122',
  'u2,Mental health help for teens in Bodmin,2017-04-01,Sam,https://www.facebook.com/profile.php?id=100012345678',
  'u3,Jobs for young people in Newquay,2017-04-01,Al,https://www.instagram.com/al_kernow99/',
  'u4,Cheaper buses to college in Bude,2017-04-01,Jo,mailto:jo.trevail@example.org',
  'u5,A skate park in Redruth,2017-04-01,Di,https://www.smartsurvey.co.uk/s/youth2017/r/5',
].join('\n');
/** Every sheet's cells. read-excel-file is an ES module; the tests compile as CommonJS, so it is loaded with import(). */
async function readWorkbook(file: string): Promise<unknown> {
  const { default: read } = (await import('read-excel-file/node')) as unknown as { default: (file: string) => Promise<unknown> };
  return read(file);
}

const LEAKS = /kimlee99|profile\.php|100012345678|al_kernow99|trevail|example\.org/i;

it("keeps people's handles, profiles and addresses in a typed url out of the CSV, the workbook and explain --json", async () => {
  fs.writeFileSync(scratch.tmp.file('links.csv'), `${ROWS}\n`);
  await ok('import', scratch.tmp.file('links.csv'), '--source', 'event');

  const csv = await ok('export');
  expect(csv).not.toMatch(LEAKS);
  const urls = new Map((parse(csv, { columns: true }) as Array<Record<string, string>>).map((r) => [r.source_id, r.url]));
  expect(urls.get('u1')).toBe('https://x.com/i/web/status/872020292695430122');
  expect(urls.get('u2')).toBe('');
  expect(urls.get('u3')).toBe('');
  expect(urls.get('u4')).toBe('');
  expect(urls.get('u5')).toBe('https://www.smartsurvey.co.uk/s/youth2017/r/5');

  await ok('export', '--format', 'xlsx', '--out', scratch.tmp.file('posts.xlsx'));
  expect(JSON.stringify(await readWorkbook(scratch.tmp.file('posts.xlsx')))).not.toMatch(LEAKS);

  for (const id of ['u1', 'u2', 'u3', 'u4']) expect(await ok('explain', `event:${id}`, '--json')).not.toMatch(LEAKS);

  // Asked for, the analyst gets the link as the file gave it.
  expect(await ok('export', '--include-authors')).toContain('https://twitter.com/kimlee99/status/872020292695430122');
});

it('keeps a known handle out of the CSV and the report when it is written to hide: invisible characters, full-width or look-alike letters, a mirror site, a link', async () => {
  const rows = [
    { id: 'a1', text: 'We need more youth clubs', author: 'jenny_p99', created_at: '2017-05-01' },
    { id: 'b1', text: 'ask jenny\u200b_p99 about youth clubs', created_at: '2017-05-02' },
    { id: 'b2', text: 'ask jen\u00adny_p99 about youth clubs', created_at: '2017-05-02' },
    { id: 'b3', text: 'ask \uff4a\uff45\uff4e\uff4e\uff59_p99 about youth clubs', created_at: '2017-05-02' },
    { id: 'b4', text: 'youth clubs: see https://x.com./jenny_p99 and https://nitter.net/jenny_p99', created_at: '2017-05-02' },
    { id: 'b5', text: 'love #jenny_p99 and youth clubs', created_at: '2017-05-02' },
    { id: 'b6', text: 'youth clubs in Truro', created_at: '2017-05-02', url: 'https://nitter.net/jenny_p99/status/2' },
  ];
  fs.writeFileSync(scratch.tmp.file('hide.ndjson'), rows.map((r) => JSON.stringify(r)).join('\n'));
  await ok('import', scratch.tmp.file('hide.ndjson'));
  // What a reader would take for the handle: its letters with anything invisible or look-alike read as plain.
  const shown = (text: string) => text.normalize('NFKC').replace(/[\u00ad\u200b-\u200f\u2060]/g, '');
  const csv = await ok('export');
  const exported = parse(csv, { columns: true }) as Array<Record<string, string>>;
  expect(exported.filter((r) => r.source_id?.startsWith('b')).map((r) => `${r.source_id}: ${shown(`${r.text} ${r.url}`)}`).filter((line) => /jenny|p99/i.test(line))).toEqual([]);
  await ok('report', '--format', 'md', '--out', scratch.tmp.file('report.md'));
  expect(shown(fs.readFileSync(scratch.tmp.file('report.md'), 'utf8'))).not.toMatch(/jenny|p99/i);
});
