/**
 * `npm run eval:candidate -- --build DIR`: a DIR that is not a built copy of the project is told so at
 * once (exit 2), before ten minutes of training. The full run is a measurement, recorded in
 * data/training/pending/README.md and BENCHMARKS.md, not a test.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ROOT, makeTempDir } from '../helpers/cli';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

it('says what --build needs when the folder holds no build, and trains nothing', () => {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/candidate.mjs'), '--build', tmp.dir], { encoding: 'utf8' });
  expect(result.status).toBe(2);
  expect(result.stderr).toContain(`no onevision build at ${tmp.dir}`);
  expect(result.stderr).toContain('npm run build');
  expect(result.stdout).toBe('');
});
