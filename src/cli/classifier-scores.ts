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
 */
export function readClassifierScores(file: string = BENCHMARKS_FILE): string[] | null {
  if (!fs.existsSync(file)) return null;
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const headlines = lines.filter((line) => HEADLINE.test(line)).map((line) => line.replace(HEADLINE, '').replace(/[*`]/g, ''));
  if (headlines.length > 0) return headlines.slice(0, 2);
  const scored = lines
    .filter((line) => /macro[- ]?F1/i.test(line) && /\d/.test(line))
    .map((line) => line.replace(/^[\s|>*-]+|[\s|]+$/g, '').replace(/\s*\|\s*/g, ' · ').replace(/[*`]/g, ''))
    .slice(0, 4);
  return scored.length > 0 ? scored : null;
}
