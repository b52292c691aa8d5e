// Facebook collection from the fake Graph API: a page with 2,000 posts and 20,000 comments and
// replies (some threads longer than a page). Reports requests and wall time for the first run, and
// requests on an immediate re-run with nothing new. The CLI runs in a child process (spawned
// asynchronously, so this process's fake server keeps answering).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, report, tempDir } from './lib/util.mjs';

const require = createRequire(import.meta.url);
const { startFakeGraphApi } = require(path.join(ROOT, 'dist/fakes/graph-api.js'));

const POSTS = 2_000;
const COMMENTS = 20_000;
const TOKEN = 'EAABENCHTOKEN0123456789';
const PAGE = { id: '1234567890123456', name: 'Cornwall Children\'s Trust', username: 'CornwallCT' };

function buildPage() {
  const start = Date.UTC(2017, 2, 24);
  const posts = [];
  for (let p = 0; p < POSTS; p += 1) {
    const postId = `${1400000000000000 + p}`;
    const created = start + p * 3 * 3_600_000;
    posts.push({ id: `${PAGE.id}_${postId}`, message: `Post ${p}: what would you change for young people? #CIoSOneVision`, created_time: toGraphTime(created), from: { id: PAGE.id, name: PAGE.name }, permalink_url: `https://www.facebook.com/CornwallCT/posts/${postId}`, status_type: 'mobile_status_update', comments: [] });
  }
  // 80% top-level comments spread over the posts, 20% replies; every 200th post gets a 150-reply thread.
  let made = 0;
  for (let c = 0; made < COMMENTS; c += 1) {
    const post = posts[(c * 7) % POSTS];
    const postObject = post.id.split('_')[1];
    const created = Date.parse(post.created_time.replace('+0000', 'Z')) + (post.comments.length + 1) * 60_000;
    const comment = { id: `${postObject}_${1410000000000000 + c}`, message: `comment ${c} about buses and youth clubs`, created_time: toGraphTime(created), from: { id: `${1000000000000000 + (c % 5000)}`, name: `Person ${c % 5000}` }, like_count: c % 9, permalink_url: `https://www.facebook.com/CornwallCT/posts/${postObject}?comment_id=${1410000000000000 + c}`, replies: [] };
    post.comments.push(comment);
    made += 1;
    const replies = (c % 200 === 0 ? 150 : c % 5 === 0 ? 1 : 0);
    for (let r = 0; r < replies && made < COMMENTS; r += 1, made += 1) {
      comment.replies.push({ id: `${postObject}_${1420000000000000 + made}`, message: `reply ${r}`, created_time: toGraphTime(created + (r + 1) * 1000), like_count: 0, parent: { id: comment.id } });
    }
  }
  posts.reverse();
  return { page: PAGE, posts };
}

function toGraphTime(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

function runCollect(db, baseUrl) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/onevision'), '--db', db, 'collect', '--source', 'facebook', '--json'], {
      env: { ...process.env, FB_PAGE_TOKEN: TOKEN, FB_GRAPH_BASE_URL: baseUrl, FB_PAGE_ID: 'CornwallCT' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`collect failed (${code}): ${err.slice(-2000)}`));
      resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, summary: JSON.parse(out)[0] });
    });
  });
}

const api = await startFakeGraphApi({ data: buildPage(), token: TOKEN });
try {
  const db = path.join(tempDir('facebook'), 'fb.db');
  const first = await runCollect(db, api.url);
  const firstRequests = api.requests.length;
  const again = await runCollect(db, api.url);
  report('facebook collect 2,000 posts + 20,000 comments', {
    firstRunRequests: firstRequests,
    firstRunSeconds: first.seconds,
    firstRunPostsSaved: first.summary.run.fetched,
    rerunRequests: api.requests.length - firstRequests,
    rerunSeconds: again.seconds,
    rerunNew: again.summary.run.new,
  });
} finally {
  await api.close();
}
