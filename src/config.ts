/**
 * Configuration: flags > environment > .env > defaults, validated once and frozen.
 * This is the only module that reads process.env. CONFIG_VARIABLES is the one list of
 * variables: .env.example and the README's table are checked against it by the tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { UserError } from './errors';
import { Secret } from './core/secret';
import { parseAlertSettings, type AlertSettings } from './alerts/settings';

export interface ConfigVariable {
  readonly name: string;
  readonly default: string | undefined;
  readonly description: string;
  readonly secret?: boolean;
}

export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { name: 'ONEVISION_DB', default: 'data/onevision.db', description: 'SQLite database file (the global `--db PATH` flag overrides it).' },
  { name: 'ONEVISION_REPORTS', default: 'reports/', description: 'Folder where reports and exports are written by default.' },
  { name: 'ONEVISION_CHROMIUM', default: undefined, description: 'The Chromium or Chrome program that prints `report --format pdf`; unset, the usual places are tried (/usr/bin/chromium, …).' },
  { name: 'X_BEARER_TOKEN', default: undefined, description: 'X API v2 app-only bearer token (developer portal → your app → Keys and tokens). Never printed.', secret: true },
  { name: 'X_QUERY', default: '#CIoSOneVision', description: 'X search query.' },
  { name: 'X_SEARCH', default: 'recent', description: '`recent` (last 7 days) or `all` (full archive, pay-per-use or Enterprise access).' },
  { name: 'X_OWN_ACCOUNTS', default: 'CornwallCT', description: "The campaign's own X accounts (comma-separated handles): their posts and retweets of them are exported, marked, but not counted as residents' voices." },
  { name: 'X_API_BASE_URL', default: 'https://api.x.com/', description: 'Where X API requests go; point it at a proxy or a local test server.' },
  { name: 'FB_PAGE_ID', default: 'CornwallCT', description: 'Facebook Page id or username to collect from.' },
  { name: 'FB_PAGE_TOKEN', default: undefined, description: 'Long-lived Page access token with pages_read_engagement and pages_read_user_content. Never printed.', secret: true },
  { name: 'FB_GRAPH_BASE_URL', default: 'https://graph.facebook.com/', description: 'Where Graph API requests go; point it at a proxy or a local test server.' },
  { name: 'FB_GRAPH_VERSION', default: 'v25.0', description: 'Graph API version, e.g. `v25.0`.' },
  { name: 'FB_ACTIVE_DAYS', default: '30', description: 'Facebook posts created in the last this-many days have all their comments re-read on every run; older posts only when their comment count changes.' },
  { name: 'ALERT_SMTP_URL', default: undefined, description: 'Mail server for alerts: `smtp://user:password@host:587` (STARTTLS, required unless the host is this machine) or `smtps://user:password@host:465`. Never printed.', secret: true },
  { name: 'ALERT_TO', default: undefined, description: 'Who e-mail alerts go to, comma-separated (e.g. the designated safeguarding lead and a deputy).' },
  { name: 'ALERT_FROM', default: undefined, description: 'The sender of e-mail alerts, e.g. `onevision <onevision@example.org>`: one the mail server accepts.' },
  { name: 'ALERT_WEBHOOK_URL', default: undefined, description: 'A Slack or Teams incoming webhook for alerts. Never printed.', secret: true },
  { name: 'ALERT_STALE_HOURS', default: '36', description: "Alert when a configured source's last successful collection is older than this many hours." },
  { name: 'ONEVISION_DESK_URL', default: 'http://127.0.0.1:8080', description: "The web desk's address as people open it, without a query or fragment: alerts link to its safeguarding inbox below it (`…/safeguarding`)." },
];

export type XSearch = 'recent' | 'all';

export interface XConfig {
  readonly bearerToken: Secret | undefined;
  readonly query: string;
  readonly search: XSearch;
  readonly baseUrl: string;
  /** The campaign's own handles, lower-case, without @. */
  readonly ownAccounts: readonly string[];
}

export interface FacebookConfig {
  readonly pageId: string;
  readonly pageToken: Secret | undefined;
  readonly graphBaseUrl: string;
  readonly graphVersion: string;
  /** Posts younger than this have their comments re-read on every run. */
  readonly activeDays: number;
}

export interface Config {
  readonly dbPath: string;
  readonly reportsDir: string;
  /** ONEVISION_CHROMIUM as an absolute path, when set: the browser that prints PDF reports. */
  readonly chromiumPath: string | undefined;
  readonly x: XConfig;
  readonly facebook: FacebookConfig;
  /** Where alerts go (e-mail, webhook), when a run is stale, and the desk the alerts link to. */
  readonly alerts: AlertSettings;
  /** Every secret in the configuration, for redaction of anything we print or log. */
  readonly secrets: readonly Secret[];
}

export interface ConfigFlags {
  readonly db?: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the configuration once. `env` and `cwd` are parameters so tests can pass their own. */
export function readConfig(flags: ConfigFlags = {}, env: Env = process.env, cwd: string = process.cwd()): Config {
  const merged = { ...readDotEnv(cwd), ...definedOnly(env) };
  const value = (name: string): string | undefined => {
    const raw = merged[name]?.trim();
    if (raw) return raw;
    return CONFIG_VARIABLES.find((v) => v.name === name)?.default;
  };
  const secret = (name: string): Secret | undefined => {
    const raw = value(name);
    return raw ? new Secret(raw) : undefined;
  };

  const x: XConfig = Object.freeze({
    bearerToken: secret('X_BEARER_TOKEN'),
    query: requireNonEmpty('X_QUERY', value('X_QUERY')),
    search: parseXSearch(value('X_SEARCH')),
    baseUrl: parseBaseUrl('X_API_BASE_URL', value('X_API_BASE_URL')),
    ownAccounts: parseHandles('X_OWN_ACCOUNTS', value('X_OWN_ACCOUNTS')),
  });
  const facebook: FacebookConfig = Object.freeze({
    pageId: requireNonEmpty('FB_PAGE_ID', value('FB_PAGE_ID')),
    pageToken: secret('FB_PAGE_TOKEN'),
    graphBaseUrl: parseBaseUrl('FB_GRAPH_BASE_URL', value('FB_GRAPH_BASE_URL')),
    graphVersion: parseGraphVersion(value('FB_GRAPH_VERSION')),
    activeDays: parseActiveDays(value('FB_ACTIVE_DAYS')),
  });
  const alerts = parseAlertSettings({
    smtpUrl: value('ALERT_SMTP_URL'),
    to: value('ALERT_TO'),
    from: value('ALERT_FROM'),
    webhookUrl: value('ALERT_WEBHOOK_URL'),
    staleHours: value('ALERT_STALE_HOURS'),
    deskUrl: value('ONEVISION_DESK_URL'),
  });
  // A blank --db (an unset shell variable, `--db "$DB"`) must not quietly mean the default database:
  // `forget` or `purge` would then act on the real one.
  if (flags.db !== undefined && flags.db.trim() === '') throw new UserError('--db is empty', 'Give the database file, e.g. --db data/onevision.db, or leave --db out to use ONEVISION_DB.');
  const dbPath = flags.db?.trim() || requireNonEmpty('ONEVISION_DB', value('ONEVISION_DB'));
  return Object.freeze({
    dbPath: path.resolve(cwd, dbPath),
    reportsDir: path.resolve(cwd, requireNonEmpty('ONEVISION_REPORTS', value('ONEVISION_REPORTS'))),
    chromiumPath: optionalPath(cwd, value('ONEVISION_CHROMIUM')),
    x,
    facebook,
    alerts,
    secrets: Object.freeze([x.bearerToken, facebook.pageToken, ...alerts.secrets].filter((s): s is Secret => s !== undefined)),
  });
}

function readDotEnv(cwd: string): Record<string, string> {
  const file = path.join(cwd, '.env');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UserError(`cannot read ${file}: ${(error as Error).message}`, 'Check the file permissions or remove the file.');
  }
  return dotenv.parse(text);
}

function definedOnly(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const variable of CONFIG_VARIABLES) {
    const raw = env[variable.name];
    if (raw !== undefined && raw !== '') out[variable.name] = raw;
  }
  return out;
}

function optionalPath(cwd: string, raw: string | undefined): string | undefined {
  return raw ? path.resolve(cwd, raw) : undefined;
}

function requireNonEmpty(name: string, raw: string | undefined): string {
  if (!raw) throw new UserError(`${name} is empty`, `Set ${name} in the environment or .env, or unset it to use the default.`);
  return raw;
}

function parseHandles(name: string, raw: string | undefined): string[] {
  const handles = (raw ?? '').split(/[\s,]+/).map((h) => h.replace(/^@/, '')).filter(Boolean);
  const bad = handles.find((h) => !/^[A-Za-z0-9_]{1,30}$/.test(h));
  if (bad !== undefined) throw new UserError(`${name} has "${bad}", which is not an X handle`, `Set ${name} to handles separated by commas, e.g. ${name}=CornwallCT,KernowYouth.`);
  return handles.map((h) => h.toLowerCase());
}

function parseXSearch(raw: string | undefined): XSearch {
  if (raw === 'recent' || raw === 'all') return raw;
  throw new UserError(`X_SEARCH must be "recent" or "all", not "${raw}"`, 'Use X_SEARCH=recent (last 7 days) or X_SEARCH=all (full archive).');
}

function parseBaseUrl(name: string, raw: string | undefined): string {
  let url: URL;
  try {
    url = new URL(raw ?? '');
  } catch {
    throw new UserError(`${name} is not a URL: "${raw}"`, `Set ${name} to an http(s) URL such as https://api.x.com/ or unset it.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserError(`${name} must be an http or https URL, not "${raw}"`, `Set ${name} to an http(s) URL.`);
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function parseGraphVersion(raw: string | undefined): string {
  if (raw && /^v\d+\.\d+$/.test(raw)) return raw;
  throw new UserError(`FB_GRAPH_VERSION must look like v25.0, not "${raw}"`, 'Set FB_GRAPH_VERSION=v25.0 or unset it.');
}

function parseActiveDays(raw: string | undefined): number {
  const days = Number(raw);
  if (raw && /^\d+$/.test(raw) && days <= 3650) return days;
  throw new UserError(`FB_ACTIVE_DAYS must be a whole number of days (0 to 3650), not "${raw}"`, 'Set FB_ACTIVE_DAYS=30 or unset it.');
}
