/** `eval` on gold files with thread context and S4 levels: what an analyst sees when scoring a set. */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

const HEADER = 'id,text,context,o1,o2,o3,o4,o5,safeguarding,level\n';
const PARENT = 'CAMHS waiting lists in Cornwall are a disgrace, my daughter has waited 18 months for an assessment';
const REPLY = 'Same here 😔 two years and counting';

async function evaluateRows(rows: string): Promise<{ code: number | null; stderr: string; json: { outcomes: Array<{ outcome: number; recall: number | null }>; levels: unknown } | null }> {
  fs.writeFileSync(tmp.file('gold.csv'), HEADER + rows);
  const result = await runCli(['--db', tmp.file('none.db'), 'eval', '--gold', tmp.file('gold.csv'), '--json'], { cwd: tmp.dir });
  return { code: result.code, stderr: result.stderr, json: result.code === 0 ? JSON.parse(result.stdout) : null };
}

describe('eval', () => {
  it('scores a reply with the post it answers in view', async () => {
    const withParent = await evaluateRows(`r1,"${REPLY}","${PARENT}",0,1,0,0,0,0,\n`);
    const alone = await evaluateRows(`r1,"${REPLY}",,0,1,0,0,0,0,\n`);
    const recallOf2 = (r: typeof alone) => r.json?.outcomes.find((o) => o.outcome === 2)?.recall;
    expect(recallOf2(withParent)).toBe(1);
    expect(recallOf2(alone)).toBe(0);
  });

  it('counts how each level of disclosure was flagged', async () => {
    const rows = [
      `r1,"my stepdad hits me when mum is at work and i dont want to go home",,0,0,1,0,0,1,disclosure`,
      `r2,"More buses from Bude to Exeter college please",,0,0,0,1,0,0,`,
    ].join('\n');
    const result = await evaluateRows(`${rows}\n`);
    expect(result.json?.levels).toMatchObject({ disclosure: { rows: 1, missed: 0 }, concern: { rows: 0 }, falseDisclosures: 0 });
  });

  it('names the line of a level it does not know', async () => {
    const result = await evaluateRows(`r1,"text",,0,0,0,0,0,1,urgent\n`);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/gold\.csv.*2.*level must be disclosure, concern or empty, not "urgent"/s);
  });

  it('refuses a gold file it cannot score fairly, naming the line', async () => {
    const refused: Array<[string, string | Buffer, RegExp]> = [
      ['header only', 'id,text,o1,o2,o3,o4,o5\n', /gold\.csv:2: the file has a header and no rows/],
      ['duplicate id', 'id,text,o1,o2,o3,o4,o5\ng1,a,0,0,0,0,1\n\ng2,"two\nlines",0,1,0,0,0\ng1,b,0,0,0,0,0\n', /gold\.csv:6: duplicate id "g1" \(first on line 2\)/],
      ['a column twice', 'id,text,o1,o2,o3,o4,o5,o1\ng1,a,0,0,0,0,1,0\n', /gold\.csv:1: the header names the column "o1" twice/],
      ['empty text', 'id,text,o1,o2,o3,o4,o5\ng1,,0,0,0,0,1\n', /gold\.csv:2: row "g1" has no text/],
      ['not UTF-8', Buffer.from('id,text,o1,o2,o3,o4,o5\ng1,caf\xe9,0,0,0,0,1\n', 'latin1'), /gold\.csv:2: not valid UTF-8/],
    ];
    for (const [name, content, message] of refused) {
      fs.writeFileSync(tmp.file('gold.csv'), content);
      const result = await runCli(['--db', tmp.file('none.db'), 'eval', '--gold', tmp.file('gold.csv')], { cwd: tmp.dir });
      expect(result.code, name).toBe(2);
      expect(result.stderr, name).toMatch(message);
    }
  });

  it('leaves out of macro-F1 an outcome the file never mentions and the model never gives', async () => {
    fs.writeFileSync(tmp.file('gold.csv'), 'id,text,o1,o2,o3,o4,o5\ng1,CAMHS waiting lists are far too long for anxious teenagers,0,1,0,0,0\n');
    const result = await runCli(['--db', tmp.file('none.db'), 'eval', '--gold', tmp.file('gold.csv')], { cwd: tmp.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^2 +1 +1\.000 +1\.000 +1\.000$/m);
    expect(result.stdout).toMatch(/^1 +0 +n\/a +n\/a +n\/a$/m);
    expect(result.stdout).toContain('macro-F1 1.000');
  });
});
