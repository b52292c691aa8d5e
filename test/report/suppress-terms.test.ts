import { describe, expect, it } from 'vitest';
import { toSuppressed } from '../../src/report/count-table';
import { createTermCounter, GENERIC_WORDS, toTerms } from '../../src/report/terms';

describe('small-number suppression', () => {
  it('shows every count below 5 as "<5"', () => {
    expect([0, 1, 4, 5, 12].map(toSuppressed)).toEqual(['<5', '<5', '<5', 5, 12]);
  });
});

describe('terms', () => {
  it('drops stopwords, handles, links and numbers, and keeps two-word phrases', () => {
    expect(toTerms('We need a Youth Club in Bude! @CornwallCT https://x.co 2017')).toEqual(['youth', 'youth club', 'club', 'bude']);
  });
});

describe('generic words', () => {
  const posts: Array<[string, number[]]> = [
    ['Come and open a youth club, a person could sit at a table there', [5]],
    ['Please come open the youth club again so every person gets a table', [5]],
    ['Come to the table, open the youth club for any person', [5]],
    ['Open late youth club where a person can come and play table tennis', [5]],
    ['Mental health support in school, the waiting list is too long', [2]],
    ['Mental health nurse in every school, the waiting list takes months', [2]],
    ['Mental health help at school without a waiting list', [2]],
  ];
  const counter = createTermCounter();
  for (const [text, outcomes] of posts) counter.add(toTerms(text), outcomes);
  const top = counter.top([2, 5], 50);
  const terms = (outcome: number) => (top.get(outcome) ?? []).map((t) => t.term);

  it('never shows "table", "person", "come" or "open" as a term, however distinctive', () => {
    for (const word of ['table', 'person', 'come', 'open']) {
      expect(GENERIC_WORDS.has(word)).toBe(true);
      expect(terms(5)).not.toContain(word);
    }
    expect(terms(5)).toContain('youth club');
  });

  it('keeps a phrase in which a generic word meets one that is not', () => {
    expect(toTerms('open late youth club')).toEqual(['open late', 'late', 'late youth', 'youth', 'youth club', 'club']);
    expect(terms(2)).toContain('waiting list');
    expect(terms(2)).not.toContain('list');
    expect(toTerms('come open')).toEqual([]);
  });
});
