import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSummaryText } from '../../src/report/terminal';
import type { SummaryModel } from '../../src/report/summary-model';
import { makeTempDir, runCli } from '../helpers/cli';
import { seedReportDb } from '../report/seed';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
beforeAll(async () => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
  await seedReportDb(db, tmp.file('seed.csv'));
});
afterAll(() => tmp.cleanup());

const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir });
const lengths = (text: string) => text.split('\n').map((line) => [...line].length);

// The seed's posts run from 2017-04-03; the only posts about outcome 3 are two in early May.
const MAY = ['--from', '2017-05-04', '--to', '2017-06-02'];

describe('onevision summary in a terminal', () => {
  it('says plainly that there is no previous period on the default period, with no trend column', async () => {
    const result = await cli('summary');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('No previous period to compare with');
    expect(result.stdout).not.toMatch(/\bprevious\s+trend\b/);
    expect(result.stdout).not.toMatch(/\bnew\b/);
    const model = JSON.parse((await cli('summary', '--json')).stdout) as SummaryModel;
    expect(model.noPreviousPosts).toBe(true);
  });

  it('shows a trend against a previous period that had posts, and a drop to nothing as "none now"', async () => {
    const result = await cli('summary', ...MAY);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/previous\s+trend/);
    expect(result.stdout).toMatch(/^3 Protecting children.*\s2\s+none now$/m);
    expect(result.stdout).not.toContain('-100%');
    expect(result.stdout).toContain('Previous: posts in 2017-04-04 to 2017-05-03');
    const model = JSON.parse((await cli('summary', '--json', ...MAY)).stdout) as SummaryModel;
    expect(model.noPreviousPosts).toBe(false);
    expect(model.outcomes.find((o) => o.outcome === 3)).toMatchObject({ posts: 0, previousPosts: 2, change: -1 });
  });

  it('fits 80 columns when stdout is not a terminal', async () => {
    for (const args of [[], MAY, ['--by', 'place'], ['--by', 'week']]) {
      const result = await cli('summary', ...args);
      expect(result.code, result.stderr).toBe(0);
      expect(Math.max(...lengths(result.stdout)), args.join(' ')).toBeLessThanOrEqual(80);
      // Nothing is lost by fitting: every outcome's top terms are still shown.
      const model = JSON.parse((await cli('summary', '--json', ...args)).stdout) as SummaryModel;
      for (const o of model.outcomes) if (o.terms.length > 0) expect(result.stdout).toContain(o.terms.slice(0, 5).join(', '));
    }
  });

  it('fits a 100-column terminal without wrapping, naming every outcome in full', async () => {
    const model = JSON.parse((await cli('summary', '--json', ...MAY)).stdout) as SummaryModel;
    const text = renderSummaryText(model, 100);
    expect(Math.max(...lengths(text))).toBeLessThanOrEqual(100);
    for (const o of model.outcomes) expect(text).toContain(`${o.outcome} ${o.name}`);
  });
});
