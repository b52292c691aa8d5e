/**
 * A small database for the posts browser and post page, made through the real CLI: survey answers
 * to two questions, event comments (one holding markup, one an invented canary disclosure a person
 * flagged), and an X thread (a question and two replies from twarc 1.x JSONL). People's labels fix
 * the outcomes the filter tests rely on, whatever the bundled model says.
 */
import fs from 'node:fs';
import { expect } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli';

export const QUESTION_BETTER = 'What would make Cornwall a better place to grow up?';
export const QUESTION_WORRY = 'What worries you most?';

/** The canary's own word: in no other post, so any page showing it shows the canary. */
export const CANARY_WORD = 'quorblefrost';
export const CANARY_REF = 'event:canary';
export const CANARY_AUTHOR = 'kidx_private';
export const CANARY_TEXT = `my stepdad hits me when he drinks and I'm scared to go home in Camborne ${CANARY_WORD}`;
/** Words of the canary a page must not show to an analyst or a reviewer. */
export const CANARY_TELLS = [CANARY_WORD, 'stepdad', 'hits me', CANARY_AUTHOR];

export const SCRIPT_REF = 'event:e1';
export const SCRIPT_TEXT = `The family hub in Saltash is brilliant for new parents <script>alert('owned')</script>`;

/** Labels people gave every event comment but the canary: [ref, outcomes] ('' for none of the five). */
export const LABELS: ReadonlyArray<readonly [ref: string, outcomes: string]> = [
  [SCRIPT_REF, '1'],
  ['event:e2', '2'],
  ['event:e3', '4'],
  ['event:e4', '1,5'],
  ['event:e5', ''],
];

const SURVEY = `ID,Date,${QUESTION_BETTER},${QUESTION_WORRY}
r1,2017-05-02,More youth clubs in Truro with pool tables,Buses from Truro stop running too early
r2,2017-05-09,A skatepark in Bodmin,Exam stress at school
r3,2017-06-14,Cheaper bus fares to Falmouth for students,
`;

const EVENTS: ReadonlyArray<readonly [id: string, text: string, createdAt: string, author: string]> = [
  ['e1', SCRIPT_TEXT, '2017-04-20T09:00:00Z', '@sallyp'],
  ['e2', 'Free swimming lessons in Bude would keep kids healthy', '2017-06-01T09:00:00Z', '@bobk'],
  ['e3', 'Apprenticeships with local employers in Hayle would stop young people leaving', '2017-05-20T09:00:00Z', '@ann_h'],
  ['e4', 'The youth council in Liskeard actually listens, more of that everywhere', '2017-05-12T09:00:00Z', '@lisk'],
  ['e5', 'Better buses to college from Launceston please, it takes two hours', '2017-07-03T09:00:00Z', '@bus_l'],
  ['canary', CANARY_TEXT, '2017-05-05T09:00:00Z', `@${CANARY_AUTHOR}`],
];

const TWEETS = [
  { id_str: '9001', created_at: 'Wed May 03 10:00:00 +0000 2017', full_text: 'What should the council fund for young people in Newquay?', user: { id_str: '501', screen_name: 'kernowyouth', name: 'Kernow Youth' }, lang: 'en' },
  { id_str: '9002', created_at: 'Wed May 03 11:00:00 +0000 2017', full_text: '@kernowyouth surf lessons for every school in Newquay', user: { id_str: '502', screen_name: 'jenna_surf', name: 'Jenna' }, in_reply_to_status_id_str: '9001', lang: 'en' },
  { id_str: '9003', created_at: 'Wed May 03 12:00:00 +0000 2017', full_text: '@kernowyouth a late bus home from Newquay on Fridays', user: { id_str: '503', screen_name: 'tomh', name: 'Tom' }, in_reply_to_status_id_str: '9001', lang: 'en' },
];

/** Every post the seed makes (survey r3 left one question blank). */
export const SEEDED_POSTS = 5 + EVENTS.length + TWEETS.length;

export async function seedPostsDb(db: string, file: (name: string) => string): Promise<void> {
  const cli = async (...args: string[]): Promise<CliResult> => {
    const result = await runCli(['--db', db, ...args], { timeoutMs: 120_000 });
    expect(result.code, `onevision ${args.join(' ')}\n${result.stderr}`).toBe(0);
    return result;
  };
  fs.writeFileSync(file('survey.csv'), SURVEY);
  await cli('import', file('survey.csv'), '--id-column', 'ID', '--date-column', 'Date', '--text-column', QUESTION_BETTER, '--text-column', QUESTION_WORRY);
  const cell = (value: string) => `"${value.replace(/"/g, '""')}"`;
  fs.writeFileSync(file('events.csv'), ['id,text,created_at,author,source', ...EVENTS.map(([id, text, at, author]) => [id, text, at, author, 'event'].map(cell).join(','))].join('\n') + '\n');
  await cli('import', file('events.csv'));
  fs.writeFileSync(file('tweets.jsonl'), TWEETS.map((t) => JSON.stringify(t)).join('\n') + '\n');
  await cli('import', file('tweets.jsonl'));
  await cli('label', CANARY_REF, '--safeguarding', 'yes', '--by', 'DSL Jo');
  for (const [ref, outcomes] of LABELS) await cli('label', ref, ...(outcomes === '' ? ['--none'] : ['--outcomes', outcomes]), '--by', 'Rev Ray');
}
