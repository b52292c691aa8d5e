import fs from 'node:fs';
import type { Command } from 'commander';
import { openDatabase, schemaVersion } from '../../store/database';
import { loadSourceStatus, type SourceStatus } from '../../store/posts';
import { loadLastRuns, type RunRecord } from '../../store/runs';
import type { CommandContext } from '../context';
import { printResult, renderTable } from '../output';

export interface StatusModel {
  database: string;
  exists: boolean;
  schemaVersion: number | null;
  sources: SourceStatus[];
  lastRuns: RunRecord[];
}

export function registerStatus(program: Command, context: CommandContext): void {
  program
    .command('status')
    .description('Show what the database holds: posts and newest post per source, last collection runs')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExamples:\n  $ onevision status\n  $ onevision --db data/demo/onevision.db status --json')
    .action((flags: { json?: boolean }, command: Command) => {
      const model = loadStatus(context.config(command).dbPath);
      printResult(context, flags.json, model, renderStatus(model));
    });
}

function loadStatus(dbPath: string): StatusModel {
  if (!fs.existsSync(dbPath)) return { database: dbPath, exists: false, schemaVersion: null, sources: [], lastRuns: [] };
  const db = openDatabase(dbPath, { readonly: true });
  try {
    const version = schemaVersion(db);
    return {
      database: dbPath,
      exists: true,
      schemaVersion: version,
      sources: version >= 1 ? loadSourceStatus(db) : [],
      lastRuns: version >= 2 ? loadLastRuns(db) : [],
    };
  } finally {
    db.close();
  }
}

function renderStatus(model: StatusModel): string {
  if (!model.exists) return `database: ${model.database} (not created yet: run \`onevision import FILE\` or \`onevision collect\`)`;
  const lines = [`database: ${model.database} (schema ${model.schemaVersion})`, ''];
  if (model.sources.length === 0) lines.push('no posts yet');
  else
    lines.push(
      renderTable(
        ['source', 'posts', 'deleted', 'newest post'],
        model.sources.map((s) => [s.source, s.posts, s.deleted, s.newestPostAt]),
      ),
    );
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
