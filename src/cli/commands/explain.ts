import type { Command } from 'commander';
import { classify, type Classification } from '../../classify/classify';
import { outcomeName } from '../../classify/codebook';
import { openDatabase } from '../../store/database';
import { loadClassification } from '../../store/classifications';
import { loadLabel } from '../../store/labels';
import { loadModel } from '../classifier';
import type { CommandContext } from '../context';
import { printResult } from '../output';
import { findPost } from './post-ref';

export function registerExplain(program: Command, context: CommandContext): void {
  program
    .command('explain')
    .description('Show why a post got its outcomes: scores, thresholds and the evidence for each')
    .argument('<post>', 'SOURCE:ID, e.g. survey:r-17')
    .option('--json', 'print the explanation as JSON')
    .addHelpText(
      'after',
      `
Scores are calibrated probabilities (0.8 means about 80 % of such posts have the outcome); an
outcome is given when its score reaches its threshold. Evidence lists the codebook phrases found
(negated or dismissed ones marked) and the learned features that pushed the score most.

Examples:
  $ onevision explain survey:r-17
  $ onevision explain x:1642000000000000000 --json`,
    )
    .action((ref: string, flags: { json?: boolean }, command: Command) => {
      const db = openDatabase(context.config(command).dbPath, { readonly: true });
      try {
        const post = findPost(db, ref);
        const { model, origin } = loadModel(db);
        const result = classify(model, post.text);
        const label = loadLabel(db, post.postId) ?? null;
        const stored = loadClassification(db, post.postId) ?? null;
        const outcomeNames = Object.fromEntries(model.file.codebook.outcomes.map((o) => [o.number, o.name]));
        const explanation = { post: ref, text: post.text, url: post.url, model: { version: result.modelVersion, codebook: result.codebookVersion, origin }, outcomeNames, ...result, label, stored };
        printResult(context, flags.json, explanation, render(ref, post.text, result, label, (n) => outcomeName(model.file.codebook, n as 1)));
      } finally {
        db.close();
      }
    });
}

function render(ref: string, text: string, result: Classification, label: { outcomes: string; safeguarding: number | null } | null, name: (n: number) => string): string {
  const lines = [`${ref}: ${text}`, '', `outcomes: ${result.outcomes.length ? result.outcomes.join(';') : 'none'} (confidence ${result.confidence.toFixed(2)}, tone ${result.tone}, model ${result.modelVersion})`];
  if (label) lines.push(`human label (wins): ${label.outcomes || 'none'}${label.safeguarding === null ? '' : `, safeguarding ${label.safeguarding ? 'yes' : 'cleared'}`}`);
  for (const d of result.decisions) {
    lines.push('', `${d.matched ? '✔' : '·'} ${d.outcome} ${name(d.outcome)}: score ${d.score.toFixed(2)}, threshold ${d.threshold.toFixed(2)}`);
    for (const p of d.phrases) lines.push(`    phrase "${p.text}" (${p.phrase}, weight ${p.weight}${p.negated ? ', negated' : ''}${p.dismissed ? ', dismissed' : ''})`);
    for (const f of d.features) lines.push(`    feature ${f.feature} ${f.contribution > 0 ? '+' : ''}${f.contribution.toFixed(2)}`);
  }
  const sg = result.safeguarding;
  lines.push('', `safeguarding: ${sg.flagged ? 'FLAGGED' : 'not flagged'} (score ${sg.score.toFixed(2)}, threshold ${sg.threshold.toFixed(2)})${sg.cues.length ? `; cues: ${sg.cues.map((c) => `"${c.text}"`).join(', ')}` : ''}`);
  return lines.join('\n');
}
