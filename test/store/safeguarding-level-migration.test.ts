/**
 * Migration 10 gives the flags already stored a level (S4), and the safeguarding lead's queue reads
 * people's flags first, then disclosures, then concerns. Driven through the CLI on a file the last
 * release (schema 9) wrote: the lead's first command after the upgrade is `safeguarding`.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/database';
import { SCHEMA_VERSION } from '../../src/store/migrations';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';

let tmp: ReturnType<typeof makeTempDir>;
let file: string;
beforeEach(() => {
  tmp = makeTempDir();
  file = tmp.file('v9.db');
});
afterEach(() => tmp.cleanup());

const AT = '2026-11-01T00:00:00.000Z';

interface OldPost {
  readonly id: string;
  /** The classification's flag and score. */
  readonly flag: 0 | 1;
  readonly score: number | null;
  readonly state: 'machine-clear' | 'machine-flagged' | 'person-flagged';
  /** The screening's score: a standing flag keeps the highest score that ever raised it. */
  readonly screeningScore: number | null;
}

const OLD_POSTS: readonly OldPost[] = [
  { id: 'urgent', flag: 1, score: 0.7, state: 'machine-flagged', screeningScore: 0.7 },
  // Raised by an earlier model at 0.9; the latest scores it 0.3, a concern. The old queue put it first.
  { id: 'was-higher', flag: 1, score: 0.3, state: 'machine-flagged', screeningScore: 0.9 },
  { id: 'no-score', flag: 1, score: null, state: 'machine-flagged', screeningScore: null },
  { id: 'clear', flag: 0, score: 0.01, state: 'machine-clear', screeningScore: 0.01 },
  { id: 'person', flag: 0, score: 0.01, state: 'person-flagged', screeningScore: 0.01 },
  { id: 'doubt', flag: 1, score: 0.45, state: 'machine-flagged', screeningScore: 0.45 },
];

/** A schema-9 database as the last release wrote it. */
function writeVersion9(): void {
  const db = new Database(file);
  migrate(db, 9);
  for (const post of OLD_POSTS) {
    const { id } = db
      .prepare(`INSERT INTO posts (source, source_id, text, url, first_seen_at, updated_at) VALUES ('survey', ?, ?, ?, ?, ?) RETURNING id`)
      .get(post.id, `text of ${post.id}`, `https://example.org/${post.id}`, AT, AT) as { id: number };
    db.prepare(
      `INSERT INTO classifications (post_id, post_revision, outcomes, scores, safeguarding, safeguarding_score, codebook_version, model_version, classified_at)
       VALUES (?, 1, '2;3', '{}', ?, ?, '2017.1.1', '2017.1.1+old', ?)`,
    ).run(id, post.flag, post.score, AT);
    db.prepare(`INSERT INTO screenings (post_id, state, revision, score, decided_by, decided_at, decided_revision, updated_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?)`).run(
      id,
      post.state,
      post.screeningScore,
      post.state === 'person-flagged' ? 'DSL Jo' : null,
      post.state === 'person-flagged' ? AT : null,
      post.state === 'person-flagged' ? 1 : null,
      AT,
    );
  }
  db.close();
}

describe('migration 10 on a schema-9 database', () => {
  it('keeps every row and gives each stored flag its level', async () => {
    writeVersion9();
    const result = await runCli(['--db', file, 'safeguarding', '--json'], { cwd: tmp.dir });
    expect(result.code, result.stderr).toBe(0);

    // Upgraded through 10 to the newest schema: later migrations run on the same first command.
    expect(queryDb(file, 'PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }]);
    const rows = queryDb<{ id: string; text: string; outcomes: string; safeguarding: number; level: string | null }>(
      file,
      `SELECT p.source_id AS id, p.text, c.outcomes, c.safeguarding, c.safeguarding_level AS level FROM posts p JOIN classifications c ON c.post_id = p.id ORDER BY p.id`,
    );
    expect(rows.map((r) => [r.id, r.level])).toEqual([
      ['urgent', 'disclosure'],
      ['was-higher', 'concern'],
      ['no-score', 'disclosure'],
      ['clear', null],
      ['person', null],
      ['doubt', 'concern'],
    ]);
    expect(rows.every((r) => r.text === `text of ${r.id}` && r.outcomes === '2;3')).toBe(true);
    expect(queryDb(file, 'SELECT count(*) AS n FROM screenings')).toEqual([{ n: OLD_POSTS.length }]);
    expect(queryDb(file, 'SELECT count(*) AS n FROM classification_changes')).toEqual([{ n: 0 }]);
  });

  it("orders the lead's queue: people's flags, then disclosures, then concerns, each by score", async () => {
    writeVersion9();
    const result = await runCli(['--db', file, 'safeguarding', '--json'], { cwd: tmp.dir });
    expect(result.code, result.stderr).toBe(0);
    const queue = JSON.parse(result.stdout) as Array<{ post: string; state: string; level: string | null; text: string }>;
    expect(queue.map((item) => [item.post, item.level])).toEqual([
      ['survey:person', null],
      ['survey:urgent', 'disclosure'],
      ['survey:no-score', 'disclosure'],
      ['survey:was-higher', 'concern'],
      ['survey:doubt', 'concern'],
    ]);
    const human = await runCli(['--db', file, 'safeguarding'], { cwd: tmp.dir });
    expect(human.stdout).toMatch(/survey:urgent .*DISCLOSURE \(urgent\)/);
    expect(human.stdout).toMatch(/survey:doubt .*concern/);
  });
});
