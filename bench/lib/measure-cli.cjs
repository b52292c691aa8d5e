// Runs the built CLI in this process and reports wall time and peak RSS on stderr as a JSON line,
// so a benchmark can measure one command without counting the benchmark's own memory.
const { run } = require('../../dist/cli/main.js');
const { createContext } = require('../../dist/cli/context.js');
const started = process.hrtime.bigint();
const devNull = require('node:fs').createWriteStream('/dev/null');
const quiet = process.env.BENCH_QUIET_STDOUT === '1';
run(process.argv, createContext(quiet ? { stdout: devNull } : {})).then((code) => {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = process.resourceUsage();
  const maxRssMb = usage.maxRSS / 1024;
  // CPU time (all threads): on a shared machine it moves far less than wall time when others are busy.
  const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  process.stderr.write(`\nMEASURE ${JSON.stringify({ code, seconds, cpuSeconds, maxRssMb })}\n`);
  process.exitCode = code;
});
