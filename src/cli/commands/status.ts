import fs from 'node:fs';
import type { Command } from 'commander';
import type { XUsageStatus } from '../../collectors/x/usage';
import { loadStandingFlags } from '../../store/alert-facts';
import { schemaVersion, type Db } from '../../store/database';
import { loadSourceStatus, type SourceStatus } from '../../store/posts';
import { loadLastRuns, type RunRecord } from '../../store/runs';
import type { CommandContext } from '../context';
import { printResult, renderTable } from '../output';
import { wordFor } from '../../core/words';
import { openForReading } from '../read-database';

export interface StatusModel {
  database: string;
  exists: boolean;
  schemaVersion: number | null;
  sources: SourceStatus[];
  lastRuns: RunRecord[];
  /** Flags waiting for the safeguarding lead, by level: counts only, so any reader of status may see them. */
  safeguarding: SafeguardingQueueCounts | null;
  /** Monthly X post reads from GET /2/usage/tweets; null when no X token is configured. */
  xUsage: XUsageStatus | null;
}

export interface SafeguardingQueueCounts {
  readonly waiting: number;
  readonly disclosures: number;
  readonly concerns: number;
  /** Flags a person raised on a post the classifier does not flag. */
  readonly peoplesFlags: number;
}

export function registerStatus(program: Command, context: CommandContext): void {
  program
    .command('status')
    .description('Show what the database holds: posts and newest post per source, flags waiting for the safeguarding lead, last collection runs')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExamples:\n  $ onevision status\n  $ onevision --db data/demo/onevision-demo.db status --json')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const config = context.config(command);
      const model = loadStatus(config.dbPath);
      // The X client loads only when there is a token to ask with.
      model.xUsage = config.x.bearerToken ? await loadXUsage().fetchXUsage(config.x, context.now()) : null;
      printResult(context, flags.json, model, renderStatus(model));
    });
}

/** What the database holds; the desk's health page shows the same. */
export function loadStatus(dbPath: string): StatusModel {
  if (!fs.existsSync(dbPath)) return { database: dbPath, exists: false, schemaVersion: null, sources: [], lastRuns: [], safeguarding: null, xUsage: null };
  const db = openForReading(dbPath);
  try {
    const version = schemaVersion(db);
    return {
      database: dbPath,
      exists: true,
      schemaVersion: version,
      sources: version >= 1 ? loadSourceStatus(db) : [],
      lastRuns: version >= 2 ? loadLastRuns(db) : [],
      safeguarding: version >= 10 ? countSafeguardingQueue(db) : null,
      xUsage: null,
    };
  } finally {
    db.close();
  }
}

function countSafeguardingQueue(db: Db): SafeguardingQueueCounts {
  const flags = loadStandingFlags(db);
  const disclosures = flags.filter((f) => f.level === 'disclosure').length;
  const concerns = flags.filter((f) => f.level === 'concern').length;
  return { waiting: flags.length, disclosures, concerns, peoplesFlags: flags.length - disclosures - concerns };
}

function renderStatus(model: StatusModel): string {
  const usage = renderXUsage(model.xUsage);
  if (!model.exists) return [`database: ${model.database} (not created yet: run \`onevision import FILE\` or \`onevision collect\`)`, ...usage].join('\n');
  const lines = [`database: ${model.database} (schema ${model.schemaVersion})`, ...usage, ''];
  if (model.sources.length === 0) lines.push('no posts yet');
  else
    lines.push(
      renderTable(
        ['source', 'posts', 'deleted', 'newest post'],
        model.sources.map((s) => [s.source, s.posts, s.deleted, s.newestPostAt]),
      ),
    );
  if (model.safeguarding) lines.push('', renderSafeguardingQueue(model.safeguarding));
  if (model.lastRuns.length > 0) {
    lines.push('', 'last collection runs:');
    lines.push(
      renderTable(
        ['source', 'started', 'ended', 'outcome', 'new', 'updated', 'error'],
        model.lastRuns.map((r) => [r.source, r.startedAt, r.endedAt, r.outcome, r.new, r.updated, r.error]),
      ),
    );
  }
  return lines.join('\n');
}

function renderSafeguardingQueue(queue: SafeguardingQueueCounts): string {
  if (queue.waiting === 0) return 'safeguarding: no flags waiting';
  const parts = [
    queue.disclosures > 0 ? `${queue.disclosures} ${queue.disclosures === 1 ? 'disclosure' : 'disclosures'} (urgent)` : '',
    queue.concerns > 0 ? `${queue.concerns} ${queue.concerns === 1 ? 'concern' : 'concerns'}` : '',
    queue.peoplesFlags > 0 ? `${queue.peoplesFlags} flagged by a person` : '',
  ].filter(Boolean);
  return `safeguarding: ${queue.waiting} ${queue.waiting === 1 ? 'flag' : 'flags'} waiting for the lead: ${parts.join(', ')} (see \`onevision safeguarding\`)`;
}

function renderXUsage(status: XUsageStatus | null): string[] {
  if (status === null) return [];
  if (!status.available) return [`X usage: unavailable (${status.reason})`];
  const u = status.usage;
  const cap = u.projectCap === null ? '' : ` of ${u.projectCap.toLocaleString('en-GB')}`;
  const reset = u.capResetDay === null ? '' : `, resets on day ${u.capResetDay} of the month`;
  const today = u.today === null ? '' : `; ${u.today.toLocaleString('en-GB')} today (UTC)`;
  return [`X usage: ${u.projectUsage.toLocaleString('en-GB')}${cap} ${wordFor(u.projectUsage, 'post read')} this month${reset}${today}`];
}

function loadXUsage(): typeof import('../../collectors/x/usage') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- twitter-api-v2 loads only when used
  return require('../../collectors/x/usage') as typeof import('../../collectors/x/usage');
}
