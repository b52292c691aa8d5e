import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AREA_BOUNDARIES_FILE, BOUNDARY_ATTRIBUTION, readAreaBoundaries, toAreaOutlines } from '../../src/report/area-boundaries';
import { MAP_COLOURS, describeAreaMap, renderAreaMap, toPieces, type AreaMapCount } from '../../src/report/area-map';
import { ROOT } from '../helpers/cli';

const gazetteer = JSON.parse(fs.readFileSync(path.join(ROOT, 'data/places/cornwall-places.json'), 'utf8')) as { areas: Array<{ id: string; name: string }> };
const BOUNDARIES = path.join(ROOT, 'data/places/cna-boundaries.geojson');

/** Every area shown with a distinct count, Truro highest and Bude lowest, and Camelford suppressed. */
function sampleCounts(): AreaMapCount[] {
  return gazetteer.areas.map((a, i) => ({
    area: a.id,
    name: a.name,
    posts: a.id === 'truro-roseland' ? 412 : a.id === 'bude' ? 6 : a.id === 'camelford' ? null : 20 + i,
  }));
}

/** The SVG path elements ECharts draws for map regions, with their fills. */
const fills = (svg: string) => [...svg.matchAll(/<path\b[^>]*\bfill="([^"]+)"[^>]*>/g)].map((m) => m[1]);

describe('community network area boundaries', () => {
  const outlines = readAreaBoundaries();

  it('has exactly one outline with a polygon for every gazetteer area, and nothing else', () => {
    expect(outlines.map((o) => o.id).sort()).toEqual(gazetteer.areas.map((a) => a.id).sort());
    for (const area of gazetteer.areas) {
      const matching = outlines.filter((o) => o.id === area.id);
      expect(matching).toHaveLength(1);
      expect(matching[0]?.name).toBe(area.name);
      const exterior = matching[0]?.polygons[0]?.[0] ?? [];
      expect(exterior.length, area.id).toBeGreaterThanOrEqual(4);
      expect(exterior[0]).toEqual(exterior[exterior.length - 1]);
    }
  });

  it('puts each area where its main town is', () => {
    // Ray casting on the first polygon: the town centres below are well inside their areas.
    const inside = (id: string, [x, y]: [number, number]) =>
      (outlines.find((o) => o.id === id)?.polygons ?? []).some((rings) => {
        let hit = false;
        const ring = rings[0] ?? [];
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [xi, yi] = ring[i] ?? [0, 0];
          const [xj, yj] = ring[j] ?? [0, 0];
          if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
        }
        return hit;
      });
    expect(inside('truro-roseland', [-5.051, 50.263])).toBe(true);
    expect(inside('bude', [-4.543, 50.83])).toBe(true);
    expect(inside('west-penwith', [-5.537, 50.118])).toBe(true);
    expect(inside('isles-of-scilly', [-6.305, 49.92])).toBe(true);
    expect(inside('bude', [-5.051, 50.263])).toBe(false);
  });

  it('stays small enough to ship and to draw (under 150 KB)', () => {
    expect(fs.statSync(BOUNDARIES).size).toBeLessThan(150 * 1024);
    expect(AREA_BOUNDARIES_FILE).toBe(BOUNDARIES);
  });

  it('keeps its source and licence beside it', () => {
    const notes = fs.readFileSync(path.join(ROOT, 'data/places/BOUNDARIES.md'), 'utf8');
    expect(notes).toContain('Open Government Licence v3.0');
    expect(notes).toContain('Contains OS data © Crown copyright and database right 2014');
  });

  it('refuses a file that is not area polygons', () => {
    expect(() => toAreaOutlines({ type: 'FeatureCollection', features: [{ properties: { id: 'bude', name: 'Bude' }, geometry: { type: 'Point', coordinates: [0, 0] } }] })).toThrow(/bude is not a polygon/);
    expect(() => toAreaOutlines([])).toThrow(/FeatureCollection/);
  });
});

describe('renderAreaMap', () => {
  const svg = renderAreaMap(sampleCounts(), { id: 'map-test' });

  it('is an SVG with an accessible name and a description naming the highest and lowest areas', () => {
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toMatch(/^<svg[^>]* role="img" aria-labelledby="map-test-title map-test-desc">/);
    expect(svg).toContain('<title id="map-test-title">Posts by community network area</title>');
    const desc = /<desc id="map-test-desc">([^<]*)<\/desc>/.exec(svg)?.[1] ?? '';
    expect(desc).toContain('most in Truro and Roseland (412)');
    expect(desc).toContain('fewest shown in Bude (6)');
    expect(desc).toContain('1 of 20 areas had fewer than 5 posts');
  });

  it('draws a suppressed area hatched, with no number, and says what "<5" means', () => {
    expect(svg).toContain('<pattern id="ov-suppressed-hatch"');
    expect(fills(svg)).toContain('url(#ov-suppressed-hatch)');
    expect(svg).toContain('&lt;5 posts: too few to show');
    // Only Camelford is suppressed: exactly one region (and the legend's swatch) carries the hatch.
    const hatched = fills(svg).filter((f) => f === 'url(#ov-suppressed-hatch)');
    expect(hatched.length).toBeGreaterThanOrEqual(2);
    const allSuppressed = renderAreaMap(sampleCounts().map((c) => ({ ...c, posts: c.area === 'camelford' ? 7 : c.posts })));
    expect(fills(allSuppressed).filter((f) => f === 'url(#ov-suppressed-hatch)').length).toBe(hatched.length - 1);
    // No number is printed for it: the stand-in value never reaches the drawing.
    expect(svg).not.toMatch(/>-1</);
  });

  it('prints each shown count on its area and colours more posts darker', () => {
    expect(svg).toMatch(/>412</);
    expect(svg).toMatch(/>6</);
    expect(fills(svg)).toContain(MAP_COLOURS[MAP_COLOURS.length - 1]);
  });

  it('treats an area with no row, or a count under 5, as suppressed: nobody can tell none from few', () => {
    const sparse = renderAreaMap([{ area: 'truro-roseland', name: 'Truro and Roseland', posts: 9 }, { area: 'bude', name: 'Bude', posts: 3 }]);
    expect(sparse).toContain('most in Truro and Roseland (9).');
    expect(sparse).toContain('19 of 20 areas had fewer than 5 posts');
    expect(sparse).not.toMatch(/>3</);
  });

  it('says so when every area is too small to show', () => {
    expect(describeAreaMap([])).toContain('every area had fewer than 5 posts');
  });

  it('carries the boundary licence attribution in the drawing', () => {
    // Lines may wrap: read the drawn text as one string.
    const text = [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ');
    for (const line of BOUNDARY_ATTRIBUTION) expect(text).toContain(line);
    expect(text).toContain('Isles of Scilly: enlarged in the dashed box');
    const narrow = renderAreaMap(sampleCounts(), { width: 360 });
    const narrowText = [...narrow.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ');
    for (const line of BOUNDARY_ATTRIBUTION) expect(narrowText).toContain(line);
  });
});

describe('toPieces', () => {
  it('splits the counts into at most five classes from fewest to most, listed most first', () => {
    const pieces = toPieces([5, 10, 50, 105]);
    expect(pieces).toHaveLength(5);
    expect(pieces[pieces.length - 1]?.min).toBe(5);
    expect(pieces[0]?.max).toBe(105);
    for (let i = 1; i < pieces.length; i++) expect(pieces[i]?.max).toBe((pieces[i - 1]?.min ?? 0) - 1);
  });

  it('gives one class to a single count', () => {
    expect(toPieces([7, 7])).toEqual([{ min: 7, max: 7, label: '7', color: MAP_COLOURS[0] }]);
  });
});
