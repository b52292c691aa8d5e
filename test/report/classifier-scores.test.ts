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

it('quotes the headline of the models a report counts, or only the newest when none has one', () => {
  const file = write('Headline: model 2017.1.2+bbbbbbbbbbbb on set K: macro-F1 0.930.\n\nolder\n\nHeadline: model 2017.1.2+aaaaaaaaaaaa on set F: macro-F1 0.889.\n');
  expect(readClassifierScores(file)).toEqual(['model 2017.1.2+bbbbbbbbbbbb on set K: macro-F1 0.930.']);
  expect(readClassifierScores(file, ['2017.1.2+aaaaaaaaaaaa'])).toEqual(['model 2017.1.2+aaaaaaaaaaaa on set F: macro-F1 0.889.']);
  expect(readClassifierScores(file, ['2017.1.2+aaaaaaaaaaaa', '2017.1.2+bbbbbbbbbbbb'])).toHaveLength(2);
  // A model with no headline of its own (trained locally) gets the newest, not an older model's beside it.
  expect(readClassifierScores(file, ['2017.1.2+cccccccccccc'])).toEqual(['model 2017.1.2+bbbbbbbbbbbb on set K: macro-F1 0.930.']);
});

it('falls back to lines naming macro-F1 with a figure, and to null when there are none', () => {
  expect(readClassifierScores(write('| A | macro-F1 0.838 |\n'))).toEqual(['A · macro-F1 0.838']);
  expect(readClassifierScores(write('nothing measured\n'))).toBeNull();
});

it('reads the bundled BENCHMARKS.md headline', () => {
  expect(readClassifierScores()?.[0]).toMatch(/^model \S+ on [\d,]+ responses .* macro-F1 0\.\d+/);
});
