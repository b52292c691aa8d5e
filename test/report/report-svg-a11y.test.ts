import { describe, expect, it } from 'vitest';
import { labelSvg } from '../../src/report/charts';
import { renderHtmlReport } from '../../src/report/html';
import { CODEBOOK_OUTCOME_NAMES } from '../../src/report/outcomes';
import { makeInput, makeSummary, row, weeks } from './summary-fixture';

const summary = makeSummary({
  weeks: weeks('2017-04-03', [[5, 9, 2, 4, 6], [6, 8, 1, 5, 7], [4, 7, 3, 6, 8], [5, 9, 2, 4, 6]]),
  sources: [row('facebook', [12, 20, 5, 10, 15], { posts: 50 }), row('x', [8, 13, 3, 9, 12], { posts: 40 })],
  areas: [row('truro-roseland', [6, 7, 5, 5, 5], { posts: 20, label: 'Truro and Roseland' })],
  places: [row('Truro', [6, 7, 5, 5, 5], { posts: 21, area: 'truro-roseland' }), row('Bodmin', [5], { posts: 5 })],
});
const html = renderHtmlReport(makeInput(summary));
const figures = [...html.matchAll(/<figure class="chart[^"]*" data-chart="([\w-]+)">([\s\S]*?)<\/figure>/g)].map((m) => ({ name: m[1]!, body: m[2]! }));

describe('every chart can be read without seeing it', () => {
  it('draws the outcomes, one small chart per outcome, the sources, the places and the map of areas', () => {
    expect(figures.map((f) => f.name)).toEqual(['outcomes', 'weekly-1', 'weekly-2', 'weekly-3', 'weekly-4', 'weekly-5', 'sources', 'places', 'map']);
  });

  it('gives every SVG role="img" and aria-labelledby naming its own <title> and <desc>', () => {
    const svgs = [...html.matchAll(/<svg\b[^>]*>[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs).toHaveLength(figures.length);
    for (const svg of svgs) {
      const open = /^<svg\b[^>]*>/.exec(svg)![0];
      expect(open).toContain('role="img"');
      const ids = /aria-labelledby="([^"]+)"/.exec(open)![1]!.split(' ');
      expect(ids).toHaveLength(2);
      expect(svg).toMatch(new RegExp(`<title id="${ids[0]}">[^<]+</title>`));
      expect(svg).toMatch(new RegExp(`<desc id="${ids[1]}">[^<]+</desc>`));
    }
    const allIds = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(allIds).size).toBe(allIds.length);
  });

  it('says the main fact in each description', () => {
    const desc = (name: string) => /<desc id="[^"]+">([^<]+)<\/desc>/.exec(figures.find((f) => f.name === name)!.body)![1];
    expect(desc('outcomes')).toBe(`${CODEBOOK_OUTCOME_NAMES[2]!.replace("'", '&#39;')} has the most posts: 33.`);
    expect(desc('sources')).toBe('facebook has the most posts: 50.');
    expect(desc('places')).toBe('Truro is named in the most posts: 21.');
    expect(desc('map')).toMatch(/^Map of posts by community network area: most in Truro and Roseland \(20\)/);
    expect(desc('weekly-5')).toBe(`Posts per week about ${CODEBOOK_OUTCOME_NAMES[5]}: the most, 8, in the week starting 17 April 2017.`);
  });

  it('puts a table of the figures beside every chart, the weekly ones included', () => {
    for (const figure of figures) expect(figure.body, figure.name).toMatch(/<table>[\s\S]*<tbody><tr>/);
    const map = figures.find((f) => f.name === 'map')!.body;
    // Areas under 5 are one row, not named: a name alone would tell none from few.
    expect(map).toContain('<th scope="row">Truro and Roseland</th><td class="num">20</td>');
    expect(map).toContain('<th scope="row">The other 19 areas, each</th><td class="num">&lt;5</td>');
    expect(map).not.toContain('<th scope="row">Isles of Scilly');
    expect(map.match(/<tr><th scope="row">/g)).toHaveLength(2);
    expect(map).toContain('Open Government Licence');
    const weekly = figures.find((f) => f.name === 'weekly-2')!.body;
    expect(weekly).toContain('<th scope="row">2017-04-10</th><td class="num">8</td>');
  });

  it('adds the title and description inside the SVG, escaping their text', () => {
    expect(labelSvg('<svg width="1"><g/></svg>', { id: 'c', title: 'A & B', desc: '<5 posts' })).toBe(
      '<svg width="1" role="img" aria-labelledby="c-title c-desc"><title id="c-title">A &amp; B</title><desc id="c-desc">&lt;5 posts</desc><g/></svg>',
    );
  });
});

describe('a report with no posts yet', () => {
  it('draws no chart, says so, and still leads with key messages', () => {
    const empty = renderHtmlReport(makeInput(makeSummary()));
    expect(empty).not.toContain('<svg');
    expect(empty).toContain('Posts about each outcome: not enough data for a chart yet.');
    expect(empty).toContain('Posts per outcome, week by week: not enough data for a chart yet.');
    expect(empty).toContain('No post has been sorted into one of the five outcomes yet.');
    expect(empty.indexOf('Key messages')).toBeLessThan(empty.indexOf('Posts per outcome'));
  });
});
