/** How connections are set up: what a user relies on without seeing it. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database';
import { makeTempDir } from '../helpers/cli';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

// temp_store 2 is MEMORY; the default, 0, puts statement journals and sorts in files under /var/tmp.
it('keeps statement journals in memory for bulk saving, so no page of post text goes to a temp file', () => {
  const db = openDatabase(tmp.file('ov.db'), { bulk: true });
  expect(db.pragma('temp_store', { simple: true })).toBe(2);
  db.close();
});

it('leaves other connections to spill large sorts to disk, so an export of 100k posts stays within its memory', () => {
  const db = openDatabase(tmp.file('ov.db'));
  expect(db.pragma('temp_store', { simple: true })).toBe(0);
  db.close();
});
