import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEventLog } from '../../src/cli/event-log';
import { Secret } from '../../src/core/secret';
import { startFakeXApi, type FakeXApi } from '../../src/fakes/x-api';
import { TOKEN, collectX, fixtureDataSet } from '../collectors/x-setup';
import { makeTempDir } from '../helpers/cli';

let tmp: ReturnType<typeof makeTempDir>;
let api: FakeXApi;
beforeEach(async () => {
  tmp = makeTempDir();
  api = await startFakeXApi({ data: fixtureDataSet(), token: TOKEN });
});
afterEach(async () => {
  await api.close();
  tmp.cleanup();
});

interface LogLine {
  time: string;
  level: string;
  event: string;
  runId?: number;
  source?: string;
}

describe('the event log', () => {
  it('writes one JSON line per run event beside the database, with the run id, and never the token', async () => {
    const db = tmp.file('data/ov.db');
    api.script({ kind: 'unavailable' });
    const result = await collectX(db, api.url);
    expect(result.code).toBe(0);

    const file = tmp.file('data/logs/onevision.log');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(TOKEN);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as LogLine);
    const events = lines.map((l) => l.event);
    expect(events[0]).toBe('run.start');
    expect(events).toContain('collect.retry');
    expect(events).toContain('collect.page');
    expect(events.at(-1)).toBe('run.end');
    const runIds = new Set(lines.filter((l) => l.event.startsWith('run.') || l.event.startsWith('collect.')).map((l) => l.runId));
    expect(runIds).toEqual(new Set([1]));
    expect(fs.statSync(file).mode & 0o077).toBe(0);
  });

  it('rotates by size, keeping a fixed number of old files, and redacts secrets and access tokens', () => {
    const dbPath = tmp.file('db/ov.db');
    const secret = new Secret('s3cr3t-token-value');
    const log = openEventLog({ dbPath, secrets: [secret], now: () => new Date('2017-05-01T02:00:00Z'), say: () => undefined, maxBytes: 300, keep: 2 });
    for (let i = 0; i < 20; i += 1) log.forRun(i).event('info', 'collect.page', { url: `https://graph.example/feed?access_token=EAAsecret${i}&after=x`, note: `token s3cr3t-token-value ${i}` });
    const dir = path.dirname(tmp.file('db/logs/onevision.log'));
    expect(fs.readdirSync(dir).sort()).toEqual(['onevision.log', 'onevision.log.1', 'onevision.log.2']);
    const all = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('');
    expect(all).not.toMatch(/EAAsecret|s3cr3t-token-value/);
    expect(all).toContain('access_token=[redacted]');
  });
});
