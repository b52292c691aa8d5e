import type { Command } from 'commander';
import { activeRecipeToRun, codebookVersionProblem, compareJudgements, mergeExamples, recipeInputsDigest, type Comparison } from '../../classify/compare';
import { OUTCOMES, type Codebook, type OutcomeNumber } from '../../classify/codebook';
import { FEATURE_VERSION } from '../../classify/features';
import { DEFAULT_TRAIN_OPTIONS, compileModel, loweredRecall, recallTargetsOf, trainOptionsFor, type ModelFile, type TrainOptions } from '../../classify/model';
import type { RecallTargets } from '../../classify/thresholds';
import { foldGroupOf, gatherHeldOut, groupsInOrder, type HeldOutJudgement } from '../../classify/crossval';
import type { PreviousThresholds, TrainingExample } from '../../classify/train';
import { UserError } from '../../errors';
import { openDatabase, type Db } from '../../store/database';
import { loadLabelledTexts, type LabelledText } from '../../store/labels';
import { dropModelCandidates, loadModelCandidate, saveActiveModel, saveModelCandidate } from '../../store/models';
import { loadModel, readCodebook, readTrainingData } from '../classifier';
import type { CommandContext } from '../context';
import { churnShare, measureOutcomeChurn, type OutcomeChurn } from '../model-churn';
import { printResult, renderTable } from '../output';
import { runTrainingPieces, type Recipe, type TrainingPiece } from '../training-pool';
import { plural } from '../../core/words';
import { VERSION } from '../../version';

interface TrainFlags {
  codebook?: string;
  force?: boolean;
  dryRun?: boolean;
  maxChange: string;
  flagRecall?: string;
  concernRecall?: string;
  json?: boolean;
}

/** Default share of classified posts a new model may re-tag before `train` asks for --force. */
const DEFAULT_MAX_CHANGE_PERCENT = 2;

/** The recall targets a fresh `train` uses, as the percentages `--help` names: read from the recipe, so the two cannot drift apart. */
const DEFAULT_RECALL_PERCENT = {
  flags: +(DEFAULT_TRAIN_OPTIONS.safeguardingRecall * 100).toFixed(1),
  concerns: +((DEFAULT_TRAIN_OPTIONS.concernRecall ?? 0) * 100).toFixed(1),
};

export function registerTrain(program: Command, context: CommandContext): void {
  program
    .command('train')
    .description('Rebuild the classifier from the bundled training data plus the human labels, if it is not worse')
    .option('--codebook <file>', 'train with this codebook instead of data/codebook/one-vision-2017.json')
    .option('--force', 'replace the active model even if it is worse or would re-tag too many posts')
    .option('--dry-run', 'train and compare, show how many posts would change outcome, change nothing (the next train on the same data reuses the work)')
    .option('--max-change <percent>', 'refuse a model that would change the outcomes of more than this share of classified posts', String(DEFAULT_MAX_CHANGE_PERCENT))
    .option('--flag-recall <percent>', `share of the training's disclosures (and flags without a level) the safeguarding threshold must catch out of fold (default: the active model's, else ${DEFAULT_RECALL_PERCENT.flags})`)
    .option('--concern-recall <percent>', `share of the training's concerns it must catch (default: the active model's, else ${DEFAULT_RECALL_PERCENT.concerns})`)
    .option('--json', 'print the comparison as JSON')
    .addHelpText(
      'after',
      `
Both the new recipe and the active model's are cross-validated (5 folds) on the same rows: the
bundled training data (data/training/train.csv and data/training/more/*.csv) plus every
\`onevision label\`, a person's label counting twice. The new model replaces the active one only
when its macro-F1 and safeguarding recall are not worse, and when it would change the outcomes of at
most --max-change per cent of the posts already classified (counted against their stored outcomes;
posts a person labelled, and retweets of them, are left out), or with --force. It keeps the active
model's thresholds unless moving one clearly helps. Then run \`onevision classify --all\` to re-tag
posts; a post near a threshold keeps its earlier decision, and human labels are never overwritten.
Training is deterministic: the same rows give the same model, on one core or two. It takes a minute
or two; a \`train\` after a --dry-run (or a refused train) on the same rows, codebook and settings
reuses that work and takes seconds.

The safeguarding threshold is the highest that still catches --flag-recall of the disclosures and
--concern-recall of the concerns among the training rows, each scored by a model that did not see it.
Raising them flags more posts, real and false; lowering them is refused, as any fall in recall is,
unless given --force. How much recall to buy with false flags is the safeguarding lead's call (BENCHMARKS.md
gives what each setting costs); a model remembers the setting it was trained with, and the next
\`train\` keeps it unless told otherwise.

Examples:
  $ onevision train --dry-run
  $ onevision train
  $ onevision train --codebook my-codebook.json --json
  $ onevision train --max-change 5
  $ onevision train --concern-recall 98 --dry-run
  $ onevision train --force`,
    )
    .action(async (flags: TrainFlags, command: Command) => {
      const maxShare = parsePercent('--max-change', flags.maxChange, 0, 'onevision train --max-change 5') / 100;
      const chosen = parseRecall(flags);
      const codebook = readCodebook(flags.codebook);
      const db = openDatabase(context.config(command).dbPath, { mustExist: true });
      try {
        const active = loadModel(db).model.file;
        const problem = codebookVersionProblem(codebook, active);
        if (problem) throw new UserError(problem, 'Bump "version" in the codebook file so every classification records which codebook produced it.');
        const labels = loadLabelledTexts(db);
        const examples = mergeExamples(readTrainingData(), labels.map(toExample));
        const options = trainOptionsFor(active, chosen);
        const { comparison, model, reusedFrom, inputs } = await trainOrReuse(db, context, examples, codebook, options, active);
        context.say('counting the posts the new model would re-tag…');
        const churn = measureOutcomeChurn(db, compileModel(model), labels.map((l) => l.text));
        const decision = decide(comparison, churnShare(churn), maxShare, flags, loweredRecall(active, chosen));
        if (decision.replace) saveModel(db, model, examples.length, comparison, context.now().toISOString());
        // Kept for the next train on the same inputs (the usual dry run, then train); an active model needs no copy.
        else if (reusedFrom === null) saveModelCandidate(db, { inputs, trainedAt: context.now().toISOString(), comparison: JSON.stringify(comparison), model: JSON.stringify(model) });
        const result = {
          replaced: decision.replace,
          forced: decision.forced,
          dryRun: Boolean(flags.dryRun),
          wouldReplace: decision.wouldReplace,
          reason: decision.reason,
          modelVersion: decision.replace ? model.modelVersion : active.modelVersion,
          candidateVersion: model.modelVersion,
          rows: examples.length,
          reusedFrom,
          recall: recallTargetsOf(options),
          wouldChange: { ...churn, share: round(churnShare(churn)), maxShare },
          candidate: comparison.candidate,
          active: comparison.active,
        };
        printResult(context, flags.json, result, render(comparison, result));
      } finally {
        db.close();
      }
    });
}

interface Trained {
  readonly comparison: Comparison;
  readonly model: ModelFile;
  /** When the work was first done, if it was reused from an earlier `train` on the same inputs; else null. */
  readonly reusedFrom: string | null;
  /** The digest the work is kept under (recipeInputsDigest). */
  readonly inputs: string;
}

/**
 * Cross-validates both recipes and trains the candidate, or takes them from the last `train` that made
 * them from the same inputs and did not make the candidate active (the usual `train --dry-run`, then
 * `train`), which would otherwise spend the same minute or more reaching the same result.
 */
async function trainOrReuse(db: Db, context: CommandContext, examples: readonly TrainingExample[], codebook: Codebook, options: TrainOptions, active: ModelFile): Promise<Trained> {
  const inputs = recipeInputsDigest(VERSION, examples, codebook, options, active);
  const kept = loadModelCandidate(db, inputs);
  if (kept) {
    context.say(`reusing the cross-validation and model trained ${kept.trainedAt} on the same ${plural(examples.length, 'row')}, codebook and settings`);
    return { comparison: JSON.parse(kept.comparison) as Comparison, model: JSON.parse(kept.model) as ModelFile, reusedFrom: kept.trainedAt, inputs };
  }
  context.say(`cross-validating on ${plural(examples.length, 'row')} (${plural(examples.filter((e) => e.human).length, 'human label')})…`);
  const { comparison, model } = await crossValidateAndTrain(examples, codebook, options, active);
  return { comparison, model, reusedFrom: null, inputs };
}

/**
 * The new recipe cross-validated (and the active model's, when it differs) and the new model trained,
 * as independent pieces shared between two cores (training-pool.ts): the model itself first, as the
 * largest piece, then each recipe's folds.
 */
async function crossValidateAndTrain(examples: readonly TrainingExample[], codebook: Codebook, options: TrainOptions, active: ModelFile): Promise<{ comparison: Comparison; model: ModelFile }> {
  const rerun = activeRecipeToRun(codebook, active, options);
  const recipes: Recipe[] = [{ codebook, options }, ...(rerun ? [rerun] : [])];
  const groupings = recipes.map((recipe) => examples.map((e) => foldGroupOf(e, recipe.options)));
  const pieces: TrainingPiece[] = [
    { kind: 'model', recipe: 0 },
    ...recipes.flatMap((_, recipe) => groupsInOrder(groupings[recipe] ?? []).map((group): TrainingPiece => ({ kind: 'held-out', recipe, grouping: recipe, group }))),
  ];
  const { results } = await runTrainingPieces({ examples, recipes, groupings, ...previousOf(codebook, active) }, pieces);
  const judged = recipes.map((_, recipe) =>
    gatherHeldOut(
      examples.length,
      pieces.flatMap((piece, p) => (piece.kind === 'held-out' && piece.recipe === recipe ? [results[p] as Array<[number, HeldOutJudgement]>] : [])),
    ),
  );
  const comparison = compareJudgements(examples, active, judged[0] ?? [], judged[1] ?? null);
  return { comparison, model: results[0] as ModelFile };
}

/** Thresholds carry over from the active model when it used the same codebook and features; only they are sent to the worker, not its weights. */
function previousOf(codebook: Codebook, active: ModelFile): { previous?: PreviousThresholds } {
  if (active.codebookVersion !== codebook.version || active.featureVersion !== FEATURE_VERSION) return {};
  return { previous: { thresholds: active.thresholds, safeguarding: active.safeguarding } };
}

function parsePercent(flag: string, value: string, min: number, example: string): number {
  const percent = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(percent >= min && percent <= 100)) {
    throw new UserError(`${flag} must be a percentage from ${min} to 100, not "${value}"`, `For example: ${example}`);
  }
  return percent;
}

/** Below half, a safeguarding threshold would be set to miss most of what it is for: refused as a slip. */
const MIN_RECALL_PERCENT = 50;

function parseRecall(flags: TrainFlags): Partial<RecallTargets> {
  const read = (flag: string, value: string | undefined) => (value === undefined ? undefined : parsePercent(flag, value, MIN_RECALL_PERCENT, `onevision train ${flag} 95`) / 100);
  const flagsRecall = read('--flag-recall', flags.flagRecall);
  const concerns = read('--concern-recall', flags.concernRecall);
  return { ...(flagsRecall === undefined ? {} : { flags: flagsRecall }), ...(concerns === undefined ? {} : { concerns }) };
}

interface Decision {
  /** What `train` without --dry-run would do. */
  readonly wouldReplace: boolean;
  readonly replace: boolean;
  readonly forced: boolean;
  readonly reason: string;
}

function decide(comparison: Comparison, share: number, maxShare: number, flags: TrainFlags, lowered: readonly string[]): Decision {
  const tooMuch = share > maxShare;
  const acceptable = comparison.better && !tooMuch && lowered.length === 0;
  const churn = `it would change the outcomes of ${pct(share)} of classified posts, above the ${pct(maxShare)} allowed`;
  // Cross-validated recall may hardly move when concerns are held to less, but fewer real flags is the lead's call.
  const lower = lowered.length ? `it lowers the recall the safeguarding threshold is set by: ${lowered.join(', ')}` : undefined;
  const reason = [comparison.better ? undefined : comparison.reason, tooMuch ? churn : undefined, lower].filter(Boolean).join('; ') || comparison.reason;
  const wouldReplace = acceptable || Boolean(flags.force);
  return { wouldReplace, replace: wouldReplace && !flags.dryRun, forced: !acceptable && Boolean(flags.force), reason };
}

function saveModel(db: Db, model: ModelFile, rows: number, comparison: Comparison, trainedAt: string): void {
  // The candidate is the active model now: a kept copy would only be a second set of its weights.
  dropModelCandidates(db);
  saveActiveModel(db, {
    modelVersion: model.modelVersion,
    codebookVersion: model.codebookVersion,
    featureVersion: FEATURE_VERSION,
    trainedAt,
    summary: JSON.stringify({ rows, crossValidation: comparison.candidate.macroF1 }),
    model: JSON.stringify(model),
  });
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function toExample(label: LabelledText): TrainingExample {
  const outcomes = label.outcomes.split(';').filter(Boolean).map(Number).filter((o): o is OutcomeNumber => OUTCOMES.includes(o as OutcomeNumber));
  const safeguarding = label.safeguarding === null ? null : label.safeguarding === 1;
  // A person's level teaches the level model as a writer's does (S4).
  return { id: `${label.source}:${label.sourceId}`, text: label.text, outcomes, safeguarding, ...(label.level ? { level: label.level } : {}) };
}

interface Rendered {
  readonly recall: RecallTargets;
  readonly replaced: boolean;
  readonly wouldReplace: boolean;
  readonly forced: boolean;
  readonly dryRun: boolean;
  readonly reason: string;
  readonly modelVersion: string;
  readonly candidateVersion: string;
  readonly wouldChange: OutcomeChurn & { readonly share: number };
}

function render(c: Comparison, r: Rendered): string {
  const f = (x: number | null | undefined) => (x === null || x === undefined ? '' : x.toFixed(3));
  const rows = OUTCOMES.map((o, i) => [`F1 outcome ${o}`, f(c.active?.outcomes[i]?.f1), f(c.candidate.outcomes[i]?.f1)] as [string, string, string]);
  const table = renderTable(
    ['cross-validated', 'active', 'new'],
    [['macro-F1', f(c.active?.macroF1), f(c.candidate.macroF1)], ...rows, ['safeguarding recall', f(c.active?.safeguarding?.recall), f(c.candidate.safeguarding?.recall)]],
  );
  const w = r.wouldChange;
  const perOutcome = w.byOutcome.filter((o) => o.gained + o.lost > 0).map((o) => `${o.outcome}: +${o.gained} −${o.lost}`);
  const labelled = w.labelled > 0 ? ` (not counting ${w.labelled} with a person's label)` : '';
  const churn = `would change the outcomes of ${w.changed} of ${w.compared} classified posts${labelled} (${pct(w.share)})${perOutcome.length > 0 ? `; per outcome ${perOutcome.join(', ')}` : ''}`;
  const verdict = r.dryRun
    ? `dry run, nothing changed: the new model ${r.candidateVersion} would ${r.wouldReplace ? 'replace' : 'not replace'} the active one (${r.reason}).`
    : r.replaced
      ? `${r.forced ? 'forced: ' : ''}new model ${r.modelVersion} is now active (${r.reason}). Run \`onevision classify --all\` to re-tag posts.`
      : `kept the active model ${r.modelVersion}: ${r.reason} (use --force to replace it anyway)`;
  const concerns = r.recall.concerns === undefined ? '' : ` and ${pct(r.recall.concerns)} of concerns`;
  const recall = `safeguarding threshold set to catch ${pct(r.recall.flags)} of disclosures${concerns} out of fold`;
  return `${table}\n\n${recall}\n${churn}\n${verdict}`;
}
