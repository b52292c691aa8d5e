// npm run bench: runs every bench/*.bench.mjs in its own process (so peak RSS is its own), prints a
// table, and writes bench/out/results.json with the machine and date for BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './lib/util.mjs';

const only = process.argv.slice(2);
const files = fs
  .readdirSync(path.join(ROOT, 'bench'))
  .filter((f) => f.endsWith('.bench.mjs') && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort();
const results = [];
for (const file of files) {
  process.stderr.write(`running ${file}…\n`);
  const child = spawnSync(process.execPath, ['--expose-gc', path.join(ROOT, 'bench', file)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28 });
  if (child.status !== 0) {
    process.stderr.write(`${file} failed with exit ${child.status}\n`);
    process.exitCode = 1;
    continue;
  }
  for (const line of child.stdout.split('\n')) if (line.startsWith('RESULT ')) results.push(JSON.parse(line.slice(7)));
}
const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
fs.mkdirSync(path.join(ROOT, 'bench/out'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench/out/results.json'), JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2));
console.log(`machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GB, Node ${machine.node}`);
for (const r of results) {
  const { name, ...figures } = r;
  console.log(`${name}: ${Object.entries(figures).map(([k, v]) => `${k}=${typeof v === 'number' ? +v.toFixed(3) : JSON.stringify(v)}`).join(', ')}`);
}
