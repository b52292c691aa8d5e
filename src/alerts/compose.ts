/**
 * What an alert says, in plain text for e-mail and for a Slack or Teams webhook alike. Pure: it gets
 * the facts (counts, sources, messages: see facts.ts), the desk's address and the time.
 */
import { totalFlags, type AlertFacts, type FailureCategory, type NewFlags, type RunFailure, type StaleSource } from './facts';
import { plural } from '../core/words';

export interface AlertMessage {
  readonly subject: string;
  readonly text: string;
}

export interface AlertContext {
  /** The web desk's address, no trailing slash. */
  readonly deskUrl: string;
  readonly at: Date;
}

/** The desk's safeguarding inbox: `safeguarding` below the desk's path, before any query or fragment. */
export function inboxUrl(deskUrl: string): string {
  const url = new URL(deskUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/safeguarding`;
  return url.href;
}

const NEVER_CONTENT = 'This alert never contains the posts, their authors or links: read them in the inbox.';

/** The alert for a run or a check, or null when there is nothing to say (no new flags, nothing failed, nothing stale). */
export function composeAlert(facts: AlertFacts, context: AlertContext): AlertMessage | null {
  const sections: string[][] = [];
  const subject: string[] = [];
  if (totalFlags(facts.newFlags) > 0) {
    subject.push(describeFlags(facts.newFlags));
    sections.push(flagSection(facts.newFlags, context.deskUrl));
  }
  if (facts.failures.length > 0) {
    subject.push(`collection failed: ${facts.failures.map((f) => f.source).join(', ')}`);
    sections.push(failureSection(facts.failures));
  }
  if (facts.stale.length > 0) {
    subject.push(`no successful collection for over ${facts.staleHours} hours: ${facts.stale.map((s) => s.source).join(', ')}`);
    sections.push(staleSection(facts.stale, facts.staleHours));
  }
  if (sections.length === 0) return null;
  if (facts.failures.length > 0 || facts.stale.length > 0) sections.push(['Run history: `onevision runs`; details: logs/onevision.log beside the database; checks: `onevision doctor`.']);
  return { subject: `onevision: ${subject.join('; ')}`, text: [`onevision, ${formatTime(context.at)}`, ...sections.map((lines) => lines.join('\n'))].join('\n\n') };
}

export function composeTestAlert(context: AlertContext): AlertMessage {
  return {
    subject: 'onevision: test alert',
    text: [
      `onevision, ${formatTime(context.at)}`,
      'This is a test alert (`onevision alert --test`): alerts reach you on this channel.',
      `Alerts about new safeguarding flags give their number and link to the inbox: ${inboxUrl(context.deskUrl)}\n${NEVER_CONTENT}`,
    ].join('\n\n'),
  };
}

/** "2 new safeguarding flags (1 disclosure, 1 concern)". */
export function describeFlags(flags: NewFlags): string {
  const total = totalFlags(flags);
  const levels: string[] = [];
  if (flags.disclosures > 0) levels.push(plural(flags.disclosures, 'disclosure'));
  if (flags.concerns > 0) levels.push(plural(flags.concerns, 'concern'));
  return `${plural(total, 'new safeguarding flag')} (${levels.join(', ')})`;
}

function flagSection(flags: NewFlags, deskUrl: string): string[] {
  const lines = [`NEW SAFEGUARDING FLAGS: ${totalFlags(flags)}`];
  if (flags.disclosures > 0) lines.push(`  ${plural(flags.disclosures, 'disclosure')}: urgent, read first`);
  if (flags.concerns > 0) lines.push(`  ${plural(flags.concerns, 'concern')}`);
  lines.push(`Open the safeguarding inbox: ${inboxUrl(deskUrl)}`, NEVER_CONTENT);
  return lines;
}

const CATEGORY_WORDS: Record<FailureCategory, string> = {
  upstream: "the platform's API or the network failed",
  environment: 'a problem here (configuration, disk or database)',
  bug: 'an internal error in onevision (please report it)',
};

function failureSection(failures: readonly RunFailure[]): string[] {
  const lines = ['COLLECTION FAILED (what was saved before the failure is kept; the next run carries on)'];
  for (const failure of failures) {
    lines.push(`  ${failure.source}: ${CATEGORY_WORDS[failure.category]}: ${failure.message}`);
    if (failure.hint) lines.push(`    What to do: ${failure.hint}`);
  }
  return lines;
}

function staleSection(stale: readonly StaleSource[], staleHours: number): string[] {
  const lines = [`NO SUCCESSFUL COLLECTION FOR OVER ${staleHours} HOURS (ALERT_STALE_HOURS)`];
  for (const source of stale) {
    lines.push(source.lastSuccessAt === null || source.hoursSince === null ? `  ${source.source}: no successful collection yet` : `  ${source.source}: last successful collection ${formatTime(new Date(source.lastSuccessAt))}, ${plural(source.hoursSince, 'hour')} ago`);
  }
  lines.push('Check that cron or `onevision schedule` is still running.');
  return lines;
}

function formatTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
