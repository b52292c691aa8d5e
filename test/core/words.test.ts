import { describe, expect, it } from 'vitest';
import { plural, wordFor } from '../../src/core/words';

describe('plural', () => {
  it('is singular for exactly one, plural for none and for many', () => {
    expect(plural(1, 'post')).toBe('1 post');
    expect(plural(0, 'post')).toBe('0 posts');
    expect(plural(2, 'post')).toBe('2 posts');
  });

  it('takes the plural form when adding an s would be wrong', () => {
    expect(plural(1, 'reply', 'replies')).toBe('1 reply');
    expect(plural(3, 'reply', 'replies')).toBe('3 replies');
  });
});

describe('wordFor', () => {
  it('gives the word alone, for a count shown another way or a verb that agrees with it', () => {
    expect(`${(1204).toLocaleString('en-GB')} ${wordFor(1204, 'post')}`).toBe('1,204 posts');
    expect(wordFor(1, 'is', 'are')).toBe('is');
    expect(wordFor(2, 'is', 'are')).toBe('are');
  });
});
