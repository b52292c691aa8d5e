import { describe, expect, it } from 'vitest';
import { toSuppressed } from '../../src/report/count-table';
import { isFlagged, isQuotable } from '../../src/report/quotes';
import { toRedactedText } from '../../src/report/redact';
import { toTerms } from '../../src/report/terms';

describe('redaction for quotes', () => {
  it.each([
    ['call 07700 900123 anytime', 'call [phone removed] anytime'],
    ['ring +44 (0)1872 123456 please', 'ring [phone removed] please'],
    ['text 07700900123', 'text [phone removed]'],
    ['mail jo.smith+cornwall@example.co.uk now', 'mail [email removed] now'],
    ['thanks @JessK and see https://example.org/me', 'thanks @[user] and see [link removed]'],
  ])('%j', (text, expected) => {
    expect(toRedactedText(text)).toBe(expected);
  });

  it('keeps years and counts, which are not phone numbers', () => {
    expect(toRedactedText('In 2016 2017 2018 there were 1,200 pupils')).toBe('In 2016 2017 2018 there were 1,200 pupils');
  });
});

describe('who may be quoted', () => {
  const base = { kind: 'post', machineFlag: 0, humanFlag: null, labelled: false, stale: false };
  it('never a flagged post: a person flagged it, or the machine did and no person decided', () => {
    expect(isFlagged({ machineFlag: 1, humanFlag: null })).toBe(true);
    expect(isFlagged({ machineFlag: 0, humanFlag: 1 })).toBe(true);
    expect(isFlagged({ machineFlag: 1, humanFlag: 0 })).toBe(false);
    expect(isQuotable({ ...base, machineFlag: 1 })).toBe(false);
    expect(isQuotable({ ...base, humanFlag: 1 })).toBe(false);
    expect(isQuotable({ ...base, machineFlag: 1, humanFlag: 0, labelled: true })).toBe(true);
  });
  it('never a retweet, an unclassified post or a post changed since it was classified', () => {
    expect(isQuotable({ ...base, kind: 'retweet' })).toBe(false);
    expect(isQuotable({ ...base, machineFlag: null })).toBe(false);
    expect(isQuotable({ ...base, stale: true })).toBe(false);
    expect(isQuotable(base)).toBe(true);
  });
});

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
