/**
 * A small consultation for summary and report tests: posts imported through the CLI, then classified,
 * labelled, retweeted and deleted with direct SQL (the classifier is another module's business).
 * Known traps are planted: flagged posts with the highest confidence, contact details, a stale
 * classification, a retweet, a deleted post and a place too small to show.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { runCli } from '../helpers/cli';

export const FLAGGED_SECRET = 'He hits me when mum is out, please help Zebedee';
export const HUMAN_FLAGGED_SECRET = 'Quietly told the teacher about the bruises, Quentin';
export const STALE_TEXT = 'Edited after classification: the stale one about youth clubs in Truro';
export const PHONE = '07700 900123';
export const EMAIL = 'jo.trelawny@example.org';
export const DELETED_TEXT = 'A deleted post about Truro buses that must never be counted';

interface Row {
  id: string;
  text: string;
  created_at: string;
  author: string;
  source: string;
  outcomes: string;
  safeguarding?: 0 | 1;
  confidence?: number;
}

const THEMES: Array<{ outcomes: string; text: (place: string) => string }> = [
  { outcomes: '1', text: (p) => `Family hubs in ${p} so parents get early help before things go wrong at home.` },
  { outcomes: '2', text: (p) => `Mental health support in schools in ${p}, the CAMHS waiting list is far too long for teenagers.` },
  { outcomes: '4', text: (p) => `Cheaper buses from ${p} to college so young people can stay in education and get apprenticeships.` },
  { outcomes: '5', text: (p) => `A youth club in ${p} open late, somewhere safe to go with volunteering and things to do.` },
  { outcomes: '2;4', text: (p) => `More school counsellors in ${p}, exam stress and mental health go together for pupils.` },
];
// Truro and Penzance clear the small-number threshold; Bryher (Isles of Scilly) does not.
const PLACES = ['Truro', 'Truro', 'Truro', 'Penzance', 'Penzance', 'Bodmin', 'Truro', 'Penzance', 'Bude', 'Newquay'];
const SOURCES = ['survey', 'x', 'facebook', 'survey', 'event'];

function baseRows(): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < 60; i += 1) {
    const theme = THEMES[i % THEMES.length]!;
    const place = i < 58 ? PLACES[i % PLACES.length]! : 'Bryher';
    const day = new Date(Date.UTC(2017, 3, 3) + i * 2 * 86_400_000).toISOString();
    rows.push({ id: `p${i}`, text: `${theme.text(place)} (${i})`, created_at: day, author: `author${i % 23}`, source: SOURCES[i % SOURCES.length]!, outcomes: theme.outcomes, safeguarding: 0, confidence: 0.5 + (i % 10) / 40 });
  }
  return rows;
}

function trapRows(): Row[] {
  return [
    { id: 'flag1', text: `${FLAGGED_SECRET}. I live in Truro and need mental health help.`, created_at: '2017-05-02T10:00:00Z', author: 'kid1', source: 'x', outcomes: '2;3', safeguarding: 1, confidence: 0.99 },
    { id: 'flag2', text: `${HUMAN_FLAGGED_SECRET}, youth club in Truro.`, created_at: '2017-05-03T10:00:00Z', author: 'kid2', source: 'facebook', outcomes: '3;5', safeguarding: 0, confidence: 0.99 },
    { id: 'contact', text: `Call me on ${PHONE} or email ${EMAIL} about family support and early help for parents in Truro please.`, created_at: '2017-05-04T10:00:00Z', author: 'parent1', source: 'survey', outcomes: '1', safeguarding: 0, confidence: 0.98 },
    { id: 'stale', text: STALE_TEXT, created_at: '2017-05-05T10:00:00Z', author: 'kid3', source: 'survey', outcomes: '5', safeguarding: 0, confidence: 0.97 },
    { id: 'rt1', text: 'RT @someone: Family hubs in Truro so parents get early help', created_at: '2017-05-06T10:00:00Z', author: 'author1', source: 'x', outcomes: '1', safeguarding: 0, confidence: 0.9 },
    { id: 'gone', text: DELETED_TEXT, created_at: '2017-05-07T10:00:00Z', author: 'kid4', source: 'x', outcomes: '4', safeguarding: 0, confidence: 0.9 },
    { id: 'new1', text: 'Not classified yet: skate park in Bude', created_at: '2017-05-08T10:00:00Z', author: 'kid5', source: 'survey', outcomes: '' },
  ];
}

/** Creates the database at `db` and returns the rows it planted. */
export async function seedReportDb(db: string, csvFile: string): Promise<Row[]> {
  const rows = [...baseRows(), ...trapRows()];
  // A CSV may not write into a platform's source (x, facebook): those rows go in under a stand-in
  // source and are moved to the platform's below, as if collected.
  const typedSource = (source: string) => (source === 'x' || source === 'facebook' ? `seed-${source}` : source);
  const csv = ['id,text,created_at,author,source', ...rows.map((r) => [r.id, r.text, r.created_at, r.author, typedSource(r.source)].map((c) => `"${c.replace(/"/g, '""')}"`).join(','))].join('\n');
  fs.writeFileSync(csvFile, csv);
  const imported = await runCli(['--db', db, 'import', csvFile]);
  if (imported.code !== 0) throw new Error(imported.stderr);
  const sql = new Database(db);
  try {
    for (const table of ['posts', 'authors']) sql.prepare(`UPDATE ${table} SET source = substr(source, 6) WHERE source IN ('seed-x', 'seed-facebook')`).run();
    classify(sql, rows);
  } finally {
    sql.close();
  }
  return rows;
}

function classify(sql: Database.Database, rows: readonly Row[]): void {
  const idOf = (sourceId: string) => (sql.prepare('SELECT id FROM posts WHERE source_id = ?').get(sourceId) as { id: number }).id;
  // Import may classify on its own; these tests need classifications they chose.
  sql.prepare('DELETE FROM classifications').run();
  const insert = sql.prepare(`INSERT INTO classifications (post_id, post_revision, outcomes, scores, safeguarding, confidence, tone, codebook_version, model_version, classified_at)
    VALUES (?, ?, ?, '{}', ?, ?, 'neutral', 'one-vision-2017.1', 'nb-test', '2017-10-01T00:00:00.000Z')`);
  for (const row of rows) {
    if (row.id === 'new1') continue;
    insert.run(idOf(row.id), 1, row.outcomes, row.safeguarding ?? 0, row.confidence ?? 0.5);
  }
  sql.prepare('DELETE FROM screenings').run();
  const screen = sql.prepare(`INSERT INTO screenings (post_id, state, revision, decided_by, decided_at, decided_revision, updated_at)
    VALUES (?, ?, 1, ?, ?, ?, '2017-10-01T00:00:00.000Z')`);
  for (const row of rows) {
    if (row.id === 'new1' || row.id === 'flag2' || row.id === 'p7') continue;
    screen.run(idOf(row.id), row.safeguarding === 1 ? 'machine-flagged' : 'machine-clear', null, null, null);
  }
  // A person's decisions: flag2 flagged (the machine had not), p7 cleared.
  screen.run(idOf('flag2'), 'person-flagged', 'dsl', '2017-10-02T00:00:00.000Z', 1);
  screen.run(idOf('p7'), 'person-cleared', 'dsl', '2017-10-02T00:00:00.000Z', 1);
  // Labelled after the import, so the label covers the text as stored.
  const label = sql.prepare(`INSERT INTO labels (post_id, post_revision, outcomes, labelled_at) VALUES (?, 1, ?, ?)`);
  const now = new Date().toISOString();
  label.run(idOf('flag2'), '3;5', now);
  label.run(idOf('p7'), '4', now);
  sql.prepare(`UPDATE posts SET revision = 2 WHERE source_id = 'stale'`).run();
  sql.prepare(`UPDATE posts SET kind = 'retweet' WHERE source_id = 'rt1'`).run();
  sql.prepare(`UPDATE posts SET deleted_at = '2017-06-01T00:00:00.000Z' WHERE source_id = 'gone'`).run();
}
