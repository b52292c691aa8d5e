// `summary` and `report` over 100,000 classified posts (seconds, peak RSS). Rows are inserted with bare
// SQL, since import speed is measured elsewhere. Target: each under 30 s and 500 MB on 2 cores.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, measureCli, median, report, tempDir } from './lib/util.mjs';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const { openDatabase } = require(path.join(ROOT, 'dist/store/database.js'));

const POSTS = 100_000;
const RUNS = 3;
const dir = tempDir('report');
const dbFile = path.join(dir, 'report.db');
openDatabase(dbFile).close();

const places = ['Truro', 'Penzance', 'Camborne', 'Redruth', 'St Austell', 'Bodmin', 'Liskeard', 'Newquay', 'Falmouth', 'Bude', 'Looe', 'Tresco', 'Mylor Bridge', 'St Ives'];
const phrases = ['youth club open late', 'CAMHS waiting list', 'buses to college', 'family hub early help', 'school counsellor', 'apprenticeships and jobs', 'safe place to go', 'SEND support and EHCP', 'housing for care leavers', 'volunteering in the community'];
const sources = ['x', 'facebook', 'survey', 'event'];
const kinds = ['post', 'reply', 'comment', 'response', 'retweet'];

const db = new Database(dbFile);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const now = new Date().toISOString();
const author = db.prepare(`INSERT INTO authors (source, source_author_id, handle, updated_at) VALUES (?, ?, ?, ?)`);
const post = db.prepare(`INSERT INTO posts (source, source_id, kind, created_at, author_id, text, first_seen_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
const classification = db.prepare(`INSERT INTO classifications (post_id, post_revision, outcomes, scores, safeguarding, confidence, tone, codebook_version, model_version, classified_at) VALUES (?, 1, ?, '{}', ?, ?, 'neutral', 'bench', 'bench', ?)`);
db.transaction(() => {
  const authorIds = [];
  for (let a = 0; a < 8000; a += 1) authorIds.push(author.run(sources[a % 4], `u${a}`, `user${a}`, now).lastInsertRowid);
  for (let i = 0; i < POSTS; i += 1) {
    const a = (i * 7) % 8000;
    const text = `We need ${phrases[i % 10]} in ${places[i % 14]} and ${phrases[(i * 3) % 10]}, because ${phrases[(i * 7) % 10]} matters to us (${i}). Call 07700 900${String(i % 1000).padStart(3, '0')}`;
    const created = new Date(Date.UTC(2017, 2, 1) + (i % 200) * 86_400_000 + i).toISOString();
    const id = post.run(sources[a % 4], `b-${i}`, kinds[i % 5], created, authorIds[a], text, now, now).lastInsertRowid;
    classification.run(id, `${1 + (i % 5)}${i % 3 === 0 ? `;${1 + ((i + 2) % 5)}` : ''}`, i % 97 === 0 ? 1 : 0, 0.4 + (i % 60) / 100, now);
  }
})();
db.close();

const summaryRuns = Array.from({ length: RUNS }, () => measureCli(['--db', dbFile, 'summary', '--by', 'week']));
report('summary over 100k posts', { seconds: median(summaryRuns.map((r) => r.seconds)), peakRssMb: Math.max(...summaryRuns.map((r) => r.maxRssMb)), target: '< 30 s, < 500 MB' });
const reportRuns = Array.from({ length: RUNS }, (_, i) => measureCli(['--db', dbFile, 'report', '--out', path.join(dir, `report-${i}.html`)]));
report('HTML report over 100k posts', { seconds: median(reportRuns.map((r) => r.seconds)), peakRssMb: Math.max(...reportRuns.map((r) => r.maxRssMb)), target: '< 30 s, < 500 MB' });
fs.rmSync(dir, { recursive: true, force: true });
