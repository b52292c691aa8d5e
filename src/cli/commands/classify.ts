import type { Command } from 'commander';
import { openDatabase } from '../../store/database';
import { classifyPosts, loadModel } from '../classifier';
import type { CommandContext } from '../context';
import { printResult } from '../output';

interface ClassifyFlags {
  all?: boolean;
  json?: boolean;
}

export function registerClassify(program: Command, context: CommandContext): void {
  program
    .command('classify')
    .description('Tag posts against the five One Vision outcomes and flag possible safeguarding disclosures')
    .option('--all', 're-run every post under the current codebook and model, and count changed outcomes')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      `
By default only posts never classified, or changed since, are classified. Human labels
(\`onevision label\`) are kept apart and always win, so --all never overwrites a person's decision.
\`import\` and \`collect\` classify what they bring in.

Examples:
  $ onevision classify
  $ onevision classify --all --json`,
    )
    .action((flags: ClassifyFlags, command: Command) => {
      const db = openDatabase(context.config(command).dbPath);
      try {
        const { model, origin } = loadModel(db);
        const run = classifyPosts(db, model, { all: Boolean(flags.all), now: context.now().toISOString() });
        const summary = { ...run, modelVersion: model.file.modelVersion, codebookVersion: model.file.codebookVersion, model: origin };
        const changed = flags.all ? `, ${run.changed} changed outcome` : '';
        printResult(context, flags.json, summary, `classified ${run.classified} posts${changed}, ${run.flagged} flagged for safeguarding (model ${summary.modelVersion}, ${origin})`);
      } finally {
        db.close();
      }
    });
}
