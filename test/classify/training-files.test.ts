/** Training files are read as written or refused with the file and line: never mapped or dropped silently. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readTrainingData, readTrainingFile } from '../../src/cli/classifier';
import { InputError } from '../../src/errors';

const ROOT = path.resolve(__dirname, '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onevision-training-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEADER = 'id,text,context,o1,o2,o3,o4,o5,safeguarding,level,voice,channel,rule';
const GOOD = 'w-1,more buses to Bude please,,1,0,0,0,0,0,,young_person,tweet,';

let written = 0;
function refusal(rows: string[]): InputError {
  written += 1;
  const file = path.join(dir, `writer-bad-${written}.csv`);
  fs.writeFileSync(file, [HEADER, ...rows].join('\n'));
  try {
    readTrainingFile(file);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`${file} was read`);
}

it('reads every bundled and waiting training file', () => {
  const folders = ['data/training', 'data/training/more', 'data/training/pending'].map((folder) => path.join(ROOT, folder));
  const files = folders.flatMap((folder) => fs.readdirSync(folder).filter((name) => name.endsWith('.csv')).map((name) => path.join(folder, name)));
  expect(files.length).toBeGreaterThan(15);
  for (const file of files) expect(readTrainingFile(file).length, file).toBeGreaterThan(0);
  expect(readTrainingData().length).toBeGreaterThan(3_000);
});

it('refuses a channel or voice outside the guide\'s lists, naming the file and line', () => {
  const channel = refusal([GOOD, 'w-2,"a reply,\nover two lines",same here,0,0,0,0,0,0,,young_person,tweet_reply,']);
  // The row starts on line 3 and ends on line 4: it is named where it starts.
  expect(channel.message).toMatch(/writer-bad-\d+\.csv:3: channel "tweet_reply" is not one of tweet, facebook_comment/);
  expect(refusal(['w-1,more buses,,1,0,0,0,0,0,,parent,tweet,']).message).toMatch(/:2: voice "parent" is not one of/);
  // An empty line before a row is not the row's.
  expect(refusal([GOOD, '', 'w-2,more buses,,1,0,0,0,0,0,,parent,tweet,']).message).toMatch(/:4: voice "parent"/);
});

it('refuses a flag without a level, a level without a flag, and labels that are not 0 or 1', () => {
  expect(refusal(['w-1,my stepdad hits me,,0,0,1,0,0,1,,young_person,tweet,']).message).toMatch(/:2: a flagged row needs a level/);
  expect(refusal(['w-1,buses,,1,0,0,0,0,0,concern,young_person,tweet,']).message).toMatch(/:2: level "concern" on a row that is not flagged/);
  expect(refusal([GOOD, 'w-2,buses,,1,0,,0,0,0,,young_person,tweet,']).message).toMatch(/:3: o3 is ""; it must be 0 or 1/);
  expect(refusal(['w-1,buses,,1,0,0,0,0,yes,,young_person,tweet,']).message).toMatch(/safeguarding is "yes"/);
});

it('reads a good row with its level, context and channel', () => {
  const file = path.join(dir, 'writer-good.csv');
  fs.writeFileSync(file, [HEADER, GOOD, 'w-2,same with me tbh,my dad hits me when he drinks,0,0,1,0,0,1,disclosure,young_person,facebook_reply,S1'].join('\n'));
  expect(readTrainingFile(file)).toEqual([
    { id: 'w-1', text: 'more buses to Bude please', outcomes: [1], safeguarding: false, group: 'writer-good', channel: 'tweet' },
    { id: 'w-2', text: 'same with me tbh', context: 'my dad hits me when he drinks', outcomes: [3], safeguarding: true, level: 'disclosure', group: 'writer-good', channel: 'facebook_reply' },
  ]);
});
