/** Shared set-up for the X collector tests: the fixture data set, the CLI against the fake, a killable child. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { XSearchPage, XTweet, XUser } from '../../src/collectors/x/wire';
import type { XDataSet } from '../../src/fakes/x-search';
import { ROOT, cleanEnv, runCli, type CliResult } from '../helpers/cli';

export const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAFakeBearerTokenDoNotLog%2F0123456789abcdef';
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'x');

export function readFixture<T = unknown>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as T;
}

/** The two real-shaped search pages as one data set: 8 matching posts, their users, the referenced posts. */
export function fixtureDataSet(): XDataSet {
  const pages = [readFixture<XSearchPage>('x_search_page1.json'), readFixture<XSearchPage>('x_search_page2.json')];
  const users = new Map<string, XUser>();
  for (const user of pages.flatMap((p) => p.includes?.users ?? [])) users.set(user.id, user);
  const tweets = pages.flatMap((p) => p.data ?? []);
  const matching = new Set(tweets.map((t) => t.id));
  const referencedTweets = pages.flatMap((p) => p.includes?.tweets ?? []).filter((t) => !matching.has(t.id));
  return { query: '#CIoSOneVision', users: [...users.values()], tweets, referencedTweets };
}

export function xEnv(baseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return { X_BEARER_TOKEN: TOKEN, X_API_BASE_URL: baseUrl, ...extra };
}

export function collectX(db: string, baseUrl: string, args: string[] = [], env: Record<string, string> = {}): Promise<CliResult> {
  return runCli(['--db', db, 'collect', '--source', 'x', ...args], { env: xEnv(baseUrl, env) });
}

/** A CLI child the test can kill -9, to prove a crash mid-run loses nothing. */
export function spawnCollect(db: string, baseUrl: string): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'onevision'), '--db', db, 'collect', '--source', 'x'], { env: cleanEnv(xEnv(baseUrl)), stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited };
}

/** A later post by an existing author, as published between two runs. */
export function laterTweet(after: XTweet, minutes: number, text: string, extra: Partial<XTweet> = {}): XTweet {
  const createdMs = Date.parse(after.created_at ?? '') + minutes * 60_000;
  const id = (BigInt(after.id) + BigInt(minutes) * 60_000n * 4_194_304n).toString();
  return { ...after, id, text, created_at: new Date(createdMs).toISOString(), edit_history_tweet_ids: [id], conversation_id: id, referenced_tweets: undefined, ...extra };
}
