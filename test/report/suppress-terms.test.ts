import { describe, expect, it } from 'vitest';
import { toSuppressed } from '../../src/report/count-table';
import { toTerms } from '../../src/report/terms';

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
