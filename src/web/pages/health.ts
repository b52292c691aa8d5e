/**
 * Runs and health: doctor's checks, what the database holds (as `onevision status`), the recent
 * collection runs (as `onevision runs`) with failed and abandoned ones marked, and downloads of the
 * report and the posts CSV. Every text that came from outside (a run's error, a check's detail) is
 * redacted of the configured tokens first, as the CLI's output stream does.
 */
import { runDoctorChecks, type Check } from '../../cli/doctor-checks';
import { loadStatus } from '../../cli/commands/status';
import { redact, type Secret } from '../../core/secret';
import { loadRuns, type RunRecord } from '../../store/runs';
import type { Desk, DeskOptions, PageArgs } from '../desk';
import type { Html } from '../html';
import { csrfField } from '../layout';
import { downloadPostsCsv, downloadReport } from './health-downloads';
import { renderHealth } from './health-view';

const RECENT_RUNS = 20;

export function registerHealth(desk: Desk): void {
  desk.route({ method: 'GET', url: '/health', capability: 'browse', handle: showHealth });
  desk.route({ method: 'POST', url: '/health/report', capability: 'browse', handle: downloadReport });
  desk.route({ method: 'POST', url: '/health/export', capability: 'browse', handle: downloadPostsCsv });
}

async function showHealth(args: PageArgs): Promise<Html> {
  const { config } = args.desk;
  const secrets = deskSecrets(config);
  // Offline: a page load never calls the X or Graph APIs; `onevision doctor` on the server does.
  const checks = (await runDoctorChecks(config, args.now, { offline: true })).map((check) => redactCheck(check, secrets));
  const status = loadStatus(config.dbPath);
  const view = {
    checks,
    status: { ...status, lastRuns: status.lastRuns.map((run) => redactRun(run, secrets)) },
    runs: loadRuns(args.db, RECENT_RUNS).map((run) => redactRun(run, secrets)),
    now: args.now,
    reportsDir: config.reportsDir,
    csrf: csrfField(args.viewer),
  };
  return args.page('Runs and health', renderHealth(view), { current: '/health' });
}

function deskSecrets(config: DeskOptions['config']): Array<Secret | undefined> {
  return [config.x.bearerToken, config.facebook.pageToken];
}

function redactCheck(check: Check, secrets: ReadonlyArray<Secret | undefined>): Check {
  return { ...check, detail: redact(check.detail, secrets), fix: check.fix === null ? null : redact(check.fix, secrets) };
}

function redactRun(run: RunRecord, secrets: ReadonlyArray<Secret | undefined>): RunRecord {
  return run.error === null ? run : { ...run, error: redact(run.error, secrets) };
}
