/** The posts the classifier command tests import: a negation, a misleading keyword, a disclosure, a hashtag. */
import fs from 'node:fs';
import { expect } from 'vitest';
import type { CliResult } from '../helpers/cli';

export const DISCLOSURE = 'my mums boyfriend shouts and hits her and i take my little brother upstairs. i dont know who to tell';
export const POSTS = [
  ['r1', "we don't need another youth club, we need CAMHS", 'https://example.org/r1'],
  ['r2', 'Saw a school of dolphins off Porthcurno this morning 🐬', ''],
  ['r3', DISCLOSURE, 'https://example.org/r3'],
  ['r4', '#MentalHealthMatters counselling in every school please', ''],
];

/** Writes POSTS as a CSV at `file` and imports it, which classifies them. */
export async function importClassifierPosts(file: string, cli: (...args: string[]) => Promise<CliResult>): Promise<void> {
  fs.writeFileSync(file, `id,text,url\n${POSTS.map(([id, text, url]) => `${id},"${(text ?? '').replace(/"/g, '""')}",${url}`).join('\n')}\n`);
  const result = await cli('import', file);
  expect(result.code).toBe(0);
  expect(result.stderr).toContain('classified 4 posts');
}
