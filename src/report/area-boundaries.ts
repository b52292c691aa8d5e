/**
 * The community network area outlines the report's map is drawn from: data/places/cna-boundaries.geojson
 * (source, licence and limits in data/places/BOUNDARIES.md). They ship with the program like the charting
 * library does, so they are read here, once, on first use, rather than passed in by every caller.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Shipped with the package: dist/report/ (or src/report/ under test) → data/places/. */
export const AREA_BOUNDARIES_FILE = path.resolve(__dirname, '..', '..', 'data', 'places', 'cna-boundaries.geojson');

/** The licence asks that every reuse keeps this; the map prints it under the areas. */
export const BOUNDARY_ATTRIBUTION = [
  'Contains OS data © Crown copyright and database right 2014.',
  'Contains National Statistics data © Crown copyright and database right 2014. Open Government Licence v3.0.',
] as const;

export type Ring = ReadonlyArray<readonly [number, number]>;

export interface AreaOutline {
  readonly id: string;
  readonly name: string;
  /** Polygons, each an exterior ring then its holes, in longitude/latitude. */
  readonly polygons: ReadonlyArray<readonly Ring[]>;
}

let cached: readonly AreaOutline[] | undefined;

export function readAreaBoundaries(file: string = AREA_BOUNDARIES_FILE): readonly AreaOutline[] {
  if (cached && file === AREA_BOUNDARIES_FILE) return cached;
  const outlines = toAreaOutlines(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (file === AREA_BOUNDARIES_FILE) cached = outlines;
  return outlines;
}

/** Checks the GeoJSON's shape: a file edited by hand should fail here, not draw a broken map. */
export function toAreaOutlines(value: unknown): AreaOutline[] {
  const features = (value as { features?: unknown })?.features;
  if (!Array.isArray(features)) throw new Error('area boundaries: not a GeoJSON FeatureCollection');
  return features.map((feature: { properties?: { id?: unknown; name?: unknown }; geometry?: { type?: unknown; coordinates?: unknown } }, i) => {
    const { id, name } = feature.properties ?? {};
    const geometry = feature.geometry;
    if (typeof id !== 'string' || typeof name !== 'string') throw new Error(`area boundaries: feature ${i} has no id and name`);
    if (geometry?.type !== 'Polygon' && geometry?.type !== 'MultiPolygon') throw new Error(`area boundaries: ${id} is not a polygon`);
    const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as Array<Array<Array<[number, number]>>>;
    return { id, name, polygons };
  });
}

/** Where the Isles of Scilly are drawn: enlarged, in the open sea north-west of Penwith. */
export interface Inset {
  readonly area: string;
  readonly scale: number;
  /** Longitude and latitude of the inset's top-left corner. */
  readonly at: readonly [number, number];
}

export const SCILLY_INSET: Inset = { area: 'isles-of-scilly', scale: 2.4, at: [-5.74, 50.9] };

/**
 * Moves and enlarges the inset area, so Cornwall can be drawn at a readable size: drawn where they are, the
 * islands would be a few pixels across at the far end of a mostly empty sea. Returns the moved outlines and
 * the inset's frame (west, south, east, north) around the moved islands.
 */
export function withInset(outlines: readonly AreaOutline[], inset: Inset): { outlines: AreaOutline[]; frame: readonly [number, number, number, number] | null } {
  const area = outlines.find((o) => o.id === inset.area);
  if (!area) return { outlines: [...outlines], frame: null };
  const [west, , , north] = bounds([area]);
  const move = ([lon, lat]: readonly [number, number]): [number, number] => [inset.at[0] + (lon - west) * inset.scale, inset.at[1] - (north - lat) * inset.scale];
  const moved: AreaOutline = { ...area, polygons: area.polygons.map((rings) => rings.map((ring) => ring.map(move))) };
  const [w, s, e, n] = bounds([moved]);
  const margin = 0.03;
  return { outlines: outlines.map((o) => (o.id === inset.area ? moved : o)), frame: [w - margin, s - margin, e + margin, n + margin] };
}

/** West, south, east and north edges of the outlines. */
export function bounds(outlines: readonly AreaOutline[]): [number, number, number, number] {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const outline of outlines) {
    for (const rings of outline.polygons) {
      for (const [lon, lat] of rings[0] ?? []) {
        [west, east] = [Math.min(west, lon), Math.max(east, lon)];
        [south, north] = [Math.min(south, lat), Math.max(north, lat)];
      }
    }
  }
  return [west, south, east, north];
}

export function toGeoJson(outlines: readonly AreaOutline[]): object {
  return {
    type: 'FeatureCollection',
    features: outlines.map((o) => ({ type: 'Feature', properties: { id: o.id, name: o.name }, geometry: { type: 'MultiPolygon', coordinates: o.polygons } })),
  };
}
