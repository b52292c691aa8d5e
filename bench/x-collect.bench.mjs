// Collect 20,000 posts from the fake X API (recent search) through the real CLI and client.
// Targets: requests made = ceil(posts / 100) (the minimum for recent search). Reports posts/s ingested by
// the X run (from its run record) and the whole command's time, which includes what collect does afterwards.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, median, report, tempDir } from './lib/util.mjs';

const require = createRequire(import.meta.url);
const { startFakeXApi } = require(path.join(ROOT, 'dist/fakes/x-api.js'));
const { generateXDataSet } = require(path.join(ROOT, 'dist/fakes/x-data.js'));
const Database = require('better-sqlite3');

const POSTS = 20_000;
const RUNS = 3;
const TOKEN = 'bench-bearer-token-not-secret';
const dir = tempDir('x-collect');
const data = generateXDataSet(POSTS);

/** Like measureCli, but asynchronous: the fake server lives in this process and must keep answering. */
function measureCollect(db, baseUrl) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bench/lib/measure-cli.cjs'), '--db', db, 'collect', '--source', 'x'], {
      env: { ...process.env, X_BEARER_TOKEN: TOKEN, X_API_BASE_URL: baseUrl, X_SEARCH: 'recent', BENCH_QUIET_STDOUT: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stderr.split('\n').find((l) => l.startsWith('MEASURE '));
      if (code !== 0 || !line) return reject(new Error(`collect failed (${code}):\n${stderr.slice(-2000)}`));
      resolve(JSON.parse(line.slice('MEASURE '.length)));
    });
  });
}

/** The X run's own duration from its run record: the command also does other work after collecting. */
function xRunSeconds(file) {
  const db = new Database(file, { readonly: true });
  try {
    const run = db.prepare(`SELECT started_at AS s, ended_at AS e FROM runs WHERE source = 'x' ORDER BY id DESC LIMIT 1`).get();
    return (Date.parse(run.e) - Date.parse(run.s)) / 1000;
  } finally {
    db.close();
  }
}

const runs = [];
for (let i = 0; i < RUNS; i += 1) {
  const api = await startFakeXApi({ data, token: TOKEN });
  try {
    const db = path.join(dir, `x-${i}.db`);
    const measured = await measureCollect(db, api.url);
    runs.push({ ...measured, runSeconds: xRunSeconds(db), requests: api.searchRequests().length, served: api.postsServed });
  } finally {
    await api.close();
  }
}
const minimum = Math.ceil(POSTS / 100);
const requests = Math.max(...runs.map((r) => r.requests));
if (requests !== minimum || runs.some((r) => r.served !== POSTS)) {
  process.stderr.write(`x-collect: expected ${minimum} requests and ${POSTS} posts served, got ${JSON.stringify(runs)}\n`);
  process.exitCode = 1;
}
report('collect 20k posts from the fake X API', {
  requests,
  minimumRequests: minimum,
  postsPerSecond: POSTS / median(runs.map((r) => r.runSeconds)),
  wholeCommandSeconds: median(runs.map((r) => r.seconds)),
  peakRssMb: Math.max(...runs.map((r) => r.maxRssMb)),
  target: `requests = ${minimum}`,
});
fs.rmSync(dir, { recursive: true, force: true });
