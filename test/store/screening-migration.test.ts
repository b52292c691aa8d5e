/** Migration 7 turns the old flags (a label's, else the classification's) into screening states. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate } from '../../src/store/database';
import { makeTempDir } from '../helpers/cli';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

const UPDATED = '2026-11-01T00:00:00.000Z';
const BEFORE = '2026-10-01T00:00:00.000Z';
const AFTER = '2026-11-02T00:00:00.000Z';

interface OldPost {
  id: string;
  revision: number;
  machine?: { flag: 0 | 1; revision: number };
  person?: { flag: 0 | 1; at: string };
}

/** A version-6 database as the last release wrote it, with the posts given. */
function version6(posts: readonly OldPost[]): Database.Database {
  const db = new Database(tmp.file('v6.db'));
  migrate(db, 6);
  for (const post of posts) {
    const { id } = db
      .prepare(`INSERT INTO posts (source, source_id, text, revision, first_seen_at, updated_at) VALUES ('survey', ?, 'text', ?, ?, ?) RETURNING id`)
      .get(post.id, post.revision, UPDATED, UPDATED) as { id: number };
    if (post.machine) {
      db.prepare(`INSERT INTO classifications (post_id, post_revision, outcomes, scores, safeguarding, safeguarding_score, codebook_version, model_version, classified_at)
                  VALUES (?, ?, '', '{}', ?, 0.5, 'c', 'm', ?)`).run(id, post.machine.revision, post.machine.flag, UPDATED);
    }
    if (post.person) db.prepare(`INSERT INTO labels (post_id, outcomes, safeguarding, labelled_by, labelled_at) VALUES (?, '', ?, 'dsl', ?)`).run(id, post.person.flag, post.person.at);
  }
  return db;
}

describe('migration 7: screening states from the old flags', () => {
  it.each<[string, OldPost, string | null, number | null]>([
    ['never classified: no row (awaiting)', { id: 'a', revision: 1 }, null, null],
    ['machine clear', { id: 'b', revision: 1, machine: { flag: 0, revision: 1 } }, 'machine-clear', 1],
    ['machine flag, nobody decided', { id: 'c', revision: 1, machine: { flag: 1, revision: 1 } }, 'machine-flagged', 1],
    ['machine flag on an older revision still stands', { id: 'd', revision: 2, machine: { flag: 1, revision: 1 } }, 'machine-flagged', 1],
    ['a person flagged it', { id: 'e', revision: 1, machine: { flag: 0, revision: 1 }, person: { flag: 1, at: AFTER } }, 'person-flagged', 1],
    ['a person cleared this text', { id: 'f', revision: 1, machine: { flag: 1, revision: 1 }, person: { flag: 0, at: AFTER } }, 'person-cleared', 1],
    ['a person cleared it, then the post changed and was flagged again', { id: 'g', revision: 2, machine: { flag: 1, revision: 2 }, person: { flag: 0, at: BEFORE } }, 'machine-flagged', 2],
    ['a person cleared it, then the post changed, not yet classified', { id: 'h', revision: 2, machine: { flag: 0, revision: 1 }, person: { flag: 0, at: BEFORE } }, 'machine-clear', 1],
  ])('%s', (_name, post, state, revision) => {
    const db = version6([post]);
    migrate(db);
    const row = db.prepare(`SELECT s.state, s.revision, s.decided_by AS decidedBy FROM screenings s JOIN posts p ON p.id = s.post_id WHERE p.source_id = ?`).get(post.id) as
      | { state: string; revision: number; decidedBy: string | null }
      | undefined;
    expect(row?.state ?? null).toBe(state);
    expect(row?.revision ?? null).toBe(revision);
    if (post.person) expect(row?.decidedBy).toBe('dsl');
    const columns = (db.pragma('table_info(labels)') as Array<{ name: string }>).map((c) => c.name);
    expect(columns).not.toContain('safeguarding');
    db.close();
  });
});
