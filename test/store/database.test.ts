/** How every connection is set up: what a user relies on without seeing it. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database';
import { makeTempDir } from '../helpers/cli';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

it('keeps statement journals and sorts in memory, so no post text is written to a temp file (writing and reading)', () => {
  const file = tmp.file('ov.db');
  for (const db of [openDatabase(file), openDatabase(file, { readonly: true })]) {
    // 2 is MEMORY; the default, 0, puts them in files under /var/tmp.
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
    db.close();
  }
});
