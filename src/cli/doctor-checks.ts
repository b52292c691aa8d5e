/**
 * Doctor's checks: configuration, tokens, disk, permissions, database integrity, the last run and
 * unfinished erasures, each with a fix. `onevision doctor` prints them and the desk's health page
 * shows them, from this one list. A check's detail names what is missing, never a token's value.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REQUIRE_TLS_HINT, describeAlertChannels } from '../alerts/settings';
import { COLLECTORS } from '../collectors';
import type { Config } from '../config';
import { OnevisionError, UserError } from '../errors';
import { findChromium } from './report-pdf';
import { checkIntegrity, openDatabase, schemaVersion, toStorageError, type Db } from '../store/database';
import { loadLastRuns } from '../store/runs';
import { loadUnfinishedErasures } from '../store/erasure-ledger';
import { countErasedLabelsInActiveModel } from '../store/erasure';
import { describeModelLabels } from './erasure';
import { describeActiveModel, describeSetAside } from './classifier';
import { plural } from '../core/words';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
  fix: string | null;
}

/** The slice of configuration the checks read; without `alerts` the alert check is left out. */
export type DoctorConfig = Pick<Config, 'x' | 'facebook' | 'dbPath' | 'chromiumPath'> & Partial<Pick<Config, 'alerts'>>;

const LOW_DISK_BYTES = 500 * 1024 * 1024;
/** A source whose newest run started longer ago than this has stopped being collected. */
export const STALE_RUN_HOURS = 36;

/** Every check in order; `offline` skips the ones that call the X and Graph APIs. */
export async function runDoctorChecks(config: DoctorConfig, now: Date, options: { readonly offline: boolean }): Promise<Check[]> {
  return [...checkSources(config), ...checkAlerts(config), checkPdfBrowser(config), ...(options.offline ? [] : await checkTokens(config)), ...checkStorage(config, now)];
}

function checkSources(config: DoctorConfig): Check[] {
  return COLLECTORS.map((collector) => {
    const missing = collector.missingConfiguration(config);
    return missing
      ? { name: `${collector.source}: configuration`, status: 'warn' as const, detail: missing, fix: 'Set it in .env (see .env.example) if you collect from this source.' }
      : { name: `${collector.source}: configuration`, status: 'ok' as const, detail: 'configured', fix: null };
  });
}

/** The alert settings parsed when configuration was read; where alerts go (nothing is sent: `onevision alert --test` does that). */
function checkAlerts(config: DoctorConfig): Check[] {
  if (!config.alerts) return [];
  const channels = describeAlertChannels(config.alerts);
  if (channels.length === 0) {
    return [{ name: 'alerts', status: 'warn', detail: 'no alert channel is configured: nobody is told of new safeguarding flags or failed runs', fix: 'Set ALERT_SMTP_URL, ALERT_TO and ALERT_FROM and/or ALERT_WEBHOOK_URL (see .env.example), then run `onevision alert --test`.' }];
  }
  const detail = `${channels.join('; ')}; stale after ${plural(config.alerts.staleHours, 'hour')}`;
  if (config.alerts.email?.security === 'clear') return [{ name: 'alerts', status: 'warn', detail, fix: REQUIRE_TLS_HINT }];
  return [{ name: 'alerts', status: 'ok', detail, fix: null }];
}

/** Whether `report --format pdf` has a browser to print with (it is not started here). */
function checkPdfBrowser(config: DoctorConfig): Check {
  try {
    return { name: 'PDF reports', status: 'ok', detail: `printed by ${findChromium(config.chromiumPath)}`, fix: null };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { name: 'PDF reports', status: 'warn', detail: error.message.replace(/^cannot print a PDF: /, ''), fix: error.hint ?? null };
  }
}

async function checkTokens(config: DoctorConfig): Promise<Check[]> {
  const checks: Check[] = [];
  for (const collector of COLLECTORS) {
    if (!collector.checkAccess || collector.missingConfiguration(config)) continue;
    const name = `${collector.source}: token`;
    try {
      checks.push({ name, status: 'ok', detail: await collector.checkAccess(config), fix: null });
    } catch (error) {
      const failure = error instanceof OnevisionError ? error : undefined;
      checks.push({ name, status: 'fail', detail: failure?.message ?? String(error), fix: failure?.hint ?? 'Check the token and the network.' });
    }
  }
  return checks;
}

function checkStorage(config: DoctorConfig, now: Date): Check[] {
  const dir = path.dirname(config.dbPath);
  const checks: Check[] = [checkDisk(dir), checkFolder(dir)];
  if (!fs.existsSync(config.dbPath)) {
    checks.push({ name: 'database', status: 'warn', detail: `no database yet at ${config.dbPath}`, fix: 'Run `onevision collect` or `onevision import FILE` to create it.' });
    return checks;
  }
  checks.push(checkFileMode(config.dbPath));
  let db: Db;
  try {
    db = openDatabase(config.dbPath, { readonly: true });
  } catch (error) {
    // A file that is no database (a path mistyped onto another file), or one too damaged to open: the one failed check.
    const failure = error instanceof OnevisionError ? error : toStorageError(error);
    if (!failure) throw error;
    checks.push({ name: 'database', status: 'fail', detail: failure.message, fix: failure.hint ?? null });
    return checks;
  }
  try {
    const problems = checkIntegrity(db);
    checks.push(
      problems.length === 0
        ? { name: 'database integrity', status: 'ok', detail: `integrity_check ok (schema ${schemaVersion(db)})`, fix: null }
        : { name: 'database integrity', status: 'fail', detail: problems.slice(0, 5).join('; '), fix: 'Restore the last backup, or recover with `sqlite3 FILE ".recover"` into a new file.' },
    );
    checks.push(checkLastRun(schemaVersion(db) >= 2 ? loadLastRuns(db) : [], now));
    if (schemaVersion(db) >= 8) checks.push(checkErasures(loadUnfinishedErasures(db)));
    if (schemaVersion(db) >= 5) checks.push(checkActiveModel(describeActiveModel(db)));
    if (schemaVersion(db) >= 16) checks.push(checkModelAfterErasures(countErasedLabelsInActiveModel(db)));
  } finally {
    db.close();
  }
  return checks;
}

function checkDisk(dir: string): Check {
  const existing = nearestExisting(dir);
  const stats = fs.statfsSync(existing);
  const free = stats.bavail * stats.bsize;
  const detail = `${(free / 2 ** 30).toFixed(1)} GB free on the disk holding ${existing}`;
  return free < LOW_DISK_BYTES
    ? { name: 'free disk', status: 'warn', detail, fix: 'Free some space or move ONEVISION_DB to a larger disk; collection stops cleanly when the disk is full.' }
    : { name: 'free disk', status: 'ok', detail, fix: null };
}

function checkFolder(dir: string): Check {
  if (!fs.existsSync(dir)) return { name: 'data folder', status: 'warn', detail: `${dir} does not exist yet`, fix: 'It is created (owner-only) on the first collect or import.' };
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    return { name: 'data folder', status: 'fail', detail: `${dir} is not writable`, fix: `chown or chmod it so the user running onevision can write: chmod 700 ${dir}` };
  }
  const mode = fs.statSync(dir).mode & 0o777;
  return mode & 0o007
    ? { name: 'data folder', status: 'warn', detail: `${dir} is open to other users (mode ${mode.toString(8)})`, fix: `chmod 700 ${dir}` }
    : { name: 'data folder', status: 'ok', detail: `${dir} (mode ${mode.toString(8)})`, fix: null };
}

function checkFileMode(file: string): Check {
  const mode = fs.statSync(file).mode & 0o777;
  return mode & 0o077
    ? { name: 'database permissions', status: 'warn', detail: `${file} is readable by others (mode ${mode.toString(8)}); it holds children's data`, fix: `chmod 600 ${file}` }
    : { name: 'database permissions', status: 'ok', detail: `${file} (mode ${mode.toString(8)})`, fix: null };
}

function checkLastRun(runs: ReturnType<typeof loadLastRuns>, now: Date): Check {
  if (runs.length === 0) return { name: 'last run', status: 'warn', detail: 'no collection has run yet', fix: 'Run `onevision collect`, then schedule it (`onevision cron-line` or `onevision schedule`).' };
  const newest = runs.reduce((a, b) => (a.startedAt > b.startedAt ? a : b));
  const hours = (now.getTime() - Date.parse(newest.startedAt)) / 3_600_000;
  const failed = runs.filter((r) => r.outcome === 'failed');
  if (failed.length > 0) return { name: 'last run', status: 'warn', detail: `last run of ${failed.map((r) => r.source).join(', ')} failed: ${failed[0]?.error ?? ''}`, fix: 'See `onevision runs` and the log under the data folder.' };
  if (hours > STALE_RUN_HOURS) return { name: 'last run', status: 'warn', detail: `the newest run started ${Math.round(hours)} hours ago`, fix: 'Check that cron or `onevision schedule` is still running.' };
  return { name: 'last run', status: 'ok', detail: `${newest.source} ${newest.outcome}, ${plural(Math.round(hours * 10) / 10, 'hour')} ago`, fix: null };
}

/** Which model classifies; a model trained here that this onevision cannot read (older features) is set aside until a retrain. */
function checkActiveModel({ modelVersion, origin, setAside }: ReturnType<typeof describeActiveModel>): Check {
  if (!setAside) return { name: 'active model', status: 'ok', detail: `${modelVersion} (${origin === 'database' ? 'trained here' : 'the bundled default'})`, fix: null };
  const { problem, fix } = describeSetAside(setAside);
  return { name: 'active model', status: 'warn', detail: problem, fix };
}

/** An erasure took labels the active model had learned from: their words may stay in it until a retrain. */
function checkModelAfterErasures(labels: number): Check {
  if (labels === 0) return { name: 'model and erasures', status: 'ok', detail: 'the active model holds nothing learned from erased posts', fix: null };
  const { problem, fix } = describeModelLabels(labels);
  return { name: 'model and erasures', status: 'warn', detail: problem, fix };
}

/** An erasure whose rows are gone but whose bytes may still be in the file is a failure until wiped. */
function checkErasures(pending: ReturnType<typeof loadUnfinishedErasures>): Check {
  if (pending.length === 0) return { name: 'erasures', status: 'ok', detail: 'every erasure is wiped from the file', fix: null };
  const list = pending.map((e) => `#${e.id} (${e.reason}, ${e.requestedAt.slice(0, 16)}, ${e.status}${e.problem ? `: ${e.problem}` : ''})`).join('; ');
  return { name: 'erasures', status: 'fail', detail: `${pending.length} erasure${pending.length > 1 ? 's are' : ' is'} not finished: ${list}`, fix: 'Close other programs that have the database open and free disk space, then run `onevision forget --finish`.' };
}

function nearestExisting(dir: string): string {
  let current = dir;
  while (!fs.existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}
