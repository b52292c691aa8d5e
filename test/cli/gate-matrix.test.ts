/**
 * The gate matrix (issue 12): a canary disclosure in each screening state × every output command.
 * Text may leave only for clear posts; `safeguarding` shows the standing flags to the safeguarding
 * lead, `export --include-flagged` shows everything, and counts still count every post.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { TRAIN_TIMEOUT_MS, makeTempDir, runCli, type CliResult } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { findExportRow } from '../helpers/export-rows';
import {
  CANARIES,
  CLEAR_POSTS,
  SHARED_WORD,
  TOTAL_POSTS,
  WITHHELD_PREFIX,
  buildMatrixDatabase,
  isListedForLead,
  isWithheld,
  machineVerdict,
  urlOf,
  type Built,
  type Canary,
} from './gate-matrix-fixture';

// ── The outputs ────────────────────────────────────────────────────────────────────────────────

/** What an output may show: no withheld text, the standing flags (for the lead), or everything. */
type Shows = 'no withheld text' | 'standing flags' | 'everything';

interface Output {
  readonly command: string;
  readonly shows: Shows;
  /** The file it writes, relative to the temporary folder (its cwd). */
  readonly out?: string;
  /** Keys typed on stdin. */
  readonly input?: string;
  /** Must show the person-cleared canary's text. */
  readonly showsCleared?: boolean;
}

const REVIEW_KEYS = `${'s'.repeat(40)}q`;

const OUTPUTS: readonly Output[] = [
  { command: 'export', shows: 'no withheld text', showsCleared: true },
  { command: 'export --outcome 2', shows: 'no withheld text', showsCleared: true },
  { command: 'export --outcome 3', shows: 'no withheld text' },
  { command: 'export --pivot week', shows: 'no withheld text' },
  { command: 'export --pivot month', shows: 'no withheld text' },
  { command: 'export --pivot place --out places.csv', out: 'places.csv', shows: 'no withheld text' },
  { command: 'export --format xlsx --out posts.xlsx', out: 'posts.xlsx', shows: 'no withheld text', showsCleared: true },
  { command: 'export --include-flagged', shows: 'everything' },
  { command: 'summary', shows: 'no withheld text' },
  { command: 'summary --json', shows: 'no withheld text' },
  { command: 'report --format html --out report.html', out: 'report.html', shows: 'no withheld text' },
  { command: 'report --format md --out report.md', out: 'report.md', shows: 'no withheld text' },
  { command: 'review --json', shows: 'no withheld text' },
  { command: 'review --by tester', input: REVIEW_KEYS, shows: 'no withheld text' },
  { command: 'changes --text', shows: 'no withheld text' },
  { command: 'changes --text --json', shows: 'no withheld text' },
  { command: 'safeguarding', shows: 'standing flags' },
  { command: 'safeguarding --json', shows: 'standing flags' },
];

/** `explain` for each withheld canary, in both forms; each must hide that canary's text and matched words. */
const EXPLAINS = CANARIES.filter(isWithheld).flatMap((c) => [
  { command: `explain survey:${c.id}`, canary: c },
  { command: `explain survey:${c.id} --json`, canary: c },
]);

// ── Running them once ──────────────────────────────────────────────────────────────────────────

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
let built: Built;

// The fixture runs `train` once, which may take minutes on a loaded 2-core machine.
const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir, timeoutMs: TRAIN_TIMEOUT_MS });

interface Seen {
  readonly result: CliResult;
  /** stdout, stderr and the written file, together. */
  readonly all: string;
}

const runs = new Map<string, Promise<Seen>>();

/** Each output command runs once, against the finished database. */
function seen(output: { command: string; out?: string; input?: string }): Promise<Seen> {
  let run = runs.get(output.command);
  if (!run) {
    run = runCli(['--db', db, ...output.command.split(' ')], { cwd: tmp.dir, input: output.input }).then(async (result) => {
      const file = output.out && fs.existsSync(tmp.file(output.out)) ? await readOutput(tmp.file(output.out)) : '';
      return { result, all: `${result.stdout}\n${result.stderr}\n${file}` };
    });
    runs.set(output.command, run);
  }
  return run;
}

/** A written file as text; a workbook is zipped, so its cells are read back, every sheet. */
async function readOutput(file: string): Promise<string> {
  if (!file.endsWith('.xlsx')) return fs.readFileSync(file, 'utf8');
  // read-excel-file is an ES module; the tests compile as CommonJS, so it is loaded with import().
  const { default: read } = (await import('read-excel-file/node')) as unknown as { default: (file: string) => Promise<Array<{ data: unknown[][] }>> };
  return (await read(file)).flatMap((sheet) => sheet.data.map((row) => row.join('\t'))).join('\n');
}

async function inPairs<T>(items: readonly T[], task: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  };
  await Promise.all([worker(), worker()]);
}

beforeAll(async () => {
  tmp = makeTempDir('onevision-gate-matrix-');
  db = tmp.file('onevision.db');
  built = await buildMatrixDatabase(cli, db, tmp.file);
  // Every output reads the finished database, two at a time (SQLite waits for the exports' own writes).
  await inPairs([...OUTPUTS, ...EXPLAINS], (output) => seen(output));
}, 2 * TRAIN_TIMEOUT_MS);
afterAll(() => tmp?.cleanup());

/** Each word found in `all` (case-insensitive), with the text around it, to say what leaked where. */
function found(all: string, words: readonly string[]): string[] {
  const lower = all.toLowerCase();
  return words.flatMap((word) => {
    const at = lower.indexOf(word.toLowerCase());
    return at < 0 ? [] : [`"${word}" in …${all.slice(Math.max(0, at - 80), at + word.length + 40).replace(/\s+/g, ' ')}…`];
  });
}

const stateOf = (c: Canary) => `${c.id} ${c.state} (${c.story})`;

// ── The matrix ─────────────────────────────────────────────────────────────────────────────────

function expectation(output: Output, c: Canary): 'shows' | 'withholds' | null {
  if (output.shows === 'everything') return 'shows';
  if (output.shows === 'standing flags') return isListedForLead(c) ? 'shows' : 'withholds';
  if (isWithheld(c)) return 'withholds';
  return output.showsCleared ? 'shows' : null;
}

describe('the gate matrix: output × canary', () => {
  for (const output of OUTPUTS) {
    describe(`onevision ${output.command}`, () => {
      it('exits 0 and writes something', async () => {
        const { result, all } = await seen(output);
        expect(result.code, result.stderr).toBe(0);
        expect(all.trim().length).toBeGreaterThan(0);
        if (output.out) expect(fs.existsSync(tmp.file(output.out)), output.out).toBe(true);
      });

      for (const c of CANARIES) {
        const wanted = expectation(output, c);
        if (wanted === 'shows') {
          it(`shows     ${stateOf(c)}`, async () => {
            expect(found((await seen(output)).all, [c.sentinel]), c.sentinel).toHaveLength(1);
          });
        } else if (wanted === 'withholds') {
          it(`withholds ${stateOf(c)}`, async () => {
            expect(found((await seen(output)).all, [c.sentinel])).toEqual([]);
          });
        }
      }

      // A unique sentinel can never become a "distinctive term" (a term needs three posts); the word
      // every withheld canary shares can. Neither it nor any piece of a withheld sentinel may appear.
      if (output.shows === 'no withheld text') {
        it('shows no word the withheld posts share', async () => {
          expect(found((await seen(output)).all, [SHARED_WORD, WITHHELD_PREFIX])).toEqual([]);
        });
      }
    });
  }
});

describe('explain withholds the text and the words it matched', () => {
  for (const { command, canary } of EXPLAINS) {
    it(`onevision ${command}: ${stateOf(canary)}`, async () => {
      const { result, all } = await seen({ command });
      expect(result.code, result.stderr).toBe(0);
      expect(all).toContain('withheld');
      expect(found(all, [canary.sentinel, SHARED_WORD, ...canary.tells])).toEqual([]);
    });
  }
});

// ── The states the matrix rests on ─────────────────────────────────────────────────────────────

type CsvRow = Record<string, string>;
const exportRows = async () => parse((await seen({ command: 'export' })).result.stdout, { columns: true }) as CsvRow[];
const byId = (rows: CsvRow[], id: string) => findExportRow(rows, db, 'survey', id);

describe('each canary is in the state its row names (plain export)', () => {
  it('the export keeps the contracted first columns', async () => {
    const header = (await seen({ command: 'export' })).result.stdout.split(/\r?\n/)[0] ?? '';
    expect(header.split(',').slice(0, 13)).toEqual(['source', 'source_id', 'created_at', 'author', 'text', 'url', 'outcomes', 'safeguarding', 'confidence', 'tone', 'places', 'screening', 'own_account']);
  });

  for (const c of CANARIES) {
    it(stateOf(c), async () => {
      const row = byId(await exportRows(), c.id);
      expect(row, `survey:${c.id} in the export`).toBeDefined();
      expect(row?.screening).toBe(c.state);
      expect(row?.safeguarding).toBe(c.state === 'awaiting' ? '' : isListedForLead(c) ? '1' : '0');
      if (isWithheld(c)) {
        expect(row?.text).toContain('withheld');
        expect(row?.text).not.toContain(c.sentinel);
        // Its id would lead to its text on the platform: a stand-in, withheld with the text.
        expect(row?.source_id).toMatch(/^withheld-[0-9a-f]{12}$/);
        expect(row?.post).toBe(`survey:${row?.source_id}`);
      } else {
        expect(row?.text).toContain(c.sentinel);
        expect(row?.source_id).toBe(c.id);
      }
    });
  }

  it('export --include-flagged gives every canary its own id', async () => {
    const rows = parse((await seen({ command: 'export --include-flagged' })).result.stdout, { columns: true }) as CsvRow[];
    for (const c of CANARIES) expect(rows.find((r) => r.source_id === c.id)?.post, c.id).toBe(`survey:${c.id}`);
  });

  it('the ordinary posts are machine-clear and shown', async () => {
    const rows = await exportRows();
    CLEAR_POSTS.forEach((text, i) => expect(byId(rows, `ok${i + 1}`)).toMatchObject({ screening: 'machine-clear', safeguarding: '0', text }));
  });

  it('the never-classified canary has no classification at all', () => {
    expect(machineVerdict(db, 'c1')).toBeUndefined();
  });

  // Case 5: the retrained model really said "clear" for the canary, and (above) its flag still stands.
  it('the retrain lowered the machine verdict on c5 from 1 to 0 (classifications.safeguarding)', () => {
    expect(built.retrainedVerdict).toEqual({ before: 1, after: 0 });
    expect(machineVerdict(db, 'c5')).toBe(0);
  });
});

// ── Who sees what, and what is counted ─────────────────────────────────────────────────────────

describe('the safeguarding lead sees every standing flag in full', () => {
  it('safeguarding --json lists exactly the flagged canaries, with text, real permalink and author', async () => {
    const list = JSON.parse((await seen({ command: 'safeguarding --json' })).result.stdout) as Array<Record<string, unknown>>;
    const canaryPosts = new Set(CANARIES.map((c) => `survey:${c.id}`));
    const listed = list.map((e) => String(e.post)).filter((p) => canaryPosts.has(p));
    expect(listed.sort()).toEqual(CANARIES.filter(isListedForLead).map((c) => `survey:${c.id}`).sort());
    for (const c of CANARIES.filter(isListedForLead)) {
      expect(list.find((e) => e.post === `survey:${c.id}`)).toMatchObject({ permalink: urlOf(c.id), author: c.author, text: c.text });
    }
  });

  it('safeguarding in the terminal shows each flagged post with its real author and permalink', async () => {
    const { stdout } = (await seen({ command: 'safeguarding' })).result;
    for (const c of CANARIES.filter(isListedForLead)) {
      expect(stdout).toContain(urlOf(c.id));
      expect(stdout).toContain(c.author);
    }
  });
});

describe('counts still count withheld posts', () => {
  it('summary --json totals.posts counts every post', async () => {
    const summary = JSON.parse((await seen({ command: 'summary --json' })).result.stdout) as { totals: { posts: number } };
    expect(summary.totals.posts).toBe(TOTAL_POSTS);
  });

  it('the plain export has a row for every post', async () => {
    expect(await exportRows()).toHaveLength(TOTAL_POSTS);
  });

  for (const command of ['export --pivot week', 'export --pivot month']) {
    it(`${command} counts every post`, async () => {
      const rows = parse((await seen({ command })).result.stdout, { columns: true }) as CsvRow[];
      expect(rows.reduce((sum, r) => sum + Number(r.posts), 0)).toBe(TOTAL_POSTS);
    });
  }
});

describe('review queues only clear posts', () => {
  it('review --json holds no withheld post, only machine-clear or person-cleared ones', async () => {
    const queue = JSON.parse((await seen({ command: 'review --json' })).result.stdout) as Array<{ post: string }>;
    expect(queue.length).toBeGreaterThan(0);
    const screening = new Map((await exportRows()).map((r) => [`${r.source}:${r.source_id}`, r.screening]));
    for (const { post } of queue) expect(['machine-clear', 'person-cleared'], post).toContain(screening.get(post));
    for (const c of CANARIES.filter(isWithheld)) expect(queue.map((q) => q.post)).not.toContain(`survey:${c.id}`);
  });

  it('review in the terminal shows its cards (on stderr), so its matrix row means something', async () => {
    const { stderr } = (await seen({ command: 'review --by tester', input: REVIEW_KEYS })).result;
    expect(CLEAR_POSTS.some((text) => stderr.includes(text))).toBe(true);
  });

  it('skipping through the queue recorded no label', () => {
    expect(queryDb(db, 'SELECT 1 FROM labels WHERE labelled_by = ?', 'tester')).toEqual([]);
  });
});
