/**
 * Issue 12, item 3: pseudonymisation that holds. X posts (a twarc2 import) and Facebook comments and
 * replies (collected from the loopback Graph API) name known people in every form people write them;
 * no default output may carry a handle, a full display name, an e-mail address or a phone number, and
 * the known person's pseudonym stands where they were named.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGraphApi, type FakePageData } from '../../src/fakes/graph-api';
import { createTermCounter, toTerms } from '../../src/report/terms';
import { ROOT, makeTempDir, runCli, type CliResult } from '../helpers/cli';

const FIXTURES = path.join(ROOT, 'test/fixtures/gate');
const X_FILE = path.join(FIXTURES, 'pseudonyms-x.jsonl');
const FACEBOOK = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'pseudonyms-facebook.json'), 'utf8')) as FakePageData;
const TOKEN = 'EAAFAKEPSEUDONYMS0123456789';

type Row = Record<string, string>;
const csvRows = (text: string) => parse(text, { columns: true }) as Row[];

/** Everyone the fixtures know: X users from the pages' includes, Facebook commenters from `from`. */
function knownPeople(): { handles: string[]; names: string[] } {
  const handles = new Set<string>();
  const names = new Set<string>();
  for (const line of fs.readFileSync(X_FILE, 'utf8').trim().split('\n')) {
    const page = JSON.parse(line) as { includes: { users: Array<{ username: string; name: string }> } };
    for (const user of page.includes.users) {
      handles.add(user.username);
      names.add(user.name);
    }
  }
  const comments = FACEBOOK.posts.flatMap((p) => (p.comments ?? []).flatMap((c) => [c, ...(c.replies ?? [])]));
  for (const c of comments) if (c.from && c.from.id !== FACEBOOK.page.id) names.add(c.from.name);
  // Display names of two words or more, emoji left off ("Senara Bolitho 🌻" is written "Senara Bolitho").
  const fullNames = [...names].map((n) => n.replace(/[^\p{L}\p{M}\s'’-]/gu, '').trim()).filter((n) => n.split(/\s+/).length >= 2);
  return { handles: [...handles], names: fullNames };
}

const PEOPLE = knownPeople();
/** Every piece of an identifier written into the fixtures' texts; none may reach a default output. */
const LEAKS: Array<[string, RegExp]> = [
  ...PEOPLE.handles.map((h): [string, RegExp] => [`handle ${h}`, new RegExp(h, 'i')]),
  ...PEOPLE.names.map((n): [string, RegExp] => [`display name ${n}`, new RegExp(n.replace(/\s+/g, '\\s+'), 'i')]),
  ['an unknown person\'s handle', /porthleven_pol/i],
  ['a Facebook profile', /demelza\.tonkin|profile\.php/i],
  ['Jenny, in any form', /jenny/i],
  ['Pascoe, in any form', /pascoe/i],
  ['Kit\'s handle, in part', /kitto|surfs/i],
  ['Tonkin', /tonkin/i],
  ['the e-mail address', /example\.org/i],
  // Digits not inside a longer number or a pseudonym's hex, so post ids and pseudonyms never match.
  ['a phone number', /(?<![\da-f])(?:900 ?461|7700|960 ?318|01632)(?![\da-f])/i],
  ['a full-width at sign', /＠/],
  ['an X link naming an account', /(?:x|twitter)\.com\/(?!i\/web\/status\/\d)/i],
];

function expectNoLeaks(output: string, where: string): void {
  for (const [what, pattern] of LEAKS) {
    const found = pattern.exec(output);
    expect(found, `${where} leaks ${what}: …${found ? output.slice(Math.max(0, found.index - 60), found.index + 60) : ''}…`).toBeNull();
  }
}

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
const cli = (...args: string[]): Promise<CliResult> => runCli(['--db', db, ...args], { cwd: tmp.dir });
async function ok(...args: string[]): Promise<string> {
  const result = await cli(...args);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

/** The default outputs, produced once. */
const out: Record<string, string> = {};
let plain: Row[];
let withAuthors: Row[];
let raw: Map<string, Row>;

beforeAll(async () => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
  expect((await cli('import', X_FILE)).code).toBe(0);
  const api = await startFakeGraphApi({ data: FACEBOOK, token: TOKEN, maxLimit: 5 });
  try {
    const collected = await runCli(['--db', db, 'collect', '--source', 'facebook', '--json'], {
      cwd: tmp.dir,
      env: { FB_PAGE_TOKEN: TOKEN, FB_GRAPH_BASE_URL: api.url, FB_PAGE_ID: 'CornwallCT' },
    });
    expect(collected.code, collected.stderr).toBe(0);
  } finally {
    await api.close();
  }
  // The classifier flags some ordinary posts here (it errs towards the lead); a person clears them, so
  // every text is released and what is tested is redaction, whatever the bundled model flags.
  const screened = csvRows(await ok('export', '--include-flagged'));
  for (const r of screened.filter((row) => row.screening !== 'machine-clear')) await ok('label', `${r.source}:${r.source_id}`, '--safeguarding', 'no', '--by', 'Analyst Sam');
  out.export = await ok('export');
  out.exportOutcome2 = await ok('export', '--outcome', '2');
  out.summary = await ok('summary');
  out.summaryJson = await ok('summary', '--json');
  out.reviewJson = await ok('review', '--json', '--limit', '500');
  for (const format of ['html', 'md']) {
    const file = tmp.file(`report.${format}`);
    await ok('report', '--format', format, '--out', file);
    out[`report.${format}`] = fs.readFileSync(file, 'utf8');
  }
  plain = csvRows(out.export);
  withAuthors = csvRows(await ok('export', '--include-authors'));
  raw = new Map(withAuthors.map((r) => [r.source_id!, r]));
}, 90_000);
afterAll(() => tmp.cleanup());

const rowsWhoseTextHas = (pattern: RegExp) => plain.filter((r) => pattern.test(raw.get(r.source_id!)!.text!));
const authorOf = (handleOrName: string) => {
  const ids = withAuthors.filter((r) => r.author === handleOrName).map((r) => r.source_id);
  const pseudonyms = new Set(plain.filter((r) => ids.includes(r.source_id)).map((r) => r.author));
  expect(pseudonyms.size, `one pseudonym for ${handleOrName}`).toBe(1);
  return [...pseudonyms][0]!;
};

describe('the test data', () => {
  it('holds every post, all screened clear, so every text is released and redaction is what is tested', () => {
    expect(plain.filter((r) => r.source === 'x')).toHaveLength(57);
    expect(plain.filter((r) => r.source === 'facebook')).toHaveLength(11);
    expect(plain.filter((r) => r.screening !== 'machine-clear' && r.screening !== 'person-cleared').map((r) => `${r.source_id} ${r.screening}`)).toEqual([]);
  });

  it('would show each handle and name form among the distinctive terms if that form alone leaked', () => {
    // Scored as the summary scores terms: the posts with this form unredacted, every other post as released.
    const released = new Map(plain.map((r) => [r.source_id!, r]));
    const forms: Array<[string, string]> = [
      ['@ jenny_p99', 'jenny'],
      ['＠jenny_p99', 'jenny'],
      ['x.com/jenny_p99', 'jenny'],
      ['twitter.com/jenny_p99', 'jenny'],
      ['kitto_surfs', 'kitto'],
      ['jenny.pascoe@example.org', 'pascoe'],
      ['Jenny Pascoe', 'jenny'],
      ['Demelza Tonkin', 'demelza'],
    ];
    for (const [form, token] of forms) {
      const counter = createTermCounter();
      for (const row of withAuthors) {
        if (row.own_account === '1') continue;
        const text = row.text!.includes(form) ? row.text! : released.get(row.source_id!)!.text!.replace(/person-[0-9a-f]{12}|@\[user\]|\[(?:email|phone|link) removed\]/g, ' ');
        counter.add(toTerms(text), row.outcomes ? row.outcomes.split(';').map(Number) : []);
      }
      const top = [...counter.top([1, 2, 3, 4, 5], 10).values()].flat().map((t) => t.term);
      expect(top.filter((term) => term.split(' ').includes(token)), `a leak of "${form}" would show as a term with "${token}"`).not.toEqual([]);
    }
  });
});

describe('default outputs carry no identifier in any form', () => {
  it.each([
    ['export', 'export'],
    ['export --outcome 2', 'exportOutcome2'],
    ['summary', 'summary'],
    ['summary --json', 'summaryJson'],
    ['review --json', 'reviewJson'],
    ['report --format html', 'report.html'],
    ['report --format md', 'report.md'],
  ])('%s', (where, key) => {
    expect(out[key]!.length).toBeGreaterThan(200);
    expectNoLeaks(out[key]!, where);
  });

  it('export --outcome 2 has the outcome 2 posts that named Jenny, so its check above means something', () => {
    const rows = csvRows(out.exportOutcome2!);
    expect(rows.filter((r) => /jenny/i.test(raw.get(r.source_id!)!.text!)).length).toBeGreaterThanOrEqual(10);
  });

  it('summary and report terms hold no part of a handle, name or e-mail address', () => {
    const model = JSON.parse(out.summaryJson!) as { outcomes: Array<{ outcome: number; terms: string[] }> };
    const terms = model.outcomes.flatMap((o) => o.terms);
    expect(terms.length).toBeGreaterThan(20);
    expect(terms.filter((t) => /jenny|p99|pascoe|kitto|surfs|demelza|tonkin|senara|bolitho|porthleven|example|\borg\b/i.test(t))).toEqual([]);
    // The ordinary words around them are still counted.
    expect(model.outcomes.find((o) => o.outcome === 1)?.terms).toContain('carers');
  });

  it('explain prints the same pseudonymised text as the export', async () => {
    for (const form of [/@ jenny_p99/, /＠jenny_p99/, /x\.com\/jenny_p99/, /kitto_surfs/, /^Demelza Tonkin/, /jenny\.pascoe@/, /960318/]) {
      const row = rowsWhoseTextHas(form)[0]!;
      const explained = await ok('explain', `${row.source}:${row.source_id}`);
      expectNoLeaks(explained, `explain ${row.source}:${row.source_id}`);
      expect(explained).toContain(row.text!.replace(/^'/, ''));
    }
  });
});

describe('what stands in their place', () => {
  it('authors are pseudonyms, and X links point at the post without the handle', () => {
    for (const row of plain) expect(row.author).toMatch(/^person-[0-9a-f]{12}$/);
    for (const row of plain.filter((r) => r.source === 'x')) expect(row.url).toBe(`https://x.com/i/web/status/${row.source_id}`);
    for (const row of plain.filter((r) => r.source === 'facebook')) expect(row.url).toMatch(/^https:\/\/www\.facebook\.com\/CornwallCT\/posts\/\d+(\?comment_id=\d+(&reply_comment_id=\d+)?)?$/);
  });

  it("a known person's handle, link and full name become the pseudonym in their own author column", () => {
    const jenny = authorOf('jenny_p99');
    const named = rowsWhoseTextHas(/[@＠]\s?jenny_p99|(?:x|twitter)\.com\/(?:#!\/)?jenny_p99|jenny\s+pascoe/i);
    expect(named.length).toBeGreaterThanOrEqual(30);
    for (const row of named) expect(row.text, raw.get(row.source_id!)!.text).toContain(jenny);

    const kit = authorOf('kitto_surfs');
    const bare = rowsWhoseTextHas(/kitto_surfs/);
    expect(bare).toHaveLength(4);
    for (const row of bare) expect(row.text).toContain(kit);

    // A Facebook reply that opens with the name of the person answered.
    const demelza = authorOf('Demelza Tonkin');
    const replies = rowsWhoseTextHas(/^Demelza Tonkin /);
    expect(replies).toHaveLength(4);
    for (const row of replies) expect(row.text).toMatch(new RegExp(`^${demelza} `));

    // A display name with an emoji is still the same person's name.
    const senara = authorOf('senara_b');
    for (const row of rowsWhoseTextHas(/Senara Bolitho/)) expect(row.text).toContain(senara);
  });

  it('the pseudonym in a report quote is the one in the export', () => {
    const jenny = authorOf('jenny_p99');
    expect(out['report.md']).toContain(jenny);
  });

  it("someone the database does not know is @[user]; e-mail addresses and phone numbers are removed", () => {
    const unknown = rowsWhoseTextHas(/@porthleven_pol/);
    expect(unknown).toHaveLength(3);
    for (const row of unknown) expect(row.text).toContain('@[user]');
    const emails = rowsWhoseTextHas(/jenny\.pascoe@example\.org/);
    expect(emails).toHaveLength(5);
    for (const row of emails) expect(row.text).toContain('[email removed]');
    const phones = rowsWhoseTextHas(/900461|960318/);
    expect(phones).toHaveLength(5);
    for (const row of phones) expect(row.text).toContain('[phone removed]');
  });

  it('a one-word display name that is an everyday word leaves the word alone', () => {
    const hopeful = rowsWhoseTextHas(/\bhope\b/);
    expect(hopeful).toHaveLength(3);
    for (const row of hopeful) expect(row.text).toBe(raw.get(row.source_id!)!.text);
  });
});

describe('--include-authors, the escape hatch', () => {
  it('keeps handles, real links and names', () => {
    const jennys = withAuthors.filter((r) => r.author === 'jenny_p99');
    expect(jennys).toHaveLength(2);
    for (const row of jennys) expect(row.url).toBe(`https://x.com/jenny_p99/status/${row.source_id}`);
    const text = withAuthors.map((r) => r.text).join('\n');
    for (const written of ['@jenny_p99', '@ jenny_p99', '＠jenny_p99', '.@jenny_p99', 'x.com/jenny_p99', 'kitto_surfs', 'jenny.pascoe@example.org', '07700 900461', 'Demelza Tonkin totally agree']) {
      expect(text).toContain(written);
    }
    expect(withAuthors.find((r) => r.text!.startsWith('Demelza Tonkin totally'))?.author).toBe('Jory Penhaligon');
  });
});
