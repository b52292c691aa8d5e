/**
 * Where the classifier's files live and how commands get the active model: the model trained by
 * `onevision train` (in the database) if there is one, else the bundled default model. Also the
 * shared "classify these posts and save the results" step used by classify, import and collect.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { OUTCOMES, parseCodebook, type Codebook, type OutcomeNumber } from '../classify/codebook';
import { classify, type Classification, type EvidenceDepth } from '../classify/classify';
import { firstLineOf, type ParsedCsvRecord } from '../classify/gold';
import { compileModel, featuresProblem, ModelError, type CompiledModel } from '../classify/model';
import type { TrainingExample } from '../classify/train';
import { InputError, UserError } from '../errors';
import { loadPostsToClassify, saveClassifications, type ClassificationRow } from '../store/classifications';
import { loadPreviousClassifications, saveClassificationChanges, type ClassificationChangeRow, type PreviousClassification } from '../store/classification-changes';
import { parseOutcomes, sumTallies, tallyOutcomeChanges, type OutcomeTally } from '../classify/outcome-changes';
import type { Db } from '../store/database';
import { inTransaction } from '../store/statements';
import { loadActiveModel } from '../store/models';
import { afterMachineVerdict, isFlagState, type Screening } from '../gate/screening';
import type { RowsAhead } from './classify-ahead';
import { plural } from '../core/words';

const ROOT = path.resolve(__dirname, '..', '..');
export const CODEBOOK_FILE = path.join(ROOT, 'data', 'codebook', 'one-vision-2017.json');
export const DEFAULT_MODEL_FILE = path.join(ROOT, 'data', 'classifier', 'default-model.json');
export const TRAINING_FILE = path.join(ROOT, 'data', 'training', 'train.csv');

export function readCodebook(file: string = CODEBOOK_FILE): Codebook {
  try {
    return parseCodebook(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (error) {
    throw new UserError(`cannot use codebook ${file}: ${(error as Error).message}`, 'Check the file is the JSON codebook (see data/codebook/one-vision-2017.json).');
  }
}

export interface ActiveModel {
  readonly model: CompiledModel;
  /** "database" for a model trained with `onevision train`, "default" for the bundled one. */
  readonly origin: 'database' | 'default';
  /** The database's active model when this onevision cannot use it (trained on older features): the default classifies instead. */
  readonly setAside?: { readonly modelVersion: string; readonly reason: string };
}

export function loadModel(db: Db | undefined): ActiveModel {
  const stored = db ? loadActiveModel(db) : undefined;
  if (stored) {
    try {
      return { model: compileModel(JSON.parse(stored.model)), origin: 'database' };
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      // A model from an older onevision's features cannot be used; the bundled default always can.
      return { model: readDefaultModel(), origin: 'default', setAside: { modelVersion: stored.modelVersion, reason: error.message } };
    }
  }
  return { model: readDefaultModel(), origin: 'default' };
}

/**
 * Which model classifies, read from the stored model's row without compiling it (a few tenths of a
 * second each time; the desk's health page asks on every view): a model trained here on other features
 * than this onevision's is set aside, as `loadModel` would.
 */
export function describeActiveModel(db: Db): { modelVersion: string; origin: ActiveModel['origin']; setAside?: ActiveModel['setAside'] } {
  const stored = loadActiveModel(db);
  const problem = stored && featuresProblem(stored.featureVersion);
  if (stored && !problem) return { modelVersion: stored.modelVersion, origin: 'database' };
  const fallback = { modelVersion: readDefaultModel().file.modelVersion, origin: 'default' } as const;
  return stored && problem ? { ...fallback, setAside: { modelVersion: stored.modelVersion, reason: problem } } : fallback;
}

/** What an officer is told when the database's trained model was set aside (`ActiveModel.setAside`), and what to do. */
export function describeSetAside(setAside: NonNullable<ActiveModel['setAside']>): { problem: string; fix: string } {
  return {
    problem: `the model trained in this database (${setAside.modelVersion}) cannot be used by this onevision (${setAside.reason}), so the bundled default classifies instead`,
    fix: 'Run `onevision train` to rebuild it from the bundled data and your labels, then `onevision classify --all`.',
  };
}

/** The line `classify`, `explain`, `import` and `collect` print on stderr when the database's model was set aside. */
export function setAsideNote(setAside: NonNullable<ActiveModel['setAside']>): string {
  const { problem, fix } = describeSetAside(setAside);
  return `note: ${problem}. ${fix}`;
}

let defaultModel: CompiledModel | undefined;

export function readDefaultModel(): CompiledModel {
  defaultModel ??= compileModel(JSON.parse(fs.readFileSync(DEFAULT_MODEL_FILE, 'utf8')));
  return defaultModel;
}

/** One training file's rows (`id,text,[context,]o1..o5,safeguarding,…`); `group` names the file, i.e. its writer. */
export function readTrainingFile(file: string = TRAINING_FILE): TrainingExample[] {
  const records = parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, info: true, raw: true }) as ParsedTrainingRow[];
  const group = path.basename(file, '.csv');
  return records.map((parsed) => {
    const r = parsed.record;
    const problem = findTrainingRowProblem(r);
    if (problem) throw new InputError(file, firstLineOf(parsed), problem, 'Fix the row by the column list in data/training/README.md; training data is never mapped silently.');
    return {
      id: r.id ?? '',
      text: r.text ?? '',
      ...(r.context ? { context: r.context } : {}),
      outcomes: OUTCOMES.filter((o) => r[`o${o}`] === '1'),
      safeguarding: r.safeguarding === undefined || r.safeguarding === '' ? null : r.safeguarding === '1',
      ...(r.safeguarding === '1' && (r.level === 'disclosure' || r.level === 'concern') ? { level: r.level } : {}),
      group,
      ...(r.channel ? { channel: r.channel } : {}),
    };
  });
}

interface ParsedTrainingRow extends ParsedCsvRecord {
  readonly record: Record<string, string>;
}

/** The guide's lists (data/training/README.md): held-out-by-channel groups rows by these names, so a stray one is its own channel. */
const TRAINING_CHANNELS = new Set(['tweet', 'facebook_comment', 'facebook_reply', 'survey']);
const TRAINING_VOICES = new Set(['young_person', 'parent_carer', 'foster_carer', 'care_leaver', 'teacher', 'health_visitor', 'youth_worker', 'social_worker', 'councillor', 'charity', 'public']);

/**
 * What is wrong with a training row, or null. Rows written by helper sessions have come with their own
 * channel and voice names and stray separators; read as they were, a "tweet_reply" became a channel of
 * its own and a flag without a level quietly lost it. Each file is checked whole before training.
 */
export function findTrainingRowProblem(r: Readonly<Record<string, string>>): string | null {
  if (!r.text?.trim()) return 'the text is empty';
  const notBinary = OUTCOMES.map((o) => `o${o}`).find((column) => r[column] !== '0' && r[column] !== '1');
  if (notBinary) return `${notBinary} is "${r[notBinary] ?? ''}"; it must be 0 or 1`;
  if (r.safeguarding !== undefined && !['', '0', '1'].includes(r.safeguarding)) return `safeguarding is "${r.safeguarding}"; it must be 0, 1 or empty`;
  if (r.level !== undefined) {
    if (r.safeguarding === '1' && r.level !== 'disclosure' && r.level !== 'concern') return `a flagged row needs a level, disclosure or concern (S4); it has "${r.level}"`;
    if (r.safeguarding !== '1' && r.level !== '') return `level "${r.level}" on a row that is not flagged`;
  }
  if (r.channel && !TRAINING_CHANNELS.has(r.channel)) return `channel "${r.channel}" is not one of ${[...TRAINING_CHANNELS].join(', ')}`;
  if (r.voice && !TRAINING_VOICES.has(r.voice)) return `voice "${r.voice}" is not one of ${[...TRAINING_VOICES].join(', ')}`;
  return null;
}

/**
 * Every bundled training file: train.csv and each writer's file in data/training/more/, in a fixed order.
 * A text repeated across files ("This 👆") counts once, the first, as `train` counts it: otherwise the
 * bundled model and the first retrain would differ by more than the new label.
 */
export function readTrainingData(): TrainingExample[] {
  const more = path.join(path.dirname(TRAINING_FILE), 'more');
  const extra = fs.existsSync(more) ? fs.readdirSync(more).filter((name) => name.endsWith('.csv')).sort() : [];
  const seen = new Set<string>();
  return [TRAINING_FILE, ...extra.map((name) => path.join(more, name))]
    .flatMap((file) => readTrainingFile(file))
    .filter((example) => {
      const key = example.text.trim();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

export function formatOutcomes(outcomes: readonly OutcomeNumber[]): string {
  return [...outcomes].sort((a, b) => a - b).join(';');
}

/** Learned features a stored row keeps per outcome it explains. */
const STORED_FEATURES = 3;

/**
 * The evidence a stored row keeps: for the outcomes given, and those with codebook phrases in the post,
 * the strongest few features; `explain` works out the rest again when asked. What to pass `classify`
 * for a row, so it does not choose evidence no row keeps.
 */
export const STORED_EVIDENCE: EvidenceDepth = (matched, phrases) => (matched || phrases.length > 0 ? STORED_FEATURES : 0);

/** `result` from `classify` with at least `STORED_EVIDENCE`. */
export function toClassificationRow(postId: number, revision: number, result: Classification, now: string): ClassificationRow {
  return {
    postId,
    postRevision: revision,
    outcomes: formatOutcomes(result.outcomes),
    scores: toScoresJson(result.decisions),
    safeguarding: result.safeguarding.flagged ? 1 : 0,
    safeguardingScore: result.safeguarding.score,
    safeguardingLevel: result.safeguarding.level,
    confidence: result.confidence,
    tone: result.tone,
    explanation: toExplanationJson(result),
    codebookVersion: result.codebookVersion,
    modelVersion: result.modelVersion,
    classifiedAt: now,
  };
}

/**
 * `JSON.stringify` of the stored explanation, written out as `toScoresJson` is: built as objects first,
 * it was about a twentieth of classifying a post. Its shape: `{ thresholds: number[], evidence: [{ outcome,
 * phrases: string[], features: [{ feature, contribution }] }], safeguarding: string[] }`, evidence kept
 * for the outcomes `STORED_EVIDENCE` names. `test/cli/classify-posts.test.ts` checks it against
 * `JSON.stringify` of those objects for every bundled text.
 */
function toExplanationJson(result: Classification): string {
  let evidence = '';
  for (const d of result.decisions) {
    const kept = STORED_EVIDENCE(d.matched, d.phrases);
    if (kept <= 0) continue;
    let features = '';
    for (const f of d.features.slice(0, kept)) features += `${features === '' ? '' : ','}{"feature":${JSON.stringify(f.feature)},"contribution":${JSON.stringify(f.contribution)}}`;
    evidence += `${evidence === '' ? '' : ','}{"outcome":${JSON.stringify(d.outcome)},"phrases":${jsonStrings(d.phrases.map((p) => p.text))},"features":[${features}]}`;
  }
  const thresholds = result.decisions.map((d) => JSON.stringify(d.threshold)).join(',');
  return `{"thresholds":[${thresholds}],"evidence":[${evidence}],"safeguarding":${jsonStrings(result.safeguarding.cues.map((c) => c.phrase))}}`;
}

const jsonStrings = (texts: readonly string[]) => `[${texts.map((t) => JSON.stringify(t)).join(',')}]`;

/**
 * `JSON.stringify` of outcome → score, written out: built as an object first, it was a twentieth of
 * classifying a post. Outcomes come in order, as an object's integer keys would.
 */
function toScoresJson(decisions: Classification['decisions']): string {
  let json = '';
  for (const { outcome, score } of decisions) json += `${json === '' ? '{' : ','}"${outcome}":${JSON.stringify(score)}`;
  return `${json === '' ? '{' : json}}`;
}

export interface ClassifyRun {
  readonly classified: number;
  /** Posts classified before whose outcomes are now different. */
  readonly changed: number;
  /** Those changes per outcome: how many posts gained or lost each, all five listed. */
  readonly outcomeChanges: readonly OutcomeTally[];
  /** Of the changes, those a new model or codebook made to unchanged text: recorded for `onevision changes`. */
  readonly versionChanges: number;
  /** Of the posts classified, those whose flag stands after this run (raised now or before). */
  readonly flagged: number;
}

/**
 * A change worth recording: the same text (post revision) given other outcomes by another model or
 * codebook version. A post re-read because its text changed is not a version change.
 */
export function toVersionChange(previous: PreviousClassification | undefined, row: ClassificationRow): ClassificationChangeRow | null {
  if (!previous || previous.postRevision !== row.postRevision || previous.outcomes === row.outcomes) return null;
  if (previous.modelVersion === row.modelVersion && previous.codebookVersion === row.codebookVersion) return null;
  return {
    postId: row.postId,
    postRevision: row.postRevision,
    changedAt: row.classifiedAt,
    fromModel: previous.modelVersion,
    toModel: row.modelVersion,
    fromCodebook: previous.codebookVersion,
    toCodebook: row.codebookVersion,
    fromOutcomes: previous.outcomes,
    toOutcomes: row.outcomes,
  };
}

/**
 * Posts classified and saved at a time: few, so memory stays flat. Everything a page keeps until it is
 * saved (its posts, rows, screenings) lives through a young-generation GC, and once 85 % of at least 100
 * objects from one allocation site survive one, V8 allocates that site's objects in the old generation
 * for good (pretenuring), where they pile up as garbage until a full GC. With 2,000 a page, or 100 with
 * replies, `classify --all` over 100k posts peaked at 200-236 MB RSS and ran slower; a page of 20 can
 * never have 85 survivors from a site that makes up to four objects per post, and peaks at 144 MB.
 */
const PAGE = 20;
/**
 * Posts saved at a time when a worker made their rows ahead (an import: classify-ahead.ts). Nearly every
 * row comes ready (only posts the worker did not have, such as older ones, are classified here), and the
 * import's peak memory is the worker's rows waiting in its port, so pages can be larger: each page is a
 * query, a savepoint and a look-up of the stored versions, and a transaction
 * holds 100 of them, so an import commits every 20,000 posts. Saving 100k rows made ahead took 2.2 s
 * against 2.9 s in pages of 20 (BENCHMARKS.md). `classify --all` keeps 20: with 200 its peak rose from
 * 178 to 219 MB.
 */
const ROWS_AHEAD_PAGE = 200;
/** Pages per transaction: one commit per 2,000 posts classified here (a commit per page costs more system time). */
const PAGES_PER_COMMIT = 100;

/**
 * Saves a page's classifications with their screenings and records the version changes they make, in
 * one transaction that reads the stored versions first, so a change is recorded exactly when it is saved.
 */
function savePage(db: Db, rows: readonly ClassificationRow[], screenings: readonly Screening[], ids: { afterId: number; lastId: number }): number {
  return inTransaction(db, () => {
    const before = loadPreviousClassifications(db, ids.afterId, ids.lastId);
    const recorded = rows.flatMap((row) => toVersionChange(before.get(row.postId), row) ?? []);
    saveClassifications(db, rows, screenings);
    saveClassificationChanges(db, recorded);
    return recorded.length;
  });
}

interface RunTally {
  afterId: number;
  classified: number;
  changed: number;
  outcomeChanges: OutcomeTally[];
  versionChanges: number;
  flagged: number;
}

interface ClassifyOptions {
  readonly all: boolean;
  readonly now: string;
  /** Rows a worker made ahead for new posts (classify-ahead.ts); posts it has none for are classified here. */
  readonly ahead?: RowsAhead | undefined;
}

const pageSizeOf = (options: ClassifyOptions) => (options.ahead ? ROWS_AHEAD_PAGE : PAGE);

/** Classifies new and changed posts (or all), a page at a time, and counts outcome changes. */
export function classifyPosts(db: Db, model: CompiledModel, options: ClassifyOptions): ClassifyRun {
  const tally: RunTally = { afterId: 0, classified: 0, changed: 0, outcomeChanges: tallyOutcomeChanges([]), versionChanges: 0, flagged: 0 };
  const commitPages = db.transaction(() => {
    for (let k = 0; k < PAGES_PER_COMMIT; k += 1) if (!classifyPage(db, model, options, tally)) return false;
    return true;
  });
  let more = true;
  while (more) more = commitPages.immediate();
  return { classified: tally.classified, changed: tally.changed, outcomeChanges: tally.outcomeChanges, versionChanges: tally.versionChanges, flagged: tally.flagged };
}

/**
 * The outcomes the machine gave before to this same text (same revision): each keeps its side of its
 * threshold within DECISION_BAND (src/classify/classify.ts). A decision on older text is not kept.
 */
export function keptOutcomes(post: { readonly revision: number; readonly previousOutcomes: string | null; readonly previousRevision: number | null }): OutcomeNumber[] | undefined {
  if (post.previousOutcomes === null || post.previousRevision !== post.revision) return undefined;
  return [...parseOutcomes(post.previousOutcomes)];
}

/** Loads, classifies and saves one page; false when there was nothing left. */
function classifyPage(db: Db, model: CompiledModel, options: ClassifyOptions, tally: RunTally): boolean {
  const { afterId } = tally;
  const page = loadPostsToClassify(db, { all: options.all, afterId, limit: pageSizeOf(options) });
  if (page.length === 0) return false;
  const rows = page.map(
    (post) => options.ahead?.(post, options.now) ?? toClassificationRow(post.postId, post.revision, classify(model, post.text, post.context ?? undefined, keptOutcomes(post), STORED_EVIDENCE), options.now),
  );
  // The machine's verdict moves the screening; it can raise a flag, never lower one (src/gate/screening.ts).
  const screenings = rows.map((row, i) => afterMachineVerdict(page[i]?.screening ?? null, { flagged: row.safeguarding === 1, score: row.safeguardingScore, revision: row.postRevision }));
  tally.versionChanges += savePage(db, rows, screenings, { afterId, lastId: page[page.length - 1]?.postId ?? afterId });
  const moved = rows.flatMap((row, i) => {
    const previous = page[i]?.previousOutcomes;
    return previous !== null && previous !== undefined && previous !== row.outcomes ? [{ from: previous, to: row.outcomes }] : [];
  });
  tally.changed += moved.length;
  tally.outcomeChanges = sumTallies(tally.outcomeChanges, tallyOutcomeChanges(moved));
  tally.flagged += screenings.filter((screening) => isFlagState(screening.state)).length;
  tally.classified += rows.length;
  tally.afterId = page[page.length - 1]?.postId ?? afterId;
  return true;
}

/** The tiny hook `import` and `collect` call after saving: classify what came in, say so on stderr. */
export function classifyNewPosts(db: Db, now: string, say: (line: string) => void, using?: { readonly active: ActiveModel; readonly ahead?: RowsAhead | undefined }): ClassifyRun {
  const active = using?.active ?? loadModel(db);
  const run = classifyPosts(db, active.model, { all: false, now, ahead: using?.ahead });
  if (run.classified > 0 && active.setAside) say(setAsideNote(active.setAside));
  if (run.classified > 0) say(`classified ${plural(run.classified, 'post')} against the five outcomes${run.flagged > 0 ? `; ${run.flagged} flagged for safeguarding (see \`onevision safeguarding\`)` : ''}`);
  return run;
}
