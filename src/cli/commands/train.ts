import type { Command } from 'commander';
import { codebookVersionProblem, compareRecipes, mergeExamples, type Comparison } from '../../classify/compare';
import { OUTCOMES, type OutcomeNumber } from '../../classify/codebook';
import { FEATURE_VERSION } from '../../classify/features';
import { trainModel, type TrainingExample } from '../../classify/train';
import { UserError } from '../../errors';
import { openDatabase } from '../../store/database';
import { loadLabelledTexts } from '../../store/labels';
import { saveActiveModel } from '../../store/models';
import { loadModel, readCodebook, readTrainingFile } from '../classifier';
import type { CommandContext } from '../context';
import { printResult, renderTable } from '../output';

interface TrainFlags {
  codebook?: string;
  force?: boolean;
  json?: boolean;
}

export function registerTrain(program: Command, context: CommandContext): void {
  program
    .command('train')
    .description('Rebuild the classifier from the bundled training data plus the human labels, if it is not worse')
    .option('--codebook <file>', 'train with this codebook instead of data/codebook/one-vision-2017.json')
    .option('--force', 'replace the active model even if cross-validation says it is worse')
    .option('--json', 'print the comparison as JSON')
    .addHelpText(
      'after',
      `
Both the new recipe and the active model's are cross-validated (5 folds) on the same rows: the
bundled data/training/train.csv plus every \`onevision label\`. The new model replaces the active
one only when its macro-F1 and safeguarding recall are not worse, or with --force. Then run
\`onevision classify --all\` to re-tag posts; human labels are never overwritten.

Examples:
  $ onevision train
  $ onevision train --codebook my-codebook.json --json
  $ onevision train --force`,
    )
    .action((flags: TrainFlags, command: Command) => {
      const codebook = readCodebook(flags.codebook);
      const db = openDatabase(context.config(command).dbPath);
      try {
        const active = loadModel(db).model.file;
        const problem = codebookVersionProblem(codebook, active);
        if (problem) throw new UserError(problem, 'Bump "version" in the codebook file so every classification records which codebook produced it.');
        const examples = mergeExamples(readTrainingFile(), loadLabelledTexts(db).map(toExample));
        context.say(`cross-validating on ${examples.length} rows (${examples.filter((e) => e.human).length} human labels)…`);
        const comparison = compareRecipes(examples, codebook, active);
        const replace = comparison.better || Boolean(flags.force);
        const model = replace ? trainModel(examples, codebook) : undefined;
        if (model) {
          saveActiveModel(db, {
            modelVersion: model.modelVersion,
            codebookVersion: model.codebookVersion,
            featureVersion: FEATURE_VERSION,
            trainedAt: context.now().toISOString(),
            summary: JSON.stringify({ rows: examples.length, crossValidation: comparison.candidate.macroF1 }),
            model: JSON.stringify(model),
          });
        }
        const result = { replaced: replace, forced: replace && !comparison.better, reason: comparison.reason, modelVersion: model?.modelVersion ?? active.modelVersion, rows: examples.length, candidate: comparison.candidate, active: comparison.active };
        printResult(context, flags.json, result, render(comparison, result.replaced, result.forced, result.modelVersion));
      } finally {
        db.close();
      }
    });
}

function toExample(label: { source: string; sourceId: string; text: string; outcomes: string; safeguarding: number | null }): TrainingExample {
  const outcomes = label.outcomes.split(';').filter(Boolean).map(Number).filter((o): o is OutcomeNumber => OUTCOMES.includes(o as OutcomeNumber));
  return { id: `${label.source}:${label.sourceId}`, text: label.text, outcomes, safeguarding: label.safeguarding === null ? null : label.safeguarding === 1 };
}

function render(c: Comparison, replaced: boolean, forced: boolean, version: string): string {
  const f = (x: number | null | undefined) => (x === null || x === undefined ? '' : x.toFixed(3));
  const rows = OUTCOMES.map((o, i) => [`F1 outcome ${o}`, f(c.active?.outcomes[i]?.f1), f(c.candidate.outcomes[i]?.f1)] as [string, string, string]);
  const table = renderTable(
    ['cross-validated', 'active', 'new'],
    [['macro-F1', f(c.active?.macroF1), f(c.candidate.macroF1)], ...rows, ['safeguarding recall', f(c.active?.safeguarding?.recall), f(c.candidate.safeguarding?.recall)]],
  );
  const verdict = replaced ? `${forced ? 'forced: ' : ''}new model ${version} is now active (${c.reason}). Run \`onevision classify --all\` to re-tag posts.` : `kept the active model ${version}: ${c.reason} (use --force to replace it anyway)`;
  return `${table}\n\n${verdict}`;
}
