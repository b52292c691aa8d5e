/** The runs-and-health page's markup. Pure: everything shown comes in already loaded and redacted. */
import type { StatusModel } from '../../cli/commands/status';
import type { Check } from '../../cli/doctor-checks';
import type { RunRecord } from '../../store/runs';
import { html, type Html } from '../html';
import { tableBox } from './table-box';
import { toLastRunAttention, toRunAttention, type RunAttention } from './run-attention';

export interface HealthView {
  readonly checks: readonly Check[];
  readonly status: StatusModel;
  readonly runs: readonly RunRecord[];
  readonly now: Date;
  readonly reportsDir: string;
  /** The hidden token the download forms send back. */
  readonly csrf: Html;
}

export function renderHealth(view: HealthView): Html {
  return html`${renderChecks(view.checks)}
${renderDatabase(view.status, view.now)}
${renderRuns(view.runs, view.now)}
${renderDownloads(view)}`;
}

function renderChecks(checks: readonly Check[]): Html {
  const problems = checks.filter((c) => c.status !== 'ok').length;
  return html`<section aria-labelledby="checks"><h2 id="checks">Checks</h2>
<p>${problems === 0 ? 'Every check passed.' : `${problems} ${problems === 1 ? 'check needs' : 'checks need'} attention.`} <span class="muted">These are <code>onevision doctor --offline</code>'s checks; run <code>onevision doctor</code> on the server to test the X and Facebook tokens too.</span></p>
${tableBox("Doctor's checks", html`<table><caption>Doctor's checks</caption>
<thead><tr><th scope="col">Status</th><th scope="col">Check</th><th scope="col">Detail</th><th scope="col">Fix</th></tr></thead>
<tbody>${checks.map((c) => html`<tr data-check="${c.name}"><td><span class="tag status-${c.status}">${c.status === 'ok' ? 'ok' : c.status === 'warn' ? 'warning' : 'failed'}</span></td><th scope="row">${c.name}</th><td>${c.detail}</td><td>${c.status === 'ok' ? '' : (c.fix ?? '')}</td></tr>`)}</tbody></table>`)}</section>`;
}

function renderDatabase(status: StatusModel, now: Date): Html {
  if (!status.exists) return html`<section aria-labelledby="database"><h2 id="database">Database</h2><p>${status.database}: not created yet.</p></section>`;
  return html`<section aria-labelledby="database"><h2 id="database">Database</h2>
<p>${status.database} (schema ${status.schemaVersion ?? '?'})</p>
${status.sources.length === 0 ? html`<p>No posts yet.</p>` : tableBox('Posts per source', html`<table><caption>Posts per source</caption>
<thead><tr><th scope="col">Source</th><th scope="col" class="number">Posts</th><th scope="col" class="number">Deleted</th><th scope="col">Newest post</th></tr></thead>
<tbody>${status.sources.map((s) => html`<tr data-source="${s.source}"><th scope="row">${s.source}</th><td class="number" data-posts="${s.posts}">${s.posts}</td><td class="number">${s.deleted}</td><td>${s.newestPostAt ?? ''}</td></tr>`)}</tbody></table>`)}
${status.lastRuns.length === 0 ? html`<p>No collection has run yet.</p>` : tableBox('Last collection per source', html`<table><caption>Last collection per source</caption>
${runHead()}<tbody>${status.lastRuns.map((run) => renderRun(run, toLastRunAttention(run, now)))}</tbody></table>`)}</section>`;
}

function renderRuns(runs: readonly RunRecord[], now: Date): Html {
  return html`<section aria-labelledby="runs"><h2 id="runs">Recent runs</h2>
${runs.length === 0 ? html`<p>No collection runs yet.</p>` : tableBox('Recent runs', html`<table><caption>The latest ${runs.length} collection runs, newest first (as <code>onevision runs</code>)</caption>
${runHead()}<tbody>${runs.map((run) => renderRun(run, toRunAttention(run, now)))}</tbody></table>`)}</section>`;
}

function runHead(): Html {
  return html`<thead><tr><th scope="col">Run</th><th scope="col">Source</th><th scope="col">Started</th><th scope="col">Ended</th><th scope="col">Outcome</th><th scope="col" class="number">New</th><th scope="col" class="number">Updated</th><th scope="col">Error</th></tr></thead>`;
}

const ATTENTION_NOTES: Readonly<Record<Exclude<RunAttention, null>, string>> = {
  failed: 'failed',
  stale: 'stale',
};

function renderRun(run: RunRecord, attention: RunAttention): Html {
  return html`<tr data-run="${run.id}"${attention ? html` class="attention" data-attention="${attention}"` : null}><th scope="row">${run.id}</th><td>${run.source}</td><td>${run.startedAt}</td><td>${run.endedAt ?? ''}</td><td>${run.outcome}${attention ? html` <strong>(${ATTENTION_NOTES[attention]})</strong>` : null}</td><td class="number">${run.new}</td><td class="number">${run.updated}</td><td class="post-text">${run.error ?? ''}</td></tr>`;
}

function renderDownloads(view: HealthView): Html {
  return html`<section aria-labelledby="downloads"><h2 id="downloads">Downloads</h2>
<p class="muted">Made now from the whole database, as an analyst may see it. Each file is also written to ${view.reportsDir} and recorded in the export ledger, so an erasure request can list it for recall.</p>
<div class="downloads">
<form method="post" action="/health/report">${view.csrf}<h3>Report</h3><p>The HTML report, as <code>onevision report</code> writes it: figures, charts and quotes screened clear for safeguarding.</p><button type="submit">Download the report</button></form>
<form method="post" action="/health/export">${view.csrf}<h3>Posts (CSV)</h3><p>Every post, as <code>onevision export</code> writes it: authors as pseudonyms, and withheld text replaced by a notice.</p><button type="submit">Download the CSV</button></form>
</div></section>`;
}
