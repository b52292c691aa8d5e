/** The classifier's measured scores for the report's method note, as recorded in BENCHMARKS.md. */
import fs from 'node:fs';
import path from 'node:path';

export const BENCHMARKS_FILE = path.resolve(__dirname, '..', '..', 'BENCHMARKS.md');

/** A line of BENCHMARKS.md meant for reports: the classifier's headline figures, in one sentence. */
const HEADLINE = /^Headline:\s*/;

/**
 * The classifier's measured scores for reports: BENCHMARKS.md's "Headline:" lines when there are any
 * (written for a reader, newest first), else the first lines that name macro-F1 with a figure, without
 * Markdown. Null until someone records them: the report then says how to.
 *
 * A headline names its model. Given the models whose classifications a report counts, it quotes the
 * newest headline of each that has one; otherwise only the newest headline, so a reader is never handed
 * an older model's figures beside the current one's as if both were current.
 */
export function readClassifierScores(file: string = BENCHMARKS_FILE, modelVersions: readonly string[] = []): string[] | null {
  if (!fs.existsSync(file)) return null;
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const headlines = lines.filter((line) => HEADLINE.test(line)).map((line) => line.replace(HEADLINE, '').replace(/[*`]/g, ''));
  if (headlines.length > 0) return headlinesFor(headlines, modelVersions);
  const scored = lines
    .filter((line) => /macro[- ]?F1/i.test(line) && /\d/.test(line))
    .map((line) => line.replace(/^[\s|>*-]+|[\s|]+$/g, '').replace(/\s*\|\s*/g, ' · ').replace(/[*`]/g, ''))
    .slice(0, 4);
  return scored.length > 0 ? scored : null;
}

/** The newest headline naming each of the models, in the file's order; the newest headline when none does. */
function headlinesFor(headlines: readonly string[], modelVersions: readonly string[]): string[] {
  const named = modelVersions.map((version) => headlines.find((line) => line.includes(`model ${version} `))).filter((line): line is string => line !== undefined);
  return named.length > 0 ? headlines.filter((line) => named.includes(line)) : headlines.slice(0, 1);
}
