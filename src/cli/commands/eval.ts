import fs from 'node:fs';
import type { Command } from 'commander';
import { classify } from '../../classify/classify';
import { evaluate, topConfusions, type Evaluation } from '../../classify/evaluate';
import { parseGold } from '../../classify/gold';
import { UserError } from '../../errors';
import { openDatabase } from '../../store/database';
import { loadModel } from '../classifier';
import type { CommandContext } from '../context';
import { printResult, renderTable } from '../output';

export function registerEval(program: Command, context: CommandContext): void {
  program
    .command('eval')
    .description('Score the active model against a hand-labelled gold CSV (read-only)')
    .requiredOption('--gold <file>', 'CSV with id,text,o1,o2,o3,o4,o5 (0/1) and optionally safeguarding')
    .option('--json', 'print the figures as JSON')
    .addHelpText(
      'after',
      `
Prints precision, recall and F1 per outcome, micro and macro F1, the exact-match rate, safeguarding
recall and precision (when the file has that column), and which outcomes get confused with which.
Nothing is written. Never tune the codebook on the file you report.

Examples:
  $ onevision eval --gold data/training/test.csv
  $ onevision eval --gold my-gold.csv --json`,
    )
    .action((flags: { gold: string; json?: boolean }, command: Command) => {
      let text: string;
      try {
        text = fs.readFileSync(flags.gold, 'utf8');
      } catch (error) {
        throw new UserError(`cannot read ${flags.gold}: ${(error as Error).message}`, 'Check the path.');
      }
      const gold = parseGold(text, flags.gold);
      const dbPath = context.config(command).dbPath;
      const db = fs.existsSync(dbPath) ? openDatabase(dbPath, { readonly: true }) : undefined;
      try {
        const { model, origin } = loadModel(db);
        const predicted = gold.map((row) => {
          const result = classify(model, row.text);
          return { outcomes: result.outcomes, safeguarding: result.safeguarding.flagged };
        });
        const evaluation = evaluate(gold, predicted);
        const report = { gold: flags.gold, model: { version: model.file.modelVersion, origin }, ...evaluation, topConfusions: topConfusions(evaluation) };
        printResult(context, flags.json, report, render(evaluation, model.file.modelVersion));
      } finally {
        db?.close();
      }
    });
}

const pct = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

function render(e: Evaluation, version: string): string {
  const table = renderTable(
    ['outcome', 'support', 'precision', 'recall', 'f1'],
    e.outcomes.map((o) => [String(o.outcome), o.support, pct(o.precision), pct(o.recall), pct(o.f1)]),
  );
  const lines = [`${e.rows} gold rows, model ${version}`, '', table, '', `macro-F1 ${pct(e.macroF1)}   micro-F1 ${pct(e.microF1)}   exact match ${pct(e.exactMatch)}`];
  if (e.safeguarding) lines.push(`safeguarding: recall ${pct(e.safeguarding.recall)} (${e.safeguarding.truePositives}/${e.safeguarding.support}), precision ${pct(e.safeguarding.precision)} (${e.safeguarding.flagged} flagged)`);
  const confusions = topConfusions(e);
  if (confusions.length > 0) lines.push('', 'most confused (gold → predicted instead):', ...confusions.map((c) => `  ${c.gold} → ${c.predicted}: ${c.count}`));
  return lines.join('\n');
}
