/**
 * Why a post has its outcomes, in words, for a desk page: `onevision explain`'s sentences
 * (src/cli/post-reasons.ts) for the text as the gate released it to this viewer. Compiling a model
 * takes about a third of a second, so the active model is compiled once per version and kept.
 */
import type { Reasons } from '../classify/reasons';
import type { ReleasedPost } from '../gate/release';
import { loadModel, type ActiveModel } from '../cli/classifier';
import { explainPost } from '../cli/post-reasons';
import type { Db } from '../store/database';
import { loadActiveModel } from '../store/models';

let cached: { readonly key: string; readonly active: ActiveModel } | undefined;

function activeModel(db: Db): ActiveModel {
  const stored = loadActiveModel(db);
  // Retraining the same version again only updates trained_at, so both name the model's content.
  const key = stored ? `${stored.modelVersion}\u0000${stored.trainedAt}` : 'default';
  if (cached?.key !== key) cached = { key, active: loadModel(db) };
  return cached.active;
}

export function explainForDesk(db: Db, post: { readonly postId: number; readonly revision: number }, released: ReleasedPost): Reasons {
  return explainPost(db, activeModel(db).model, post, released).reasons;
}
