/**
 * The gate matrix's database: ordinary clear posts, and one invented canary disclosure per screening
 * state, each carrying a sentinel word that can be searched for in every output.
 *
 * Every withheld canary also carries SHARED_WORD, so that a leak through frequency-based outputs
 * (distinctive terms need a word in at least three posts) shows up too; a unique sentinel alone
 * never becomes a term. Withheld sentinels all start with WITHHELD_PREFIX; the person-cleared
 * canary's does not.
 */
import fs from 'node:fs';
import { expect } from 'vitest';
import type { CliResult } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { activateModel, type EditableModel } from './model-fixture';

export type State = 'awaiting' | 'machine-clear' | 'machine-flagged' | 'person-cleared' | 'person-flagged';

export const SHARED_WORD = 'glimmerhorn';
export const WITHHELD_PREFIX = 'zebrafinch';

export interface Canary {
  readonly id: string;
  /** The matrix row: how the post reached its state. */
  readonly story: string;
  readonly state: State;
  readonly sentinel: string;
  readonly text: string;
  readonly author: string;
  readonly createdAt: string;
  /** Lower-case words of the disclosure itself (or their stems) that `explain` must not show. */
  readonly tells: readonly string[];
  /** The benign first revision a person cleared, for "cleared, then edited". */
  readonly before?: string;
}

const withheld = (n: string) => `${WITHHELD_PREFIX}${n}`;

export const CANARIES: readonly Canary[] = [
  {
    id: 'c1',
    story: 'never classified (import --no-classify)',
    state: 'awaiting',
    sentinel: withheld('1'),
    text: `I cut myself every night in Penzance because of what my uncle does to me and I want to die, CAMHS won't see me ${withheld('1')} ${SHARED_WORD}`,
    author: 'morwenna_j',
    createdAt: '2017-05-10T10:00:00Z',
    tells: ['cut myself', 'want to die', 'myself'],
  },
  {
    id: 'c2',
    story: 'flagged by the machine, nobody has looked',
    state: 'machine-flagged',
    sentinel: withheld('2'),
    text: `my stepdad hits me when he drinks and I'm scared to go home in Camborne, I can't sleep and need counselling ${withheld('2')} ${SHARED_WORD}`,
    author: 'kai_p',
    createdAt: '2017-05-03T10:00:00Z',
    tells: ['stepdad', 'hits me'],
  },
  {
    id: 'c3',
    story: 'flagged by the machine, confirmed by a person (--safeguarding yes)',
    state: 'person-flagged',
    sentinel: withheld('3'),
    text: `my mum's boyfriend locks me in my room without food in Redruth and I feel anxious all the time, please help ${withheld('3')} ${SHARED_WORD}`,
    author: 'lowenna_t',
    createdAt: '2017-05-04T10:00:00Z',
    tells: ['boyfriend', 'my mum'],
  },
  {
    id: 'c3b',
    story: 'missed by the machine, flagged by a person (--safeguarding yes)',
    state: 'person-flagged',
    sentinel: withheld('3b'),
    text: `my stepmum burns me with cigarettes in Falmouth and I feel so depressed, I need mental health support ${withheld('3b')} ${SHARED_WORD}`,
    author: 'jory_k',
    createdAt: '2017-05-05T10:00:00Z',
    tells: ['stepmum', 'cigarette', 'depress'],
  },
  {
    id: 'c4a',
    story: 'cleared by a person, then edited (re-imported --no-classify)',
    state: 'awaiting',
    sentinel: withheld('4a'),
    before: 'The skatepark in Falmouth is brilliant, we need more mental health support in schools',
    text: `my brother's mate touches me when mum is at work in Falmouth and I am too scared to tell anyone, I need counselling ${withheld('4a')} ${SHARED_WORD}`,
    author: 'pol_w',
    createdAt: '2017-05-08T10:00:00Z',
    tells: ['my brother', 'touches', 'scared to'],
  },
  {
    id: 'c4b',
    story: 'cleared by a person, then edited (re-imported, classified)',
    state: 'machine-flagged',
    sentinel: withheld('4b'),
    before: 'Counselling at school in Truro really helped me, more CAMHS please',
    text: `my uncle hits me and my little sister in Truro when he is drunk and I don't feel safe at home, I need counselling ${withheld('4b')} ${SHARED_WORD}`,
    author: 'nessa_b',
    createdAt: '2017-05-09T10:00:00Z',
    tells: ['hits me', 'little sister', 'drunk'],
  },
  {
    id: 'c5',
    story: 'flagged by the machine, then a retrained model says clear',
    state: 'machine-flagged',
    sentinel: withheld('5'),
    text: `${retrainPattern('Newquay')} ${withheld('5')} ${SHARED_WORD}`,
    author: 'tamsin_r',
    createdAt: '2017-05-06T10:00:00Z',
    tells: ['packag', 'my sister', 'cousin'],
  },
  {
    id: 'c6',
    story: 'a disclosure a person cleared (--safeguarding no)',
    state: 'person-cleared',
    sentinel: 'kingfisher6',
    text: "my dad hit me last night in St Austell and I'm scared, I need someone to talk to about my mental health kingfisher6",
    author: 'ellie_m',
    createdAt: '2017-05-07T10:00:00Z',
    tells: [],
  },
];

/** The text of the case-5 canary, and of the posts a person clears to teach a new model it is harmless. */
function retrainPattern(town: string): string {
  return `my older cousin makes me carry packages to ${town} for him and says he will hurt my sister if I stop, I'm so anxious`;
}

export const WITHHELD_STATES: readonly State[] = ['awaiting', 'machine-flagged', 'person-flagged'];
export const isWithheld = (c: Canary) => WITHHELD_STATES.includes(c.state);
export const isListedForLead = (c: Canary) => c.state === 'machine-flagged' || c.state === 'person-flagged';
export const canary = (id: string) => CANARIES.find((c) => c.id === id) as Canary;

/** Ordinary responses: several authors, five weeks, places and all five outcomes, none a disclosure. */
export const CLEAR_POSTS: readonly string[] = [
  'We need more youth clubs in Camborne so teenagers have somewhere to go in the evenings',
  'CAMHS waiting lists in Truro are far too long, people wait months for counselling',
  'Breakfast clubs at school in Redruth would help families who struggle with food costs',
  'Please bring back the careers advisers, nobody at college in Penzance helps with apprenticeships',
  'More mental health support in schools across Bodmin, exam stress is awful',
  'The surf club in Newquay keeps loads of us fit and happy, fund more of it',
  'Better buses to college from Launceston please, it takes two hours each way',
  'A counselling drop-in at the youth centre in Falmouth would help with anxiety',
  'Parents need affordable childcare in St Austell so they can go back to work',
  'The youth council in Liskeard actually listens to us, more of that everywhere',
  'School nurses in Helston should run sessions on eating well and sleep',
  "Free swimming lessons in Bude for families who can't afford them would keep kids healthy",
  'The family hub in Saltash is brilliant for new parents',
  'Apprenticeships with local employers in Hayle would stop young people leaving Cornwall',
  'Mental health first aid training for teachers in Wadebridge please',
];

/** Towns for the posts that teach the retrained model the case-5 pattern is harmless. */
const RETRAIN_TOWNS = ['Hayle', 'Bude', 'Looe', 'Helston', 'Liskeard', 'Saltash', 'Wadebridge', 'Launceston', 'Padstow', 'Fowey'];

/** Every post the database ends up holding, withheld or not. */
export const TOTAL_POSTS = CLEAR_POSTS.length + CANARIES.length + RETRAIN_TOWNS.length;

export const urlOf = (id: string) => `https://example.org/responses/${id}`;

type Row = readonly [id: string, text: string, author: string, createdAt: string, url: string];

function writeCsv(file: string, rows: readonly Row[]): string {
  const cell = (value: string) => `"${value.replace(/"/g, '""')}"`;
  fs.writeFileSync(file, ['id,text,author,created_at,url', ...rows.map((row) => row.map(cell).join(','))].join('\n') + '\n');
  return file;
}

const row = (c: Canary, text = c.text): Row => [c.id, text, c.author, c.createdAt, urlOf(c.id)];

const clearRows = (): Row[] =>
  CLEAR_POSTS.map((text, i) => {
    const day = new Date(Date.UTC(2017, 3, 10 + i * 2, 12));
    return [`ok${i + 1}`, text, `resident${i + 1}`, day.toISOString(), urlOf(`ok${i + 1}`)];
  });

export interface Built {
  /** The machine's stored verdict on the case-5 canary before and after the retrain (classifications.safeguarding). */
  readonly retrainedVerdict: { readonly before: number | undefined; readonly after: number | undefined };
}

type Cli = (...args: string[]) => Promise<CliResult>;

async function ok(cli: Cli, ...args: string[]): Promise<CliResult> {
  const result = await cli(...args);
  expect(result.code, `onevision ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

export const machineVerdict = (db: string, id: string): number | undefined =>
  queryDb<{ safeguarding: number }>(db, 'SELECT c.safeguarding FROM classifications c JOIN posts p ON p.id = c.post_id WHERE p.source = ? AND p.source_id = ?', 'survey', id)[0]?.safeguarding;

/**
 * Builds the database, in the order a real team might: import and screen, clear two benign posts,
 * retrain on people's "not safeguarding" decisions, reach decisions on canaries, then the posts
 * change and new ones arrive unclassified.
 */
export async function buildMatrixDatabase(cli: Cli, db: string, file: (name: string) => string): Promise<Built> {
  const first = [...['c2', 'c3', 'c3b', 'c5', 'c6'].map((id) => row(canary(id))), ...['c4a', 'c4b'].map((id) => row(canary(id), canary(id).before))];
  await ok(cli, 'import', writeCsv(file('responses.csv'), [...clearRows(), ...first]));

  // Case 4: a person clears the benign first revisions (the flag decision alone, no outcomes).
  for (const id of ['c4a', 'c4b']) await ok(cli, 'label', `survey:${id}`, '--safeguarding', 'no', '--by', 'Analyst Sam');

  // Case 5: people say the canary's pattern is harmless, a retrain runs, and a new model says clear.
  // What training learns from ten labels depends on the bundled data (a model that learns S1 well
  // keeps the flag), so the model that says clear is the retrained one with its safeguarding
  // threshold put above every score: the gate must hold the flag whatever the model says.
  const before = machineVerdict(db, 'c5');
  const teach: Row[] = RETRAIN_TOWNS.map((town, i) => [`t${i}`, retrainPattern(town), `teacher${i}`, `2017-05-${String(11 + i).padStart(2, '0')}T09:00:00Z`, '']);
  await ok(cli, 'import', writeCsv(file('retrain.csv'), teach));
  // Two at a time: SQLite's busy timeout queues the writes, and the run stays short.
  for (let i = 0; i < teach.length; i += 2) {
    await Promise.all(teach.slice(i, i + 2).map(([id]) => ok(cli, 'label', `survey:${id}`, '--outcomes', '2', '--safeguarding', 'no', '--by', 'Analyst Sam')));
  }
  await ok(cli, 'train', '--force');
  const retrained = JSON.parse(queryDb<{ model: string }>(db, 'SELECT model FROM models WHERE active = 1')[0]?.model ?? '{}') as EditableModel;
  activateModel(db, { ...retrained, modelVersion: `${retrained.modelVersion}-says-clear`, safeguarding: { ...retrained.safeguarding, threshold: 2, disclosureThreshold: 2 } });
  await ok(cli, 'classify', '--all');
  const after = machineVerdict(db, 'c5');
  // The trained model is the active one again for what follows (case 4's edit must be flagged by it).
  activateModel(db, retrained);

  // Case 3 and 6: the safeguarding lead's decisions.
  await ok(cli, 'label', 'survey:c3', '--safeguarding', 'yes', '--by', 'DSL Jo');
  await ok(cli, 'label', 'survey:c3b', '--outcomes', '2,3', '--safeguarding', 'yes', '--by', 'DSL Jo');
  await ok(cli, 'label', 'survey:c6', '--outcomes', '2', '--safeguarding', 'no', '--note', 'known to MARU', '--by', 'DSL Jo');

  // Case 4: the cleared posts change; one is classified on import, the other arrives with the new posts unclassified.
  await ok(cli, 'import', writeCsv(file('edited.csv'), [row(canary('c4b'))]));
  await ok(cli, 'import', '--no-classify', writeCsv(file('unclassified.csv'), [row(canary('c1')), row(canary('c4a'))]));

  return { retrainedVerdict: { before, after } };
}
