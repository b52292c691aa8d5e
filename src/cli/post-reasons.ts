/**
 * Why a stored post has its outcomes, in words: the classifier re-run as `classify` ran it, with the
 * evidence of a withheld post emptied so the sentences cannot spell out its text. Used by
 * `onevision explain` and the desk.
 */
import { classify, type Classification } from '../classify/classify';
import type { OutcomeNumber } from '../classify/codebook';
import { analyse, toFeatures } from '../classify/features';
import { isShownFeature, toWrittenWords, type WrittenWords } from '../classify/learned-words';
import type { CompiledModel } from '../classify/model';
import { toReasons, type Reasons } from '../classify/reasons';
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
  const shown = shownText(released, model);
  const scored = classify(model, input.text, input.context ?? undefined, kept);
  const result = shownEvidence(scored, shown);
  const fromParent = shown && input.context !== null ? carriedByParent(scored, shown) : undefined;
  const reasons = toReasons(result, { names: model.file.codebook.outcomes, words: shown?.words ?? null, withheld: released.withheld, ...(fromParent ? { fromParent } : {}) });
  return { result, reasons, stored: stored && shown ? { ...stored, explanation: shownStoredExplanation(stored.explanation, shown) } : stored };
}

/** The released text's words and features, which evidence is matched against; null when the text is withheld. */
interface ShownText {
  readonly words: WrittenWords;
  readonly features: ReadonlyMap<string, number>;
}

/** Learned words are matched against the text as the gate released it, never the stored text or a reply's parent. */
function shownText(released: ReleasedPost, model: CompiledModel): ShownText | null {
  if (released.withheld !== null) return null;
  const analysis = analyse(released.text, model.analyser);
  return { words: toWrittenWords(analysis.tokens, analysis.outcomeHits), features: toFeatures(analysis) };
}

/**
 * The evidence for a withheld post (phrases found, cue names, learned word features) spells out its
 * words: only the scores and thresholds are shown, and the safeguarding lead reads the rest. For a
 * released post, only learned features the text as shown makes too (`isShownFeature`).
 */
function shownEvidence(result: Classification, shown: ShownText | null): Classification {
  const keep = (features: Classification['decisions'][number]['features']) => (shown ? features.filter((f) => isShownFeature(f.feature, shown.features)) : []);
  return {
    ...result,
    decisions: result.decisions.map((d) => ({ ...d, phrases: shown ? d.phrases : [], features: keep(d.features) })),
    safeguarding: shown ? result.safeguarding : { ...result.safeguarding, cues: [] },
  };
}

/**
 * A reply's outcomes whose evidence for came more from its parent than from its own text: the learned
 * features (top few, as stored) the reply's own text does not make, against those it does.
 */
function carriedByParent(result: Classification, shown: ShownText): Set<OutcomeNumber> {
  const carried = new Set<OutcomeNumber>();
  for (const d of result.decisions) {
    if (!d.matched || d.phrases.some((p) => p.weight > 0 && !p.dismissed)) continue;
    let own = 0;
    let parent = 0;
    for (const f of d.features) {
      if (f.contribution <= 0) continue;
      if (shown.features.has(f.feature)) own += f.contribution;
      else parent += f.contribution;
    }
    if (parent > own) carried.add(d.outcome);
  }
  return carried;
}

/** The stored explanation (JSON, src/cli/classifier.ts) with the same learned features left out. */
function shownStoredExplanation(explanation: string | null, shown: ShownText): string | null {
  if (explanation === null) return null;
  const parsed = JSON.parse(explanation) as { evidence?: Array<{ features?: Array<{ feature: string }> }> };
  for (const item of parsed.evidence ?? []) if (item.features) item.features = item.features.filter((f) => isShownFeature(f.feature, shown.features));
  return JSON.stringify(parsed);
}
