/** Which recorded scores a report quotes: the "Headline:" lines of BENCHMARKS.md when there are any. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readClassifierScores } from '../../src/cli/classifier-scores';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onevision-scores-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let written = 0;
const write = (text: string) => {
  written += 1;
  const file = path.join(dir, `benchmarks-${written}.md`);
  fs.writeFileSync(file, text);
  return file;
};

it('quotes the Headline line, not a table header that names macro-F1', () => {
  const file = write('| set | macro-F1 | per outcome (1–5) |\n| A | 0.8 | … |\n\nHeadline: model m on blind set D: macro-F1 0.900, **all** 12 flagged.\n');
  expect(readClassifierScores(file)).toEqual(['model m on blind set D: macro-F1 0.900, all 12 flagged.']);
});

it('falls back to lines naming macro-F1 with a figure, and to null when there are none', () => {
  expect(readClassifierScores(write('| A | macro-F1 0.838 |\n'))).toEqual(['A · macro-F1 0.838']);
  expect(readClassifierScores(write('nothing measured\n'))).toBeNull();
});

it('reads the bundled BENCHMARKS.md headline', () => {
  expect(readClassifierScores()?.[0]).toMatch(/^model \S+ on 260 responses .* macro-F1 0\.\d+/);
});
