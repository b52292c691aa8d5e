import type { Command } from 'commander';
import type { Classification } from '../../classify/classify';
import { outcomeName } from '../../classify/codebook';
import type { Reasons } from '../../classify/reasons';
import type { ReleasedPost } from '../../gate/release';
import { toScreeningState, describeScreening } from '../../gate/screening';
import { toTerminalText } from '../../gate/terminal-text';
import { loadLabel } from '../../store/labels';
import { loadScreening } from '../../store/screenings';
import { loadModel, setAsideNote } from '../classifier';
import { explainPost } from '../post-reasons';
import type { CommandContext } from '../context';
import { openGate } from '../gate';
import { printResult } from '../output';
import { findPost } from './post-ref';
import { openForReading } from '../read-database';

export function registerExplain(program: Command, context: CommandContext): void {
  program
    .command('explain')
    .description('Say in words why a post got its outcomes, and why a close one was not given')
    .argument('<post>', 'SOURCE:ID (e.g. survey:r-17) or the post\'s address (e.g. https://x.com/user/status/ID)')
    .option('--verbose', 'also print every score, threshold, phrase weight and learned feature')
    .option('--json', 'print the sentences and the raw scores and evidence as JSON')
    .addHelpText(
      'after',
      `
Each outcome given gets a sentence naming the words of the post that led to it, as written, with
how strongly the codebook ties them to the outcome (strong, medium, weak); where no codebook
phrase did it, the words the model learned from labelled posts. An outcome that came close, or
whose phrases the post uses, gets a sentence saying why it was not given. A phrase the post
dismisses ("we don't need another youth club") or negates is said to be.

Scores are calibrated probabilities (0.8 means about 80 % of such posts have the outcome); an
outcome is given when its score reaches its threshold. --verbose and --json add the raw scores,
thresholds, phrase weights and learned features.

The text of a post flagged for safeguarding or not yet screened is withheld here, and so are the
words that led to its outcomes (phrases, cues, learned words), which would spell it out: only the
outcomes, scores and thresholds are given, in every form. The safeguarding lead reads the rest
with \`onevision safeguarding\`. Authors, handles and names are pseudonymised as in exports, and a
learned word or feature is only named when the text as shown has it: a reply is scored with the
post it answers in view, but that post's words are not named here.

Examples:
  $ onevision explain survey:r-17
      Tagged 2 (health) because it mentions "CAMHS" (strong) and "anxiety" (medium).
      Not 5 (contribution) because its score 0.04 is below 0.40: ..., but it says
      "youth club" is not what is needed (dismissed).
  $ onevision explain survey:r-17 --verbose     the same, then every score and feature
  $ onevision explain x:1642000000000000000 --json
  $ onevision explain https://x.com/someone/status/1642000000000000000
  $ onevision explain "https://www.facebook.com/CornwallCT/posts/1400000034960014?comment_id=1410000035587560"`,
    )
    .action((typed: string, flags: { json?: boolean; verbose?: boolean }, command: Command) => {
      const config = context.config(command);
      const db = openForReading(config.dbPath);
      try {
        const post = findPost(db, typed);
        // Named by SOURCE:ID however it was asked for (an address is long), as an export names it: a
        // withheld post by its stand-in, since its id leads to its text on the platform.
        const gate = openGate(db, config);
        const ref = gate.shownRef(post, { kind: 'analyst' });
        const released = gate.release(post, { kind: 'analyst' });
        const { model, origin, setAside } = loadModel(db);
        if (setAside) context.say(setAsideNote(setAside));
        const { result, reasons, stored } = explainPost(db, model, post, released);
        const label = loadLabel(db, post.postId) ?? null;
        const screening = toScreeningState(loadScreening(db, post.postId), post.revision);
        const outcomeNames = Object.fromEntries(model.file.codebook.outcomes.map((o) => [o.number, o.name]));
        const explanation = {
          post: ref,
          text: released.text,
          withheld: released.withheld,
          url: released.url,
          screening,
          model: { version: result.modelVersion, codebook: result.codebookVersion, origin, ...(setAside ? { setAside } : {}) },
          outcomeNames,
          reasons,
          ...result,
          label,
          stored: stored && released.withheld !== null ? { ...stored, explanation: null } : stored,
        };
        const name = (n: number) => outcomeName(model.file.codebook, n as 1);
        const render = () => [renderReasons(ref, released, screening, result, reasons, label, name), ...(flags.verbose ? [renderRaw(released, result, name)] : [])].join('\n\n');
        printResult(context, flags.json, explanation, flags.json ? '' : render());
      } finally {
        db.close();
      }
    });
}

function renderReasons(ref: string, released: ReleasedPost, screening: ReturnType<typeof toScreeningState>, result: Classification, reasons: Reasons, label: { outcomes: string } | null, name: (n: number) => string): string {
  const lines = [`${ref}: ${toTerminalText(released.text)}`, ''];
  if (result.outcomes.length === 0) lines.push('No outcome reached its threshold.');
  lines.push(...reasons.outcomes.map((r) => toTerminalText(r.sentence)), toTerminalText(reasons.safeguarding), '');
  for (const n of result.outcomes) lines.push(`${n} ${reasons.outcomes.find((r) => r.outcome === n)?.key ?? ''}: ${name(n)}`);
  lines.push(`Confidence ${result.confidence.toFixed(2)}, tone ${result.tone}, model ${result.modelVersion}; safeguarding screening: ${describeScreening(screening)}.`);
  if (label) lines.push(`A person labelled it ${label.outcomes || 'none'}, and that label wins.`);
  return lines.join('\n');
}

/** What --verbose adds: every decision's score, threshold, phrases with weights and learned features. */
function renderRaw(released: ReleasedPost, result: Classification, name: (n: number) => string): string {
  const lines = [`outcomes: ${result.outcomes.length ? result.outcomes.join(';') : 'none'}`];
  if (released.withheld !== null) lines.push('evidence withheld with the text: only scores and thresholds are shown');
  for (const d of result.decisions) {
    lines.push('', `${d.matched ? '✔' : '·'} ${d.outcome} ${name(d.outcome)}: score ${d.score.toFixed(2)}, threshold ${d.threshold.toFixed(2)}`);
    for (const p of d.phrases) lines.push(`    phrase "${toTerminalText(p.text)}" (${p.phrase}, weight ${p.weight}${p.negated ? ', negated' : ''}${p.dismissed ? ', dismissed' : ''})`);
    for (const f of d.features) lines.push(`    feature ${f.feature} ${f.contribution > 0 ? '+' : ''}${f.contribution.toFixed(2)}`);
  }
  const sg = result.safeguarding;
  // The kind (writer, relation, harm, specific, resolved) says why a cue counts: "writer" and "relation" flag whatever the score.
  const cues = sg.cues.map((c) => `${c.phrase.slice(0, c.phrase.indexOf(':'))} "${toTerminalText(c.text)}"`);
  lines.push('', `safeguarding (this model): ${sg.flagged ? `FLAGGED${sg.level ? ` (${sg.level})` : ''}` : 'not flagged'} (score ${sg.score.toFixed(2)}, threshold ${sg.threshold.toFixed(2)})${cues.length ? `; cues: ${cues.join(', ')}` : ''}`);
  return lines.join('\n');
}
