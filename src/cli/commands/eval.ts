import fs from 'node:fs';
import type { Command } from 'commander';
import { NO_EVIDENCE, classify } from '../../classify/classify';
import { evaluate, isScored, levelFigures, topConfusions, type Evaluation, type LevelFigures } from '../../classify/evaluate';
import { parseGold } from '../../classify/gold';
import { readImportText } from '../../collectors/imports/file';
import { openDatabase } from '../../store/database';
import { loadModel } from '../classifier';
import type { CommandContext } from '../context';
import { printResult, renderTable } from '../output';
import { plural } from '../../core/words';

export function registerEval(program: Command, context: CommandContext): void {
  program
    .command('eval')
    .description('Score the active model against a hand-labelled gold CSV (read-only)')
    .requiredOption('--gold <file>', 'CSV with id,text,o1,o2,o3,o4,o5 (0/1) and optionally safeguarding, level and context')
    .option('--json', 'print the figures as JSON')
    .addHelpText(
      'after',
      `
Prints precision, recall and F1 per outcome, micro and macro F1, the exact-match rate, safeguarding
recall and precision (when the file has that column), how many flags of each level (S4) caught the
disclosures and concerns (with a \`level\` column), and which outcomes get confused with which. A
\`context\` column holds the post a reply answers; the reply is scored with it in view, as \`classify\`
does. Nothing is written. Never tune the codebook on the file you report.

Examples:
  $ onevision eval --gold data/training/test.csv
  $ onevision eval --gold my-gold.csv --json`,
    )
    .action((flags: { gold: string; json?: boolean }, command: Command) => {
      // Read as an import is: a missing, empty, binary or non-UTF-8 file is refused with its line.
      const gold = parseGold(readImportText(flags.gold), flags.gold);
      const dbPath = context.config(command).dbPath;
      const db = fs.existsSync(dbPath) ? openDatabase(dbPath, { readonly: true }) : undefined;
      try {
        const { model, origin } = loadModel(db);
        const results = gold.map((row) => classify(model, row.text, row.context, undefined, NO_EVIDENCE));
        const predicted = results.map((result) => ({ outcomes: result.outcomes, safeguarding: result.safeguarding.flagged }));
        const evaluation = evaluate(gold, predicted);
        const levels = levelFigures(gold, results.map((r) => r.safeguarding.level));
        const report = { gold: flags.gold, model: { version: model.file.modelVersion, origin }, ...evaluation, levels, topConfusions: topConfusions(evaluation) };
        printResult(context, flags.json, report, render(evaluation, model.file.modelVersion, levels));
      } finally {
        db?.close();
      }
    });
}

const pct = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

function render(e: Evaluation, version: string, levels: LevelFigures | null): string {
  const table = renderTable(
    ['outcome', 'support', 'precision', 'recall', 'f1'],
    e.outcomes.map((o) => (isScored(o) ? [String(o.outcome), o.support, pct(o.precision), pct(o.recall), pct(o.f1)] : [String(o.outcome), 0, 'n/a', 'n/a', 'n/a'])),
  );
  const lines = [`${plural(e.rows, 'gold row')}, model ${version}`, '', table, '', `macro-F1 ${pct(e.macroF1)}   micro-F1 ${pct(e.microF1)}   exact match ${pct(e.exactMatch)}`];
  if (e.safeguarding) lines.push(`safeguarding: recall ${pct(e.safeguarding.recall)} (${e.safeguarding.truePositives}/${e.safeguarding.support}), precision ${pct(e.safeguarding.precision)} (${e.safeguarding.flagged} flagged)`);
  if (levels) {
    const line = (name: string, l: LevelFigures['disclosure']) => `  ${name}: ${plural(l.rows, 'row')}, flagged as disclosure ${l.asDisclosure}, as concern ${l.asConcern}, missed ${l.missed}`;
    lines.push('levels (S4):', line('disclosures', levels.disclosure), line('concerns', levels.concern), `  unflagged rows called a disclosure: ${levels.falseDisclosures}`);
  }
  const confusions = topConfusions(e);
  if (confusions.length > 0) lines.push('', 'most confused (gold → predicted instead):', ...confusions.map((c) => `  ${c.gold} → ${c.predicted}: ${c.count}`));
  return lines.join('\n');
}
