import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { withheldIdOf } from '../helpers/export-rows';

// The demo's database holds X posts and Facebook posts, comments and replies collected by the real
// collectors, with the permalinks the platforms gave.
let tmp: ReturnType<typeof makeTempDir>;
let db: string;
beforeAll(async () => {
  tmp = makeTempDir();
  const demo = await runCli(['demo', '--json'], { cwd: tmp.dir, timeoutMs: 120_000 });
  expect(demo.code, demo.stderr).toBe(0);
  db = (JSON.parse(demo.stdout) as { database: string }).database;
}, 150_000);
afterAll(() => tmp.cleanup());

const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir });
const onePost = (kind: string, source: string) =>
  queryDb<{ id: number; source_id: string; url: string }>(db, `SELECT id, source_id, url FROM posts WHERE source = ? AND kind = ? AND url IS NOT NULL ORDER BY id LIMIT 1`, source, kind)[0]!;

async function explainedRef(address: string): Promise<string> {
  const result = await cli('explain', address, '--json');
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { post: string }).post;
}

describe('a post named by its permalink', () => {
  it('explain finds an X post by its stored address, and by the twitter.com address people copy', async () => {
    const tweet = onePost('reply', 'x');
    expect(tweet.url).toMatch(/^https:\/\/x\.com\/[^/]+\/status\/\d+$/);
    expect(await explainedRef(tweet.url)).toBe(`x:${tweet.source_id}`);
    expect(await explainedRef(`https://twitter.com/someone/status/${tweet.source_id}?s=20`)).toBe(`x:${tweet.source_id}`);
    const text = await cli('explain', tweet.url);
    expect(text.stdout.startsWith(`x:${tweet.source_id}: `)).toBe(true);
  });

  it('explain finds a Facebook post, comment and reply by their addresses', async () => {
    for (const kind of ['post', 'comment', 'reply']) {
      const post = onePost(kind, 'facebook');
      // Named as an export names it: by its id, or by its stand-in when its text is withheld (some demo replies are).
      const named = [`facebook:${post.source_id}`, `facebook:${withheldIdOf(db, 'facebook', post.source_id)}`];
      expect(named).toContain(await explainedRef(post.url));
      // The same address from the mobile site, which is not what was stored: found by the id in it.
      expect(named).toContain(await explainedRef(post.url.replace('www.facebook.com', 'm.facebook.com')));
    }
  });

  it('label saves the label on the post an address names, and audits it by SOURCE:ID', async () => {
    const tweet = onePost('post', 'x');
    const comment = onePost('comment', 'facebook');
    expect((await cli('label', `https://mobile.twitter.com/a/status/${tweet.source_id}`, '--outcomes', '2')).code).toBe(0);
    expect((await cli('label', comment.url, '--none')).code).toBe(0);
    expect(queryDb(db, 'SELECT post_id, outcomes FROM labels WHERE post_id IN (?, ?) ORDER BY post_id', tweet.id, comment.id)).toEqual(
      [{ post_id: tweet.id, outcomes: '2' }, { post_id: comment.id, outcomes: '' }].sort((a, b) => a.post_id - b.post_id),
    );
    const subjects = queryDb<{ subject: string }>(db, `SELECT subject FROM audit WHERE action = 'label' ORDER BY id`).map((r) => r.subject);
    expect(subjects).toEqual([`x:${tweet.source_id}`, `facebook:${comment.source_id}`]);
  });

  it('an address of no stored post, or of another site, is exit 2 with what to try', async () => {
    for (const address of ['https://x.com/someone/status/1', 'https://www.facebook.com/CornwallCT/posts/42', 'https://example.org/post/1']) {
      for (const command of [['explain'], ['label', '--none']]) {
        const result = await cli(command[0]!, address, ...command.slice(1));
        expect(result.code, `${command} ${address}`).toBe(2);
        expect(result.stderr).toContain('SOURCE:ID');
        expect(result.stderr).not.toMatch(/\n\s+at /);
      }
    }
  });
});
