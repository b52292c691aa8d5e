/**
 * The database the review and safeguarding desk tests share, made as a team would make it: a survey
 * CSV and an X thread imported (and so classified) through the real CLI, one more response imported
 * without classifying, and one account per role. Invented canary disclosures carry sentinel words
 * that must never reach anyone but the safeguarding lead while their flag stands.
 */
import fs from 'node:fs';
import { runCli } from '../helpers/cli';
import { addUser } from './desk-helpers';

export const PASSWORD = 'correct horse battery';
export const USERS = { analyst: 'ana', reviewer: 'rita', otherReviewer: 'rob', lead: 'dsl-jo' } as const;

/** Sentinels: each appears only in its canary's text. */
export const CANARIES = {
  /** A machine-flagged disclosure in the survey. */
  disclosure: 'zebrafinch2',
  /** A machine-flagged concern in the survey: a sign that may or may not mean harm (S4). */
  concern: 'zebrafinch3',
  /** A disclosure replying to an organisation's question on X, with a reply of its own. */
  thread: 'zebrafinch4',
  /** Imported without classifying: awaiting screening. */
  awaiting: 'zebrafinch1',
} as const;

export const ALL_CANARIES: readonly string[] = Object.values(CANARIES);

export const REFS = {
  disclosure: 'survey:c2',
  concern: 'survey:c3',
  question: 'x:900000000000000001',
  threadFlag: 'x:900000000000000002',
  threadReply: 'x:900000000000000003',
} as const;

const SURVEY = [
  ['ok1', 'We need more youth clubs in Camborne so teenagers have somewhere to go in the evenings', 'resident1', '2017-04-10T12:00:00Z'],
  ['ok2', 'CAMHS waiting lists in Truro are far too long, people wait months for counselling', 'resident2', '2017-04-12T12:00:00Z'],
  ['ok3', 'Breakfast clubs at school in Redruth would help families who struggle with food costs', 'resident3', '2017-04-14T12:00:00Z'],
  ['ok4', 'Please bring back the careers advisers, nobody at college in Penzance helps with apprenticeships', 'resident4', '2017-04-16T12:00:00Z'],
  ['c2', `my stepdad hits me when he drinks and I'm scared to go home in Camborne, I can't sleep and need counselling ${CANARIES.disclosure}`, 'kai_p', '2017-05-03T10:00:00Z'],
  ['c3', `the lad next door in Redruth is always out till 2am and never seems to eat, I feel anxious for him all the time, please help ${CANARIES.concern}`, 'lowenna_t', '2017-05-04T10:00:00Z'],
] as const;

const UNCLASSIFIED = [['c1', `I cut myself every night in Penzance because of what my uncle does to me ${CANARIES.awaiting}`, 'morwenna_j', '2017-05-10T10:00:00Z']] as const;

/** Twitter API v1.1 statuses (twarc 1.x shape): a question, a disclosure replying to it, and a reply to that. */
const THREAD = [
  { id_str: '900000000000000001', created_at: 'Mon May 01 09:00:00 +0000 2017', full_text: 'What would you change for young people in Cornwall? Tell us #CIoSOneVision', user: { id_str: '11', screen_name: 'kernow_youth', name: 'Kernow Youth Forum' }, lang: 'en', in_reply_to_status_id_str: null },
  { id_str: '900000000000000002', created_at: 'Mon May 01 10:00:00 +0000 2017', full_text: `@kernow_youth my uncle hits me when he is drunk and I don't feel safe at home in Truro ${CANARIES.thread}`, user: { id_str: '12', screen_name: 'quiet_kid_17', name: 'Quiet Kid' }, lang: 'en', in_reply_to_status_id_str: '900000000000000001' },
  { id_str: '900000000000000003', created_at: 'Mon May 01 11:00:00 +0000 2017', full_text: '@quiet_kid_17 please talk to someone at school, the youth workers in Truro are brilliant', user: { id_str: '13', screen_name: 'truro_mum', name: 'Truro Mum' }, lang: 'en', in_reply_to_status_id_str: '900000000000000002' },
];

const urlOf = (id: string) => `https://example.org/responses/${id}`;

function writeCsv(file: string, rows: ReadonlyArray<readonly [string, string, string, string]>): string {
  const cell = (value: string) => `"${value.replace(/"/g, '""')}"`;
  fs.writeFileSync(file, ['id,text,author,created_at,url', ...rows.map(([id, text, author, at]) => [id, text, author, at, urlOf(id)].map(cell).join(','))].join('\n') + '\n');
  return file;
}

async function ok(args: readonly string[]): Promise<string> {
  const result = await runCli(args);
  if (result.code !== 0) throw new Error(`onevision ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** Builds the shared database at `db`, writing its import files next to it as `file(name)`. */
export async function seedFlaggedDesk(db: string, file: (name: string) => string): Promise<void> {
  await ok(['--db', db, 'import', writeCsv(file('survey.csv'), SURVEY)]);
  fs.writeFileSync(file('thread.json'), JSON.stringify(THREAD, null, 2));
  await ok(['--db', db, 'import', file('thread.json')]);
  await ok(['--db', db, 'import', '--no-classify', writeCsv(file('late.csv'), UNCLASSIFIED)]);
  await addUser(db, USERS.analyst, 'analyst', PASSWORD);
  await addUser(db, USERS.reviewer, 'reviewer', PASSWORD);
  await addUser(db, USERS.otherReviewer, 'reviewer', PASSWORD);
  await addUser(db, USERS.lead, 'safeguarding-lead', PASSWORD);
}

/** A copy of the seeded database for one test (SQLite's side files too, when a writer left them). */
export function copyDb(from: string, to: string): string {
  for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(from + suffix)) fs.copyFileSync(from + suffix, to + suffix);
  return to;
}

/** The posts `onevision review --json` queues, as SOURCE:ID, and its texts. */
export async function reviewQueue(db: string): Promise<Array<{ post: string; text: string }>> {
  return JSON.parse(await ok(['--db', db, 'review', '--json', '--limit', '100'])) as Array<{ post: string; text: string }>;
}

/** What an analyst's export holds (`onevision export`, pseudonymised, withheld text replaced). */
export async function analystExport(db: string, out: string): Promise<string> {
  await ok(['--db', db, 'export', '--out', out]);
  return fs.readFileSync(out, 'utf8');
}
