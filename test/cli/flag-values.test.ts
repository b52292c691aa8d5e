import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
beforeEach(() => {
  tmp = makeTempDir();
  db = tmp.file('ov.db');
});
afterEach(() => tmp.cleanup());

/** Each bad value, the command it was given to, and the words the message must name. */
const REFUSED: ReadonlyArray<{ args: string[]; names: RegExp }> = [
  { args: ['review', '--limit', '-5'], names: /--limit "-5" is not a whole number from 1 to 10000/ },
  { args: ['review', '--limit', 'lots'], names: /--limit "lots"/ },
  { args: ['runs', '--limit', '99999999999999999999'], names: /--limit "99999999999999999999" is not a whole number from 1 to 100000/ },
  { args: ['runs', '--limit', '2.5'], names: /--limit "2.5"/ },
  { args: ['safeguarding', '--limit', '0'], names: /--limit "0" is not a whole number from 1 to 100000/ },
  { args: ['safeguarding', '--limit', '10abc'], names: /--limit "10abc"/ },
  { args: ['changes', '--limit', '1e3'], names: /--limit "1e3"/ },
  { args: ['audit', '--limit', '0x10'], names: /--limit "0x10"/ },
  { args: ['label', 'survey:r-1', '--outcomes', '1,,3'], names: /--outcomes "1,,3" is not a list of whole numbers from 1 to 5/ },
  { args: ['label', 'survey:r-1', '--outcomes', '1,3,'], names: /--outcomes "1,3,"/ },
  { args: ['label', 'survey:r-1', '--outcomes', '6'], names: /--outcomes "6"/ },
  { args: ['export', '--outcome', '0x2'], names: /--outcome "0x2" is not a whole number from 1 to 5/ },
  { args: ['export', '--outcome', '2.0'], names: /--outcome "2.0"/ },
  { args: ['export', '--bom', '--out', 'x.csv', '--no-bom'], names: /--bom and --no-bom were both given/ },
  { args: ['collect', '--max-posts', '-1'], names: /--max-posts "-1" is not a whole number from 1 to 10000000/ },
  { args: ['collect', '--max-posts', '99999999999'], names: /--max-posts "99999999999"/ },
  { args: ['collect', '--max-wait', '99999999y'], names: /--max-wait "99999999y" is not a duration from 0s to 24h/ },
  { args: ['compliance', '--max-wait', 'soon'], names: /--max-wait "soon" is not a duration from 0s to 24h/ },
  { args: ['purge', '--older-than', '99999999y'], names: /--older-than "99999999y" is not a duration from 1d to 100y/ },
  { args: ['purge', '--older-than', '5s'], names: /--older-than "5s" is not a duration from 1d to 100y/ },
  { args: ['forget', '--author', 'someone', '--wait', '2h'], names: /--wait "2h" is not a duration from 0s to 1h/ },
  { args: ['forget', '--recall-list', '99999999999999999999'], names: /--recall-list "99999999999999999999"/ },
  { args: ['schedule', '--max-wait', 'forever'], names: /--max-wait "forever"/ },
  { args: ['cron-line', '--cron', 'every night'], names: /--cron "every night" is not a cron expression/ },
  { args: ['cron-line', '--cron', '*/10 * * * * *'], names: /--cron "\*\/10 \* \* \* \* \*" has 6 fields; a crontab line takes 5/ },
];

describe('numeric, list and duration flags', () => {
  it.each(REFUSED)('onevision $args is refused with exit 2, naming the flag and an example', async ({ args, names }) => {
    const result = await runCli(['--db', db, ...args]);
    expect(result.stderr).toMatch(names);
    expect(result.stderr).toMatch(/E\.g\.|e\.g\./);
    expect(result.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
  });

  it('still takes good values: runs --limit 5, purge --older-than 2y, cron-line --cron "30 1 * * *"', async () => {
    expect((await runCli(['--db', db, 'runs', '--limit', '5'])).code).toBe(0);
    // purge works on a database that is there (a missing one is refused: missing-database.test.ts).
    fs.writeFileSync(tmp.file('one.csv'), 'id,text\nr-1,More buses to Truro please\n');
    expect((await runCli(['--db', db, 'import', tmp.file('one.csv'), '--no-classify'])).code).toBe(0);
    const purge = await runCli(['--db', db, 'purge', '--older-than', '2y', '--dry-run', '--json']);
    expect(purge.code).toBe(0);
    expect(JSON.parse(purge.stdout)).toMatchObject({ dryRun: true, posts: 0 });
    const cronLine = await runCli(['--db', db, 'cron-line', '--cron', '30 1 * * *']);
    expect(cronLine.code).toBe(0);
    expect(cronLine.stdout).toMatch(/^30 1 \* \* \* mkdir -p /m);
  });
});

describe('--source', () => {
  it('names the known sources when export, summary or report is given one the database does not know', async () => {
    const csv = tmp.file('nextdoor.csv');
    fs.writeFileSync(csv, 'id,text,created_at\nn-1,More buses to Truro for young people please,2017-05-01\n');
    expect((await runCli(['--db', db, 'import', csv, '--source', 'nextdoor'])).code).toBe(0);
    for (const command of [['export'], ['summary'], ['report', '--out', tmp.file('r.html')]]) {
      const refused = await runCli(['--db', db, ...command, '--source', 'twitter']);
      expect(refused.stderr).toContain('--source "twitter" is not a source this database knows');
      expect(refused.stderr).toContain('Use one of x, facebook, survey, nextdoor, e.g. --source x.');
      expect(refused.stdout).toBe('');
      expect(refused.code).toBe(2);
    }
    const imported = await runCli(['--db', db, 'export', '--source', 'nextdoor']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('nextdoor,n-1');
    expect((await runCli(['--db', db, 'summary', '--source', 'facebook'])).code).toBe(0);
  });
});
