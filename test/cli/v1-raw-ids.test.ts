/**
 * A Twitter v1.1 status writes its ids twice, as a string (`id_str`) and as a bare number (`id`,
 * `in_reply_to_status_id`, `quoted_status_id`, `user.id`…) past 2^53, which JSON.parse rounds. When
 * onevision rewrites a stored status (forget scrubbing someone out of it, compliance dropping geo, a
 * re-import scrubbed by the erasure ledger), every number left in it is still the one X wrote.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeXApi } from '../../src/fakes/x-api';
import { FIXTURES, TOKEN, fixtureDataSet, xEnv } from '../collectors/x-setup';
import { queryDb } from '../helpers/db';
import { useScratchDatabase } from '../helpers/scratch';

/**
 * Invented people, as twarc 1 writes them: Morwenna's post, the hub's geo-tagged drop-in, Kerensa's
 * reply to Morwenna quoting the drop-in, a retweet of that reply, and the hub quoting Morwenna.
 */
const FILE = path.join(FIXTURES, 'twarc1_big_ids.jsonl');
const LINES = fs.readFileSync(FILE, 'utf8').trimEnd().split('\n');
const [BUS, DROP_IN, REPLY, RETWEET, QUOTE] = ['1531911551185846373', '1531933592253366474', '1531939292312502575', '1531957516563382676', '1531976353182646777'];
const MORWENNA = '1402003004005006007';

/** The line of the file holding this status. */
function lineOf(id: string): string {
  const line = LINES.find((l) => l.includes(`"id_str": "${id}"`));
  if (line === undefined) throw new Error(`no status ${id} in ${FILE}`);
  return line;
}

/**
 * The bare integers of 16 digits or more (the ids) in a JSON text, in order, as written. Strings are
 * matched whole and skipped, so an `id_str` or an id in a URL is not counted.
 */
function bigNumbersIn(json: string): string[] {
  const tokens = json.match(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g) ?? [];
  return tokens.filter((t) => /^\d{16,}$/.test(t));
}

const { scratch, ok, cliWith } = useScratchDatabase();

function storedRaw(id: string): string {
  const [row] = queryDb<{ raw: string }>(scratch.db, `SELECT raw FROM posts WHERE source = 'x' AND source_id = ?`, id);
  if (row === undefined) throw new Error(`post x:${id} is not stored`);
  return row.raw;
}

const storedIds = () => queryDb<{ id: string }>(scratch.db, `SELECT source_id AS id FROM posts ORDER BY 1`).map((r) => r.id);

describe('forget on a v1.1 import', () => {
  it("scrubs Morwenna out of the reply and the retweet and keeps every other id in them exactly as X wrote it", async () => {
    await ok('import', FILE, '--no-classify');
    expect(storedRaw(REPLY)).toBe(lineOf(REPLY));

    const forgotten = JSON.parse(await ok('forget', '--author', '@morwennat', '--json')) as { postRefs: string[]; status: string };
    expect(forgotten.postRefs.sort()).toEqual([`x:${BUS}`, `x:${QUOTE}`]);
    expect(forgotten.status).toBe('wiped');
    expect(storedIds()).toEqual([DROP_IN, REPLY, RETWEET]);

    for (const id of [REPLY, RETWEET]) {
      const raw = storedRaw(id);
      expect(raw).not.toMatch(/morwenna|Tregear/i);
      expect(raw).not.toContain(MORWENNA);
      // Her id goes (in_reply_to_user_id, her mention); the reply's, the post it answers, the drop-in's and the hub's stay, digit for digit.
      expect(bigNumbersIn(raw)).toEqual(bigNumbersIn(lineOf(id)).filter((n) => n !== MORWENNA));
    }
    expect(storedRaw(REPLY)).toContain(`"in_reply_to_status_id":${BUS}`);
    expect(storedRaw(REPLY)).toContain(`"quoted_status_id":${DROP_IN}`);
    expect(storedRaw(DROP_IN)).toBe(lineOf(DROP_IN));
  });

  it('a re-import, scrubbed by the erasure ledger, stores the same exact numbers', async () => {
    await ok('import', FILE, '--no-classify');
    await ok('forget', '--author', '@morwennat');
    const afterForget = [REPLY, RETWEET].map(storedRaw);

    await ok('import', FILE, '--no-classify');
    expect(storedIds()).toEqual([DROP_IN, REPLY, RETWEET]);
    expect([REPLY, RETWEET].map(storedRaw)).toEqual(afterForget);
  });
});

describe('compliance dropping geo from a v1.1 import', () => {
  it("removes the drop-in's location wherever it is carried, and keeps every id exactly as X wrote it", async ({ onTestFinished }) => {
    const api = await startFakeXApi({ data: fixtureDataSet(), token: TOKEN, compliance: { pollsInProgress: 0 } });
    onTestFinished(() => api.close());
    await ok('import', FILE, '--no-classify');
    api.compliance.setResults({ [DROP_IN]: 'scrub_geo' });

    const result = await cliWith({ env: xEnv(api.url) }, 'compliance', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'complete', geoScrubbed: [`x:${DROP_IN}`], erasedPosts: 0 });

    // The drop-in itself, the reply quoting it and the retweet carrying both.
    for (const id of [DROP_IN, REPLY, RETWEET]) {
      const raw = storedRaw(id);
      expect(raw).not.toMatch(/-5\.0527|50\.2632|"place":\{/);
      expect(bigNumbersIn(raw)).toEqual(bigNumbersIn(lineOf(id)));
    }
    expect(storedRaw(BUS)).toBe(lineOf(BUS));
  });
});

