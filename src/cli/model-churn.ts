/**
 * How many posts a candidate model would re-tag: the stored outcomes against the candidate's, over
 * every classified post, a page at a time (read-only). `train --dry-run` prints it and `train` refuses a
 * model above the allowed share, because trend lines across versions are only comparable if a
 * retrain does not quietly move a large part of the corpus.
 */
import { NO_EVIDENCE, classify } from '../classify/classify';
import { tallyOutcomeChanges, type OutcomeChange, type OutcomeTally } from '../classify/outcome-changes';
import type { CompiledModel } from '../classify/model';
import { loadPostsToClassify } from '../store/classifications';
import type { Db } from '../store/database';
import { formatOutcomes, keptOutcomes } from './classifier';

export interface OutcomeChurn {
  /** Posts with a stored classification, compared (labelled texts and their copies left out). */
  readonly compared: number;
  /** Posts left out because a person labelled that text (or it is a retweet of one): the label is meant to move them. */
  readonly labelled: number;
  /** Of those, posts whose outcomes the candidate would change. */
  readonly changed: number;
  /** Per outcome, posts that would gain it and posts that would lose it (as `classify --all` reports them). */
  readonly byOutcome: readonly OutcomeTally[];
}

const PAGE = 2000;

export function measureOutcomeChurn(db: Db, candidate: CompiledModel, labelledTexts: readonly string[] = []): OutcomeChurn {
  const labelled = labelledTexts.map(comparable);
  const changes: OutcomeChange[] = [];
  let compared = 0;
  let skipped = 0;
  let afterId = 0;
  for (;;) {
    const page = loadPostsToClassify(db, { all: true, afterId, limit: PAGE });
    if (page.length === 0) break;
    for (const post of page) {
      if (post.previousOutcomes === null) continue;
      if (isLabelledText(post.text, labelled)) {
        skipped += 1;
        continue;
      }
      compared += 1;
      const next = formatOutcomes(classify(candidate, post.text, post.context ?? undefined, keptOutcomes(post), NO_EVIDENCE).outcomes);
      if (next !== post.previousOutcomes) changes.push({ from: post.previousOutcomes, to: next });
    }
    afterId = page[page.length - 1]?.postId ?? afterId;
  }
  return { compared, labelled: skipped, changed: changes.length, byOutcome: tallyOutcomeChanges(changes) };
}

/** Text as a label covers it: a retweet's "RT @name: " prefix and a truncating ellipsis left off. */
function comparable(text: string): string {
  return text.trim().replace(/^RT @\w+:\s*/, '').replace(/…$/, '').trim();
}

function isLabelledText(text: string, labelled: readonly string[]): boolean {
  if (labelled.length === 0) return false;
  const own = comparable(text);
  return own !== '' && labelled.some((l) => l === own || (own.length >= 40 && l.startsWith(own)));
}

export function churnShare(churn: OutcomeChurn): number {
  return churn.compared === 0 ? 0 : churn.changed / churn.compared;
}
