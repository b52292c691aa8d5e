// Classification at 100k posts (issue 15 item 5), on real-shaped text: the bundled responses, every
// seventh with a hashtag of its own so the word caches meet new words, every fourth a reply to the post
// before it (scored with its parent in view).
//   - `import` (which classifies) against `import --no-classify` of the same file: target <= 1.5x.
//   - `onevision classify --all` over the 100k: wall time and peak RSS, target RSS < 250 MB.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, measureCli, median, report, tempDir } from './lib/util.mjs';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const { readTrainingFile } = require(path.join(ROOT, 'dist/cli/classifier.js'));

const POSTS = 100_000;
const RUNS = 3;
const dir = tempDir('classify-100k');
const file = path.join(dir, 'posts.ndjson');

const texts = ['train.csv', 'test.csv'].flatMap((name) => readTrainingFile(path.join(ROOT, 'data/training', name)).map((row) => row.text));
const lines = [];
for (let i = 0; i < POSTS; i += 1) {
  const text = `${texts[i % texts.length]}${i % 7 === 0 ? ` #Truro${i}` : ''}`;
  lines.push(JSON.stringify({ id: `c-${i}`, text, created_at: new Date(Date.UTC(2017, 2, 1) + i * 60_000).toISOString(), author: `user${i % 5000}` }));
}
fs.writeFileSync(file, lines.join('\n'));

// Alternating, so a busy spell on a shared machine slows both rather than skewing the ratio.
const bare = [];
const classified = [];
for (let i = 0; i < RUNS; i += 1) {
  bare.push(measureCli(['--db', path.join(dir, `bare-${i}.db`), 'import', '--no-classify', file]));
  classified.push(measureCli(['--db', path.join(dir, `classified-${i}.db`), 'import', file]));
}
const bareSeconds = median(bare.map((r) => r.seconds));
const classifiedSeconds = median(classified.map((r) => r.seconds));
const cpuTimes = median(classified.map((r) => r.cpuSeconds)) / median(bare.map((r) => r.cpuSeconds));
report('import 100k bundled-text posts: with classification vs --no-classify (medians of 3, alternating)', {
  noClassifySeconds: bareSeconds,
  classifySeconds: classifiedSeconds,
  times: classifiedSeconds / bareSeconds,
  // The same ratio in CPU seconds, steadier when other work shares the machine.
  cpuTimes,
  peakRssMb: Math.max(...classified.map((r) => r.maxRssMb)),
  target: '<= 1.5x',
});

// NDJSON carries no threads, so replies are linked in SQL: every fourth post answers the one before.
const dbFile = path.join(dir, `classified-${RUNS - 1}.db`);
const db = new Database(dbFile);
db.prepare(`UPDATE posts SET parent_source_id = 'c-' || (CAST(substr(source_id, 3) AS INTEGER) - 1), kind = 'reply' WHERE CAST(substr(source_id, 3) AS INTEGER) % 4 = 3`).run();
db.close();
const all = Array.from({ length: RUNS }, () => measureCli(['--db', dbFile, 'classify', '--all']));
report('onevision classify --all, 100k posts (a quarter of them replies)', {
  seconds: median(all.map((r) => r.seconds)),
  cpuSeconds: median(all.map((r) => r.cpuSeconds)),
  postsPerSecond: POSTS / median(all.map((r) => r.seconds)),
  peakRssMb: Math.max(...all.map((r) => r.maxRssMb)),
  target: 'peak RSS < 250 MB',
});
fs.rmSync(dir, { recursive: true, force: true });
