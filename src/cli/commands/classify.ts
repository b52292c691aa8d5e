import type { Command } from 'commander';
import { openDatabase } from '../../store/database';
import { classifyPosts, loadModel, setAsideNote, type ClassifyRun } from '../classifier';
import type { CommandContext } from '../context';
import { printResult } from '../output';
import { describeTallies } from '../../classify/outcome-changes';
import { plural } from '../../core/words';

interface ClassifyFlags {
  all?: boolean;
  json?: boolean;
}

export function registerClassify(program: Command, context: CommandContext): void {
  program
    .command('classify')
    .description('Tag posts against the five One Vision outcomes and flag possible safeguarding disclosures')
    .option('--all', 're-run every post under the current codebook and model, and count changed outcomes per outcome')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      `
By default only posts never classified, or changed since, are classified. Human labels
(\`onevision label\`) are kept apart and always win, so --all never overwrites a person's decision.
\`import\` and \`collect\` classify what they bring in.

When a new model or codebook gives a post's unchanged text other outcomes, the change is recorded:
the summary says how many posts gained and lost each outcome, and \`onevision changes\` lists them.

Examples:
  $ onevision classify
  $ onevision classify --all --json`,
    )
    .action((flags: ClassifyFlags, command: Command) => {
      const db = openDatabase(context.config(command).dbPath, { bulk: true, mustExist: true });
      try {
        const { model, origin, setAside } = loadModel(db);
        const run = classifyPosts(db, model, { all: Boolean(flags.all), now: context.now().toISOString() });
        const summary = { ...run, modelVersion: model.file.modelVersion, codebookVersion: model.file.codebookVersion, model: origin, ...(setAside ? { setAside } : {}) };
        if (setAside) context.say(setAsideNote(setAside));
        const line = `classified ${plural(run.classified, 'post')}${flags.all ? `, ${run.changed} changed outcome` : ''}, ${run.flagged} flagged for safeguarding (model ${summary.modelVersion}, ${origin})`;
        printResult(context, flags.json, summary, [line, ...describeChanges(run)].join('\n'));
      } finally {
        db.close();
      }
    });
}

/** Per outcome, how many posts gained and lost it; and where to see the posts a new version moved. */
function describeChanges(run: ClassifyRun): string[] {
  if (run.changed === 0) return [];
  const recorded = run.versionChanges > 0 ? [`${run.versionChanges} of them by a new model or codebook: see \`onevision changes\``] : [];
  return [`  ${describeTallies(run.outcomeChanges)}`, ...recorded.map((line) => `  ${line}`)];
}
