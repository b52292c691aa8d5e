/** The classifier's measured scores for the report's method note, as recorded in BENCHMARKS.md. */
import fs from 'node:fs';
import path from 'node:path';

export const BENCHMARKS_FILE = path.resolve(__dirname, '..', '..', 'BENCHMARKS.md');

/**
 * Lines of BENCHMARKS.md that name macro-F1 (the classifier's headline score), without Markdown
 * table pipes. Undefined until someone records them: the report then says how to.
 */
export function readClassifierScores(file: string = BENCHMARKS_FILE): string[] | null {
  if (!fs.existsSync(file)) return null;
  const lines = fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((line) => /macro[- ]?F1/i.test(line) && /\d/.test(line))
    .map((line) => line.replace(/^[\s|>*-]+|[\s|]+$/g, '').replace(/\s*\|\s*/g, ' · ').replace(/[*`]/g, ''))
    .slice(0, 4);
  return lines.length > 0 ? lines : null;
}
