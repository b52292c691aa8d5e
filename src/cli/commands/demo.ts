/**
 * The newcomer's first run: the whole job on the bundled sample, with no credentials. The sample is
 * served through the same loopback fake X and Graph APIs the tests use, so the real collectors,
 * classifier, report and export run exactly as they would against the platforms.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { COLLECTORS } from '../../collectors';
import { readConfig, type Config } from '../../config';
import { UpstreamError } from '../../errors';
import { startFakeGraphApi, type FakePageData } from '../../fakes/graph-api';
import { startFakeXApi } from '../../fakes/x-api';
import type { XDataSet } from '../../fakes/x-search';
import { deleteDatabaseFiles, openDatabase, replaceDatabase } from '../../store/database';
import type { CommandContext } from '../context';
import { printResult } from '../output';
import { loadSummary } from '../summaries';
import { openGate } from '../gate';
import { collectWithLease, withStopSignals } from './collect';
import { writePostsCsv } from './export';
import { importFile } from './import';
import { writeReport } from './report';
import { shellQuote } from '../shell';
import { plural } from '../../core/words';

const PACKAGE_ROOT = path.resolve(__dirname, '..', '..', '..');
const SAMPLE_DIR = path.join(PACKAGE_ROOT, 'data', 'sample');
const BIN = path.join(PACKAGE_ROOT, 'bin', 'onevision');
/** A young person's post in the bundled sample that explain has words for: why it got outcome 2, and why not 4. */
const SAMPLE_POST = 'x:847190756291510306';
const SAMPLE_WINDOW = { since: '2017-03-01T00:00:00.000Z', until: '2017-10-01T00:00:00.000Z' };
// Stand-ins the fakes accept; never real credentials.
const DEMO_X_TOKEN = 'demo-x-bearer-token';
const DEMO_FB_TOKEN = 'demo-page-token';

export interface DemoResult {
  database: string;
  report: string;
  csv: string;
  sources: Array<{ source: string; outcome: string; posts: number }>;
  posts: number;
  /** Of the posts, the campaign's own (left out of the counts per outcome). */
  ownPosts: number;
  classified: number;
  outcomes: Array<{ outcome: number; name: string; posts: number }>;
  flaggedForSafeguarding: number;
  /** Commands to run next on the demo's database, as they can be pasted from here. */
  next: Array<{ command: string; what: string }>;
}

export function registerDemo(program: Command, context: CommandContext): void {
  program
    .command('demo')
    .description('Run the whole job on the bundled sample (no credentials): collect, classify, report, export')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Creates a separate demo database (data/demo/ beside your database, replaced on every run; a desk
already serving it shows the new run), serves the bundled 2017 sample through local fake X and
Facebook APIs on 127.0.0.1, runs the real collect path against them, imports the survey answers,
classifies everything, and writes an HTML report and a CSV into the reports folder. Your own
database is not touched.

Examples:
  $ onevision demo
  $ onevision demo --json`,
    )
    .action(async (flags: { json?: boolean }, command: Command) => {
      const config = context.config(command);
      const result = await withStopSignals(context, (signal) => runDemo(config, signal, context));
      printResult(context, flags.json, result, renderDemo(result));
    });
}

/**
 * Builds the demo beside its database and only then puts it in place, so that a desk serving the
 * demo database (as the closing hints suggest) sees the new run instead of files deleted under it.
 * Built in the same folder: the logs (beside the database) land where they always have.
 */
async function runDemo(userConfig: Config, signal: AbortSignal, context: CommandContext): Promise<DemoResult> {
  const database = path.join(path.dirname(userConfig.dbPath), 'demo', 'onevision-demo.db');
  const building = `${database}.building-${process.pid}`;
  deleteDatabaseFiles(building);
  try {
    const result = await buildDemo(userConfig, { building, database }, signal, context);
    await replaceDatabase(building, database);
    return result;
  } finally {
    deleteDatabaseFiles(building);
  }
}

async function buildDemo(userConfig: Config, files: DemoFiles, signal: AbortSignal, context: CommandContext): Promise<DemoResult> {
  const x = await startFakeXApi({ data: readSample<XDataSet>('x-search.json'), token: DEMO_X_TOKEN });
  const graph = await startFakeGraphApi({ data: readSample<FakePageData>('facebook-page.json'), token: DEMO_FB_TOKEN, maxLimit: 25 });
  try {
    const config = demoConfig(userConfig, files.building, x.url, graph.url);
    context.say(`demo: serving the bundled sample on ${x.url} (X) and ${graph.url} (Facebook)`);
    const { summaries: runs, followUpError } = await collectWithLease(config, COLLECTORS, { ...SAMPLE_WINDOW, maxWaitMs: 60_000 }, { wait: false, signal }, context);
    if (followUpError !== undefined) throw followUpError;
    const failed = runs.filter((r) => r.outcome === 'failed');
    if (failed.length > 0) throw new UpstreamError(`demo collection failed: ${failed.map((r) => `${r.source}: ${r.message}`).join('; ')}`, 'This is a bug in onevision: please report it.');
    const survey = importFile(config, path.join(SAMPLE_DIR, 'survey-2017.csv'), { source: 'survey' }, context);
    const sources = [...runs.map((r) => ({ source: r.source, outcome: `collected (${r.outcome})`, posts: r.run?.fetched ?? 0 })), { source: 'survey and events', outcome: 'imported', posts: survey.new + survey.updated + survey.unchanged }];
    return writeOutputs(config, files.database, sources, context);
  } finally {
    await Promise.all([x.close(), graph.close()]);
  }
}

/** Where the demo is built (config.dbPath while it runs) and where it then goes, the path to tell the user. */
interface DemoFiles {
  readonly building: string;
  readonly database: string;
}

async function writeOutputs(config: Config, database: string, sources: DemoResult['sources'], context: CommandContext): Promise<DemoResult> {
  const db = openDatabase(config.dbPath);
  try {
    const now = context.now();
    const gate = openGate(db, config);
    const report = writeReport(db, gate, { format: 'html', reportsDir: config.reportsDir, filter: {}, now });
    const csv = await writePostsCsv(db, gate, { filter: {}, out: path.join(config.reportsDir, 'onevision-demo.csv') }, context);
    const everything = loadSummary(db, gate, {}, { words: false, includeOwn: true }).summary.totals;
    const { summary } = loadSummary(db, gate, {}, { words: false });
    return {
      database,
      report: report.path,
      csv: csv.path,
      sources,
      posts: everything.posts,
      ownPosts: summary.totals.ownLeftOut,
      classified: everything.classified,
      outcomes: summary.outcomes.map((o) => ({ outcome: o.outcome, name: o.name, posts: o.posts })),
      flaggedForSafeguarding: everything.flagged,
      next: toNextCommands(database, process.cwd()),
    };
  } finally {
    db.close();
  }
}

function demoConfig(userConfig: Config, database: string, xUrl: string, graphUrl: string): Config {
  return readConfig(
    { db: database },
    {
      ONEVISION_REPORTS: userConfig.reportsDir,
      X_BEARER_TOKEN: DEMO_X_TOKEN,
      X_SEARCH: 'all',
      X_QUERY: '#CIoSOneVision',
      X_API_BASE_URL: xUrl,
      FB_PAGE_ID: 'CornwallCT',
      FB_PAGE_TOKEN: DEMO_FB_TOKEN,
      FB_GRAPH_BASE_URL: graphUrl,
    },
  );
}

function readSample<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(SAMPLE_DIR, name), 'utf8')) as T;
}

/**
 * What to try next, written so it runs as printed from where the demo ran: `npx onevision` in the
 * project folder (the binary is not on PATH after `npm install`), else node and the binary's path,
 * and always --db, since the demo's database is not the default one.
 */
export function toNextCommands(database: string, cwd: string): DemoResult['next'] {
  const onevision = path.resolve(cwd) === PACKAGE_ROOT ? 'npx onevision' : `node ${shellQuote(BIN)}`;
  const relative = path.relative(cwd, database);
  const db = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : database;
  const run = (args: string) => `${onevision} --db ${shellQuote(db)} ${args}`;
  return [
    { command: run('serve'), what: 'the review desk at http://127.0.0.1:8080/ (Ctrl-C stops it)' },
    { command: run('summary'), what: 'posts, voices and top terms per outcome' },
    { command: run('safeguarding'), what: 'the posts flagged for the safeguarding lead' },
    { command: run(`explain ${SAMPLE_POST}`), what: 'why a post got its outcomes' },
    { command: run('status'), what: 'posts per source and the last collection runs' },
  ];
}

function renderDemo(result: DemoResult): string {
  const lines = [
    `demo database: ${result.database}`,
    ...result.sources.map((s) => `  ${s.source}: ${s.outcome}, ${plural(s.posts, 'post')}`),
    `${plural(result.posts, 'post')} (${result.ownPosts} by the campaign itself), ${result.classified} classified; ${result.flaggedForSafeguarding} flagged for the safeguarding lead`,
    "residents' posts per outcome (a post can count in two):",
    ...result.outcomes.map((o) => `  ${o.outcome}. ${o.name}: ${o.posts}`),
    '',
    `report: ${result.report}`,
    `CSV:    ${result.csv}`,
    '',
    "next, on the demo's database:",
    ...result.next.flatMap((n) => [`  # ${n.what}`, `  ${n.command}`]),
  ];
  return lines.join('\n');
}
