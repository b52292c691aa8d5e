// Builds data/places/cna-boundaries.geojson: the report map's community network areas, made by merging
// ONS electoral division boundaries (Cornwall's 2009–2021 divisions, WD13 generalised clipped, as TopoJSON
// in github.com/martinjc/UK-GeoJSON, commit 007680b5c3e7b7e9e386a0ebd27dc87f0858a15a) and simplifying them.
// Source, licence and limits: data/places/BOUNDARIES.md. Run once by hand; the result is committed.
//
//   node scripts/build-cna-boundaries.mjs topo_E06000052.json topo_E06000053.json > data/places/cna-boundaries.geojson
//
// Merging and simplifying work on TopoJSON arcs, so a border shared by two areas is simplified once and
// the two areas still meet exactly. No dependencies: plain Douglas–Peucker per arc.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GAZETTEER = JSON.parse(fs.readFileSync(path.join(ROOT, 'data/places/cornwall-places.json'), 'utf8'));

/**
 * Each 2009–2021 division to one area. Most divisions hold places the gazetteer puts in one area; where a
 * division's places fall in two areas (the division straddles a parish-based CNA border) it goes to the area
 * of most of its gazetteer places, and a tie to the area of the place it is named after. BOUNDARIES.md lists them.
 */
const DIVISION_AREA = {
  'west-penwith': ['Gulval and Heamoor', 'Ludgvan', 'Marazion and Perranuthnoe', 'Newlyn and Mousehole', 'Penzance Central', 'Penzance East', 'Penzance Promenade', 'St Buryan', 'St Just In Penwith'],
  'hayle-st-ives': ['Gwinear-Gwithian and St Erth', 'Hayle North', 'Hayle South', 'Lelant and Carbis Bay', 'St Ives East', 'St Ives West'],
  'helston-south-kerrier': ['Breage, Germoe and Sithney', 'Crowan and Wendron', 'Helston North', 'Helston South', 'Mullion and Grade-Ruan', 'Porthleven and Helston West', 'St Keverne and Meneage'],
  'camborne-pool-redruth': ['Camborne Pendarves', 'Camborne Roskear', 'Camborne Trelowarren', 'Camborne Treslothan', 'Camborne Treswithian', 'Carharrack, Gwennap and St Day', 'Four Lanes', 'Illogan', 'Lanner and Stithians', 'Pool and Tehidy', 'Redruth Central', 'Redruth North', 'Redruth South'],
  'falmouth-penryn': ['Constantine, Mawnan and Budock', 'Falmouth Arwenack', 'Falmouth Boslowick', 'Falmouth Penwerris', 'Falmouth Smithick', 'Falmouth Trescobeas', 'Mabe, Perranarworthal and St Gluvias', 'Penryn East and Mylor', 'Penryn West'],
  'st-agnes-perranporth': ['Mount Hawke and Portreath', 'Perranporth', 'St Agnes'],
  'truro-roseland': ['Chacewater, Kenwyn and Baldhu', 'Feock and Playing Place', 'Ladock, St Clement and St Erme', 'Probus, Tregony and Grampound', 'Roseland', 'Threemilestone and Gloweth', 'Truro Boscawen', 'Truro Redannick', 'Truro Tregolls', 'Truro Trehaverne'],
  newquay: ['Newlyn and Goonhavern', 'Newquay Central', 'Newquay Pentire', 'Newquay Treloggan', 'Newquay Tretherras', 'Newquay Treviglas', 'St Columb Major', 'St Mawgan and Colan'],
  'china-clay': ['Bugle', 'Penwithick and Boscoppa', 'Roche', 'St Dennis and Nanpean', 'St Enoder', 'St Stephen-In-Brannel'],
  'st-austell': ['Mevagissey', 'Mount Charles', 'St Austell Bay', 'St Austell Bethel', 'St Austell Gover', 'St Austell Poltair', 'St Mewan'],
  'st-blazey-fowey-lostwithiel': ['Fowey and Tywardreath', 'Lostwithiel', 'Par and St Blazey Gate', 'St Blazey'],
  bodmin: ['Bodmin St Leonard', "Bodmin St Mary's", 'Bodmin St Petroc', 'Lanivet and Blisland'],
  'wadebridge-padstow': ['Padstow', 'St Issey and St Tudy', 'St Minver and St Endellion', 'Wadebridge East', 'Wadebridge West'],
  camelford: ['Camelford', 'St Teath and St Breward', 'Tintagel'],
  launceston: ['Altarnun', 'Launceston Central', 'Launceston North and North Petherwin', 'Launceston South'],
  bude: ['Bude', 'Grenville and Stratton', 'Poundstock'],
  'liskeard-looe': ['Liskeard East', 'Liskeard North', 'Liskeard West and Dobwalls', 'Looe East', 'Looe West, Lansallos and Lanteglos', 'Menheniot', 'Trelawny'],
  caradon: ['Callington', 'Gunnislake and Calstock', 'Lynher', 'St Cleer', 'St Dominick, Harrowbarrow and Kelly Bray', 'Stokeclimsland'],
  'cornwall-gateway': ['Rame Peninsular', 'St Germans and Landulph', 'Saltash East', 'Saltash North', 'Saltash South', 'Saltash West', 'Torpoint East', 'Torpoint West'],
};

const COS_LAT = Math.cos((50.4 * Math.PI) / 180); // east–west metres per degree shrink by this at Cornwall's latitude
const TOLERANCE = { cornwall: 0.0025, scilly: 0.0006 }; // degrees of latitude (about 280 m and 70 m)
const MIN_RING_AREA = { cornwall: 2e-5, scilly: 1.5e-6 }; // square degrees (scaled): drops rocks and islets
const DECIMALS = { cornwall: 3, scilly: 4 };

function decodeArcs(topo) {
  const [sx, sy] = topo.transform.scale;
  const [tx, ty] = topo.transform.translate;
  return topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * sx + tx, y * sy + ty];
    });
  });
}

function perpendicular(p, a, b) {
  const ax = a[0] * COS_LAT, ay = a[1], bx = b[0] * COS_LAT, by = b[1], px = p[0] * COS_LAT, py = p[1];
  const dx = bx - ax, dy = by - ay;
  const length2 = dx * dx + dy * dy;
  if (length2 === 0) return Math.hypot(px - ax, py - ay);
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function douglasPeucker(points, tolerance) {
  if (points.length <= 2) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop();
    let worst = -1;
    let worstDistance = tolerance;
    for (let i = first + 1; i < last; i++) {
      const d = perpendicular(points[i], points[first], points[last]);
      if (d > worstDistance) [worst, worstDistance] = [i, d];
    }
    if (worst > 0) {
      keep[worst] = 1;
      stack.push([first, worst], [worst, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

const arcPoints = (arcs, ref) => (ref >= 0 ? arcs[ref] : [...arcs[~ref]].reverse());
const ringPoints = (arcs, refs) => refs.flatMap((ref, i) => arcPoints(arcs, ref).slice(i === 0 ? 0 : 1));

/** Twice the signed area in scaled degrees; positive is anticlockwise. */
function signedArea(ring) {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j][0] - ring[i][0]) * COS_LAT * (ring[j][1] + ring[i][1]);
  return sum;
}

function pointInRing([x, y], ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Polygon rings as arc references, exteriors anticlockwise and holes clockwise, so shared arcs run opposite ways. */
function orientedRings(arcs, geometry) {
  const polygons = geometry.type === 'Polygon' ? [geometry.arcs] : geometry.arcs;
  return polygons.flatMap((rings) =>
    rings.map((refs, i) => {
      const anticlockwise = signedArea(ringPoints(arcs, refs)) > 0;
      return anticlockwise === (i === 0) ? refs : [...refs].reverse().map((ref) => ~ref);
    }),
  );
}

/** Merges polygons by dropping the arcs they share, then chains the remaining arcs into closed rings. */
function mergeRings(arcs, rings) {
  const uses = new Map();
  for (const ref of rings.flat()) {
    const index = ref >= 0 ? ref : ~ref;
    uses.set(index, (uses.get(index) ?? 0) + 1);
  }
  const outer = rings.flat().filter((ref) => uses.get(ref >= 0 ? ref : ~ref) === 1);
  const key = (p) => `${p[0]},${p[1]}`;
  const starting = new Map();
  for (const ref of outer) {
    const k = key(arcPoints(arcs, ref)[0]);
    starting.set(k, [...(starting.get(k) ?? []), ref]);
  }
  const used = new Set();
  const merged = [];
  for (const first of outer) {
    if (used.has(first)) continue;
    const chain = [];
    let ref = first;
    while (ref !== undefined && !used.has(ref)) {
      used.add(ref);
      chain.push(ref);
      const points = arcPoints(arcs, ref);
      ref = (starting.get(key(points[points.length - 1])) ?? []).find((next) => !used.has(next));
    }
    merged.push(chain);
  }
  return merged;
}

function toMultiPolygon(arcs, chains, region) {
  const rings = chains
    .map((refs) => ringPoints(arcs, refs))
    .map((ring) => ring.map(([x, y]) => [round(x, DECIMALS[region]), round(y, DECIMALS[region])]))
    .map(dropRepeats)
    .filter((ring) => ring.length >= 4);
  const largest = Math.max(...rings.map((r) => Math.abs(signedArea(r))));
  const kept = rings.filter((r) => Math.abs(signedArea(r)) >= Math.min(MIN_RING_AREA[region], largest));
  const exteriors = kept.filter((r) => signedArea(r) > 0).map((r) => [r]);
  for (const hole of kept.filter((r) => signedArea(r) < 0)) {
    const home = exteriors.find(([exterior]) => pointInRing(hole[0], exterior));
    if (home) home.push(hole);
  }
  return exteriors.length === 1 ? { type: 'Polygon', coordinates: exteriors[0] } : { type: 'MultiPolygon', coordinates: exteriors };
}

const round = (value, decimals) => Number(value.toFixed(decimals));

function dropRepeats(ring) {
  const out = ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1][0] || p[1] !== ring[i - 1][1]);
  const [a, z] = [out[0], out[out.length - 1]];
  if (a[0] !== z[0] || a[1] !== z[1]) out.push(a);
  return out;
}

function readTopology(file, region) {
  const topo = JSON.parse(fs.readFileSync(file, 'utf8'));
  const arcs = decodeArcs(topo).map((arc) => douglasPeucker(arc, TOLERANCE[region]));
  const [object] = Object.values(topo.objects);
  return { arcs, divisions: object.geometries };
}

function areaFeature(id, topology, divisions, region) {
  const name = GAZETTEER.areas.find((a) => a.id === id)?.name;
  if (!name) throw new Error(`${id} is not a gazetteer area`);
  const rings = divisions.flatMap((d) => orientedRings(topology.arcs, d));
  const geometry = toMultiPolygon(topology.arcs, mergeRings(topology.arcs, rings), region);
  return { type: 'Feature', properties: { id, name }, geometry };
}

function main([cornwallFile, scillyFile]) {
  const cornwall = readTopology(cornwallFile, 'cornwall');
  const scilly = readTopology(scillyFile, 'scilly');
  const byName = new Map(cornwall.divisions.map((d) => [d.properties.WD13NM, d]));
  const assigned = Object.values(DIVISION_AREA).flat();
  const missing = [...byName.keys()].filter((n) => !assigned.includes(n));
  const unknown = assigned.filter((n) => !byName.has(n));
  if (missing.length > 0 || unknown.length > 0 || assigned.length !== byName.size) {
    throw new Error(`division table out of step: missing ${missing.join(', ')}; unknown ${unknown.join(', ')}`);
  }
  const features = Object.entries(DIVISION_AREA).map(([id, names]) => areaFeature(id, cornwall, names.map((n) => byName.get(n)), 'cornwall'));
  features.push(areaFeature('isles-of-scilly', scilly, scilly.divisions, 'scilly'));
  features.sort((a, b) => a.properties.id.localeCompare(b.properties.id));
  const lines = features.map((f) => JSON.stringify(f));
  process.stdout.write(`{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`);
}

main(process.argv.slice(2));
