/**
 * Why a stored post has its outcomes, in words: the classifier re-run as `classify` ran it, with the
 * evidence of a withheld post emptied so the sentences cannot spell out its text. Used by
 * `onevision explain` and the desk.
 */
import { classify, type Classification } from '../classify/classify';
import { toWrittenWords } from '../classify/learned-words';
import type { CompiledModel } from '../classify/model';
import { toReasons, type Reasons } from '../classify/reasons';
import { toTokens } from '../classify/text';
import type { ReleasedPost } from '../gate/release';
import { loadClassification, loadClassifierInput, type StoredClassification } from '../store/classifications';
import type { Db } from '../store/database';
import { keptOutcomes } from './classifier';

export interface PostReasons {
  /** The classification as explained (evidence emptied when the text is withheld). */
  readonly result: Classification;
  readonly reasons: Reasons;
  readonly stored: StoredClassification | null;
}

export function explainPost(db: Db, model: CompiledModel, post: { readonly postId: number; readonly revision: number }, released: ReleasedPost): PostReasons {
  // Scored as classify scored it: a reply with its parent in view, earlier decisions on this text kept within the band.
  const input = loadClassifierInput(db, post.postId);
  const stored = loadClassification(db, post.postId) ?? null;
  const kept = keptOutcomes({ revision: post.revision, previousOutcomes: stored?.outcomes ?? null, previousRevision: stored?.postRevision ?? null });
  const result = withoutEvidence(classify(model, input.text, input.context ?? undefined, kept), released);
  return { result, reasons: toReasonsFor(result, released, model), stored };
}

/**
 * The evidence for a withheld post (phrases found, cue names, learned word features) spells out its
 * words: only the scores and thresholds are shown. The safeguarding lead reads the rest.
 */
function withoutEvidence(result: Classification, released: ReleasedPost): Classification {
  if (released.withheld === null) return result;
  return {
    ...result,
    decisions: result.decisions.map((d) => ({ ...d, phrases: [], features: [] })),
    safeguarding: { ...result.safeguarding, cues: [] },
  };
}

/** Learned words are matched against the text as the gate released it, never the stored text. */
function toReasonsFor(result: Classification, released: ReleasedPost, model: CompiledModel): Reasons {
  const words = released.withheld === null ? toWrittenWords(toTokens(released.text, model.analyser.rules)) : null;
  return toReasons(result, { names: model.file.codebook.outcomes, words, withheld: released.withheld });
}
