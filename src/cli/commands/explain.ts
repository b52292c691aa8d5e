import type { Command } from 'commander';
import { classify, type Classification } from '../../classify/classify';
import { outcomeName } from '../../classify/codebook';
import type { ReleasedPost } from '../../gate/release';
import { toScreeningState, describeScreening } from '../../gate/screening';
import { toTerminalText } from '../../gate/terminal-text';
import { openDatabase } from '../../store/database';
import { loadClassification, loadTextToClassify } from '../../store/classifications';
import { loadLabel } from '../../store/labels';
import { loadScreening } from '../../store/screenings';
import { loadModel } from '../classifier';
import type { CommandContext } from '../context';
import { openGate } from '../gate';
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
The text of a post flagged for safeguarding or not yet screened is withheld here, and so is the
evidence (phrases, cues, word features), which would spell it out; the safeguarding lead reads it with \`onevision safeguarding\`. Authors, handles
and names are pseudonymised as in exports.

Examples:
  $ onevision explain survey:r-17
  $ onevision explain x:1642000000000000000 --json`,
    )
    .action((ref: string, flags: { json?: boolean }, command: Command) => {
      const config = context.config(command);
      const db = openDatabase(config.dbPath, { readonly: true });
      try {
        const post = findPost(db, ref);
        const released = openGate(db, config).release(post, { kind: 'analyst' });
        const { model, origin } = loadModel(db);
        const result = withoutEvidence(classify(model, loadTextToClassify(db, post.postId)), released);
        const label = loadLabel(db, post.postId) ?? null;
        const stored = loadClassification(db, post.postId) ?? null;
        const screening = toScreeningState(loadScreening(db, post.postId), post.revision);
        const outcomeNames = Object.fromEntries(model.file.codebook.outcomes.map((o) => [o.number, o.name]));
        const explanation = {
          post: ref,
          text: released.text,
          withheld: released.withheld,
          url: released.url,
          screening,
          model: { version: result.modelVersion, codebook: result.codebookVersion, origin },
          outcomeNames,
          ...result,
          label,
          stored: stored && released.withheld !== null ? { ...stored, explanation: null } : stored,
        };
        const render = () => renderExplanation(ref, released, screening, result, label, (n) => outcomeName(model.file.codebook, n as 1));
        printResult(context, flags.json, explanation, flags.json ? '' : render());
      } finally {
        db.close();
      }
    });
}

/**
 * The evidence for a withheld post (phrases found, cue names, learned word features) spells out its
 * words: only the scores and thresholds are shown. The safeguarding lead reads the rest.
 */
function withoutEvidence(result: Classification, released: ReleasedPost): Classification {
  if (released.withheld === null) return result;
  return {
    ...result,
    decisions: result.decisions.map((d) => ({ ...d, phrases: [], features: [] })),
    safeguarding: { ...result.safeguarding, cues: [] },
  };
}

function renderExplanation(ref: string, released: ReleasedPost, screening: ReturnType<typeof toScreeningState>, result: Classification, label: { outcomes: string } | null, name: (n: number) => string): string {
  const lines = [
    `${ref}: ${toTerminalText(released.text)}`,
    '',
    `safeguarding screening: ${describeScreening(screening)}`,
    `outcomes: ${result.outcomes.length ? result.outcomes.join(';') : 'none'} (confidence ${result.confidence.toFixed(2)}, tone ${result.tone}, model ${result.modelVersion})`,
  ];
  if (label) lines.push(`human label (wins): ${label.outcomes || 'none'}`);
  if (released.withheld !== null) lines.push('evidence withheld with the text: only scores and thresholds are shown');
  for (const d of result.decisions) {
    lines.push('', `${d.matched ? '✔' : '·'} ${d.outcome} ${name(d.outcome)}: score ${d.score.toFixed(2)}, threshold ${d.threshold.toFixed(2)}`);
    for (const p of d.phrases) lines.push(`    phrase "${toTerminalText(p.text)}" (${p.phrase}, weight ${p.weight}${p.negated ? ', negated' : ''}${p.dismissed ? ', dismissed' : ''})`);
    for (const f of d.features) lines.push(`    feature ${f.feature} ${f.contribution > 0 ? '+' : ''}${f.contribution.toFixed(2)}`);
  }
  const sg = result.safeguarding;
  const cues = sg.cues.map((c) => `"${toTerminalText(c.text)}"`);
  lines.push('', `safeguarding (this model): ${sg.flagged ? 'FLAGGED' : 'not flagged'} (score ${sg.score.toFixed(2)}, threshold ${sg.threshold.toFixed(2)})${cues.length ? `; cues: ${cues.join(', ')}` : ''}`);
  return lines.join('\n');
}
