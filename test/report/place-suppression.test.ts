/**
 * Small numbers by place: a place's count below 5 is hidden, and so is a second count in its area
 * wherever the area's published count would otherwise give a single hidden one back by subtraction
 * ("West Penwith 32, Penzance 30, Newlyn <5": Newlyn is 2).
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/classify/random';
import { CountTable, SMALL_NUMBER, SUPPRESSED, countCells, publishedPlaces, toPublishedPlaceCells, type CountRow } from '../../src/report/count-table';
import { toPivot } from '../../src/report/pivot';
import type { Summary } from '../../src/report/summarise';

/** Place and area tables as summarise builds them: a post counts once in each place it names and once in each of their areas. */
function tablesOf(posts: ReadonlyArray<{ places: ReadonlyArray<readonly [place: string, area: string]>; outcomes: number[] }>): { places: CountRow[]; areas: CountRow[] } {
  const places = new CountTable();
  const areas = new CountTable();
  for (const post of posts) {
    for (const [place, area] of post.places) places.add(place, post.outcomes, true, area);
    for (const area of new Set(post.places.map(([, a]) => a))) areas.add(area, post.outcomes, true);
  }
  return { places: places.rows('posts'), areas: areas.rows('posts') };
}

const many = (n: number, place: readonly [string, string], outcomes: number[] = []) => Array.from({ length: n }, () => ({ places: [place], outcomes }));
const PENZANCE = ['Penzance', 'west-penwith'] as const;
const NEWLYN = ['Newlyn', 'west-penwith'] as const;
const MOUSEHOLE = ['Mousehole', 'west-penwith'] as const;
const BUDE = ['Bude', 'bude'] as const;

describe('place counts as they may be published', () => {
  it('hides a second count where an area would give back its one hidden place', () => {
    const { places, areas } = tablesOf([...many(30, PENZANCE, [5]), ...many(2, NEWLYN, [5]), ...many(7, BUDE, [2])]);
    const cells = new Map(places.map((p, i) => [p.key, toPublishedPlaceCells(places, areas)[i]]));
    // West Penwith (32) is published in the area table, so Penzance's 30 would give Newlyn's 2 back.
    expect(areas.find((a) => a.key === 'west-penwith')?.posts).toBe(32);
    expect(cells.get('Newlyn')?.[0]).toBe(SUPPRESSED);
    expect(cells.get('Penzance')?.[0]).toBe(SUPPRESSED);
    // Bude is alone in its area and big enough: nothing to give back.
    expect(cells.get('Bude')?.[0]).toBe(7);
    expect(publishedPlaces(places, areas).map((p) => p.key)).toEqual(['Bude']);
  });

  it('hides nothing more when two places in the area are hidden already, or the area itself is', () => {
    const twoHidden = tablesOf([...many(30, PENZANCE), ...many(2, NEWLYN), ...many(3, MOUSEHOLE)]);
    expect(toPublishedPlaceCells(twoHidden.places, twoHidden.areas).map((row) => row[0])).toEqual([30, SUPPRESSED, SUPPRESSED]);
    const smallArea = tablesOf([...many(2, NEWLYN), ...many(1, MOUSEHOLE)]);
    expect(toPublishedPlaceCells(smallArea.places, smallArea.areas).map((row) => row[0])).toEqual([SUPPRESSED, SUPPRESSED]);
  });

  it('works column by column: an outcome hidden in one place alone hides the smallest other in that column only', () => {
    const { places, areas } = tablesOf([...many(20, PENZANCE, [2]), ...many(9, PENZANCE, [5]), ...many(6, NEWLYN, [2]), ...many(3, NEWLYN, [5]), ...many(8, MOUSEHOLE, [2, 5])]);
    const byKey = new Map(places.map((p, i) => [p.key, toPublishedPlaceCells(places, areas)[i]]));
    const outcome5 = 5; // countCells: posts, outcomes 1..5 (index 1..5), none, unclassified
    expect(byKey.get('Newlyn')?.[outcome5]).toBe(SUPPRESSED); // 3
    expect(byKey.get('Mousehole')?.[outcome5]).toBe(SUPPRESSED); // 8, the smallest other
    expect(byKey.get('Penzance')?.[outcome5]).toBe(9);
    // Outcome 2 has no hidden count in the area: all shown.
    expect([byKey.get('Penzance')?.[2], byKey.get('Newlyn')?.[2], byKey.get('Mousehole')?.[2]]).toEqual([20, 6, 8]);
  });

  describe('on random posts', () => {
    const seed = Number(process.env.TEST_SEED ?? Date.now() % 1_000_000);
    it(`never leaves an area with exactly one hidden place count it publishes, and hides no more than that needs (TEST_SEED=${seed})`, () => {
      const random = seededRandom(seed);
      const gazetteer = Array.from({ length: 12 }, (_, i) => [`place${i}`, `area${i % 4}`] as const);
      for (let round = 0; round < 200; round += 1) {
        const posts = Array.from({ length: Math.floor(random() * 120) }, () => {
          const count = random() < 0.15 ? 2 : 1;
          const named = Array.from({ length: count }, () => gazetteer[Math.floor(random() * Math.floor(2 + random() * 10))] as readonly [string, string]);
          return { places: [...new Map(named.map((p) => [p[0], p])).values()], outcomes: [1, 2, 3, 4, 5].filter(() => random() < 0.3) };
        });
        const { places, areas } = tablesOf(posts);
        const cells = toPublishedPlaceCells(places, areas);
        const context = `TEST_SEED=${seed} round ${round}`;
        places.forEach((place, i) =>
          countCells(place).forEach((count, c) => {
            const cell = cells[i]?.[c];
            if (count < SMALL_NUMBER) expect(cell, context).toBe(SUPPRESSED);
            else if (cell !== SUPPRESSED) expect(cell, context).toBe(count);
          }),
        );
        for (const area of areas) {
          const members = places.map((p, i) => [p, i] as const).filter(([p]) => p.area === area.key);
          countCells(area).forEach((total, c) => {
            const hidden = members.filter(([, i]) => cells[i]?.[c] === SUPPRESSED);
            const primary = members.filter(([p]) => (countCells(p)[c] ?? 0) < SMALL_NUMBER);
            if (total >= SMALL_NUMBER) expect(hidden.length, `${context} ${area.key} column ${c}`).not.toBe(1);
            // Secondary suppression adds one count, only where exactly one was hidden.
            expect(hidden.length - primary.length, `${context} ${area.key} column ${c}`).toBe(total >= SMALL_NUMBER && primary.length === 1 && members.length > 1 ? 1 : 0);
          });
        }
      }
    });
  });

  it('is what the place pivot (export --pivot place, summary --by place, the workbook) prints', () => {
    const { places, areas } = tablesOf([...many(30, PENZANCE), ...many(2, NEWLYN), ...many(7, BUDE)]);
    const pivot = toPivot({ places, areas } as unknown as Summary, 'place');
    expect(pivot.rows.map((row) => row.slice(0, 3))).toEqual([
      ['Penzance', 'west-penwith', SUPPRESSED],
      ['Bude', 'bude', 7],
      ['Newlyn', 'west-penwith', SUPPRESSED],
    ]);
    expect(pivot.notes.join(' ')).toContain("where just one place in an area has a count hidden, the area's next smallest is hidden too");
  });
});
