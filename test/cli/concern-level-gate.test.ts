/**
 * S4: a concern is a flag like a disclosure. The gate withholds a concern-level post's text from every
 * bulk output, exactly as it withholds a disclosure's; only the safeguarding lead reads it. The model
 * is the default one with its disclosure level out of reach, so every flag it raises is a concern.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { CLEAR_POSTS, SHARED_WORD, WITHHELD_PREFIX } from './gate-matrix-fixture';
import { activateEditedModel } from './model-fixture';

/** Three, so that a word they share could become a distinctive term if their text leaked into counting. */
const CONCERNS = [
  ['k1', `my stepdad hits me when he drinks and I'm scared to go home in Camborne, I need counselling ${WITHHELD_PREFIX}k1 ${SHARED_WORD}`],
  ['k2', `my mum's boyfriend locks me in my room without food in Redruth and I feel anxious all the time ${WITHHELD_PREFIX}k2 ${SHARED_WORD}`],
  ['k3', `my uncle hits me and my little sister in Truro when he is drunk, I don't feel safe at home ${WITHHELD_PREFIX}k3 ${SHARED_WORD}`],
] as const;

const OUTPUTS: ReadonlyArray<{ command: string; out?: string }> = [
  { command: 'export' },
  { command: 'export --outcome 2' },
  { command: 'export --outcome 3' },
  { command: 'export --pivot week' },
  { command: 'export --pivot place --out places.csv', out: 'places.csv' },
  { command: 'summary' },
  { command: 'summary --json' },
  { command: 'report --format md --out report.md', out: 'report.md' },
  { command: 'report --format html --out report.html', out: 'report.html' },
  { command: 'review --json' },
  { command: 'explain survey:k1' },
  { command: 'explain survey:k2 --json' },
];

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir });

beforeAll(async () => {
  tmp = makeTempDir('onevision-concern-');
  db = tmp.file('onevision.db');
  activateEditedModel(db, 'concerns-only', (model) => {
    model.safeguarding.disclosureThreshold = 1.01;
    if (model.safeguarding.level) model.safeguarding.level = { threshold: 1.01 };
  });
  const rows = [...CLEAR_POSTS.map((text, i) => [`ok${i + 1}`, text] as const), ...CONCERNS];
  const cell = (value: string) => `"${value.replace(/"/g, '""')}"`;
  const csv = rows.map(([id, text], i) => [id, text, `writer${i}`, `2017-05-${String(1 + i).padStart(2, '0')}T10:00:00Z`].map(cell).join(','));
  fs.writeFileSync(tmp.file('responses.csv'), ['id,text,author,created_at', ...csv].join('\n') + '\n');
  const imported = await cli('import', tmp.file('responses.csv'));
  expect(imported.code, imported.stderr).toBe(0);
}, 60_000);
afterAll(() => tmp?.cleanup());

describe('a concern-level flag', () => {
  it('is stored as a concern and screened as a machine flag', () => {
    const rows = queryDb<{ id: string; level: string | null; state: string }>(
      db,
      `SELECT p.source_id AS id, c.safeguarding_level AS level, s.state FROM posts p JOIN classifications c ON c.post_id = p.id JOIN screenings s ON s.post_id = p.id
        WHERE p.source_id LIKE 'k%' ORDER BY p.source_id`,
    );
    expect(rows).toEqual(CONCERNS.map(([id]) => ({ id, level: 'concern', state: 'machine-flagged' })));
  });

  for (const output of OUTPUTS) {
    it(`is withheld from onevision ${output.command}`, async () => {
      const result = await runCli(['--db', db, ...output.command.split(' ')], { cwd: tmp.dir });
      expect(result.code, result.stderr).toBe(0);
      const written = output.out ? fs.readFileSync(tmp.file(output.out), 'utf8') : '';
      const all = `${result.stdout}\n${result.stderr}\n${written}`.toLowerCase();
      expect(all.trim().length).toBeGreaterThan(0);
      for (const word of [WITHHELD_PREFIX, SHARED_WORD, 'stepdad', 'boyfriend']) expect(all, word).not.toContain(word);
    });
  }

  it('is listed for the safeguarding lead, in full, with its level', async () => {
    const result = await cli('safeguarding', '--json');
    expect(result.code, result.stderr).toBe(0);
    const queue = JSON.parse(result.stdout) as Array<{ post: string; level: string; text: string }>;
    expect(queue.map((item) => item.post).sort()).toEqual(CONCERNS.map(([id]) => `survey:${id}`));
    expect(queue.every((item) => item.level === 'concern' && item.text.includes(WITHHELD_PREFIX))).toBe(true);
  });

  it('is counted by level in status, for the lead to see at a glance, with no text', async () => {
    const json = await cli('status', '--json');
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).safeguarding).toEqual({ waiting: 3, disclosures: 0, concerns: 3, peoplesFlags: 0 });
    const text = await cli('status');
    expect(text.stdout).toContain('safeguarding: 3 flags waiting for the lead: 3 concerns (see `onevision safeguarding`)');
    expect(text.stdout).not.toContain(WITHHELD_PREFIX);
  });
});
