import { describe, expect, it } from 'vitest';
import { toKeyMessages } from '../../src/report/key-messages';
import { CODEBOOK_OUTCOME_NAMES } from '../../src/report/outcomes';
import { makeSummary, row, weeks } from './summary-fixture';

const names = CODEBOOK_OUTCOME_NAMES;
const about = (summary: ReturnType<typeof makeSummary>, kind: string) => toKeyMessages(summary, names).find((m) => m.about === kind)!.text;

describe('key messages', () => {
  it('names the biggest outcome with its posts and share of sorted posts', () => {
    const summary = makeSummary({ weeks: weeks('2017-04-03', [[10, 30, 0, 5, 5]]) });
    expect(about(summary, 'outcome')).toBe(`${names[2]} has the most posts: 30, 60% of 50 sorted posts.`);
  });

  it('names every outcome that ties for the most, and says plainly when nothing is sorted yet', () => {
    expect(about(makeSummary({ weeks: weeks('2017-04-03', [[20, 20, 0, 5, 5]]) }), 'outcome')).toBe(`${names[1]} and ${names[2]} have the most posts: 20 each, 40% of 50 sorted posts.`);
    expect(about(makeSummary(), 'outcome')).toBe('No post has been sorted into one of the five outcomes yet.');
  });

  it('gives the biggest change in share between the first and second half of the period', () => {
    // Four weeks: outcome 4 is 10% of the first half and 50% of the second; outcome 1 moves the other way.
    const summary = makeSummary({ weeks: weeks('2017-04-03', [[9, 0, 0, 1, 0], [9, 0, 0, 1, 0], [5, 0, 0, 5, 0], [5, 0, 0, 5, 0]]) });
    const text = about(summary, 'change');
    expect(text).toBe(`The biggest change: ${names[1]} fell from 90% of sorted posts in the first half of the period (3 to 16 April 2017) to 50% in the second (17 to 24 April 2017).`);
  });

  it('says when the mix stayed the same, and when there is too little data to speak of change', () => {
    const steady = makeSummary({ weeks: weeks('2017-04-03', [[5, 5, 0, 0, 0], [5, 5, 0, 0, 0], [5, 5, 0, 0, 0], [5, 5, 0, 0, 0]]) });
    expect(about(steady, 'change')).toMatch(/^The mix of outcomes stayed much the same between/);
    const fewWeeks = makeSummary({ weeks: weeks('2017-04-03', [[50, 0, 0, 0, 0], [0, 0, 0, 50, 0]]) });
    expect(about(fewWeeks, 'change')).toMatch(/^There is too little data to speak of change yet/);
    const fewPosts = makeSummary({ weeks: weeks('2017-04-03', [[3, 0, 0, 0, 0], [3, 0, 0, 0, 0], [0, 0, 0, 3, 0], [0, 0, 0, 3, 0]]) });
    expect(about(fewPosts, 'change')).toMatch(/^There is too little data to speak of change yet/);
    expect(about(makeSummary(), 'change')).toMatch(/^There is too little data/);
  });

  it('says where, naming only areas and places with 5 or more posts', () => {
    const summary = makeSummary({
      weeks: weeks('2017-04-03', [[10, 0, 0, 0, 0]]),
      areas: [row('truro-roseland', [6], { posts: 6, label: 'Truro and Roseland' }), row('isles-of-scilly', [4], { posts: 4, label: 'Isles of Scilly' })],
      places: [row('Truro', [5], { posts: 5 }), row('Bryher', [4], { posts: 4 })],
    });
    expect(about(summary, 'place')).toBe('More posts name places in the Truro and Roseland area than in any other (6 posts); the place named most often is Truro (5 posts).');
    const small = makeSummary({ weeks: weeks('2017-04-03', [[4, 0, 0, 0, 0]]), areas: [row('isles-of-scilly', [4], { posts: 4, label: 'Isles of Scilly' })], places: [row('Bryher', [4], { posts: 4 })] });
    const text = about(small, 'place');
    expect(text).toBe('No place was named in 5 or more posts, so no place is singled out here.');
    expect(text).not.toMatch(/Bryher|Scilly/);
  });
});
