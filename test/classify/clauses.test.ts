import { describe, expect, it } from 'vitest';
import { clauseFeatures } from '../../src/classify/clauses';
import { parseCodebook } from '../../src/classify/codebook';
import { isSafeguardingFeature } from '../../src/classify/features';
import { toTextRules, toTokens } from '../../src/classify/text';
import { CODEBOOK_FILE } from '../../src/cli/classifier';
import fs from 'node:fs';

const rules = toTextRules(parseCodebook(JSON.parse(fs.readFileSync(CODEBOOK_FILE, 'utf8'))));
const featuresOf = (text: string) => [...clauseFeatures(toTokens(text, rules)).keys()];

describe('whose clause a word is in', () => {
  it('pairs words with a relation, the writer or a group, clause by clause', () => {
    const specific = featuresOf("my little brother hasn't had tea in days");
    expect(specific.some((f) => f.startsWith('relation:'))).toBe(true);
    expect(specific.some((f) => f.startsWith('self:'))).toBe(true);
    expect(specific.some((f) => f.startsWith('group:'))).toBe(false);

    const group = featuresOf('kids round here go hungry in the holidays');
    expect(group.some((f) => f.startsWith('group:'))).toBe(true);
    expect(group.some((f) => f.startsWith('relation:') || f.startsWith('self:'))).toBe(false);
  });

  it('keeps clauses apart: a group in one sentence does not mark the next', () => {
    const features = featuresOf('Loads of teenagers vape. I am scared to go home.');
    expect(features).toContain('clause:group');
    expect(features).toContain('clause:self');
    expect(features.filter((f) => f.startsWith('group:')).every((f) => !/scare|home/.test(f))).toBe(true);
  });

  it('are the safeguarding model\'s only: outcomes never learn from them', () => {
    for (const name of featuresOf('my mate is 14 and lots of people know')) expect(isSafeguardingFeature(name)).toBe(true);
    expect(isSafeguardingFeature('word:bus')).toBe(false);
  });
});
