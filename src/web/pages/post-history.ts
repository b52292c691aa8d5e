/**
 * A post's history as lines a person reads: each audit entry about it (labels, undos, people's
 * safeguarding decisions, the lead's "cleared" and "referred" among them) and each change a new
 * model or codebook made to its outcomes, oldest first. Pure. Only known fields of an audit entry
 * are read: a note may describe the text, so it never reaches the page.
 */
import type { AuditRow } from '../../store/audit';
import type { PostDetail } from '../../store/post-detail';
import { describeOutcomes } from '../outcome-names';

export interface HistoryLine {
  readonly at: string;
  readonly what: string;
  /** Who decided, as they signed it ('' for the machine or when nobody signed). */
  readonly who: string;
  /** The post revision it was about, when known. */
  readonly revision: number | null;
}

export function toHistory(detail: Pick<PostDetail, 'audit' | 'classificationChanges'>): HistoryLine[] {
  const audit = detail.audit.map(toAuditLine);
  const changes = detail.classificationChanges.map(
    (change): HistoryLine => ({
      at: change.changedAt,
      what: `Model ${change.fromModel} → ${change.toModel}${change.fromCodebook === change.toCodebook ? '' : ` (codebook ${change.fromCodebook} → ${change.toCodebook})`}: outcomes changed from ${describeOutcomes(change.fromOutcomes)} to ${describeOutcomes(change.toOutcomes)}`,
      who: '',
      revision: change.postRevision,
    }),
  );
  // Stable: entries made in the same second keep the order they were written in.
  return [...audit, ...changes].map((line, index) => ({ line, index })).sort((a, b) => a.line.at.localeCompare(b.line.at) || a.index - b.index).map(({ line }) => line);
}

function toAuditLine(row: AuditRow): HistoryLine {
  const details = row.details ?? {};
  const by = typeof details.by === 'string' ? details.by : (row.osUser ?? '');
  const revision = typeof details.revision === 'number' ? details.revision : null;
  return { at: row.at, what: describeAction(row.action, details), who: by, revision };
}

function describeAction(action: string, details: Readonly<Record<string, unknown>>): string {
  const via = details.via === 'desk' ? ' in the desk' : details.via === 'review' ? ' with onevision review' : '';
  switch (action) {
    case 'label':
      return `Labelled${via}: ${describeOutcomes(typeof details.outcomes === 'string' ? details.outcomes : '')}`;
    case 'label-undone':
      return typeof details.restored === 'string' ? `Label undone: back to ${describeOutcomes(details.restored)}` : 'Label undone: no label now';
    case 'flag-raised':
      return details.decision === 'referred' ? `Safeguarding: referred by the safeguarding lead${via}` : 'Safeguarding: flagged by a person';
    case 'flag-cleared':
      return details.decision === 'cleared' ? `Safeguarding: cleared by the safeguarding lead${via}` : 'Safeguarding: cleared by a person';
    default:
      return action.replace(/[-_]/g, ' ').replace(/^./, (c) => c.toUpperCase());
  }
}
