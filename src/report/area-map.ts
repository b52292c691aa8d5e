/**
 * The report's map: posts by community network area, Cornwall and the Isles of Scilly, drawn by ECharts'
 * server-side SVG renderer like the other charts.
 *
 * Usage: `renderAreaMap(counts, options?)` returns one self-contained SVG string.
 * - `counts`: one row per area, `area` being the gazetteer's area id (data/places/cornwall-places.json),
 *   `name` its name and `posts` the published count, or `null` when it is suppressed (fewer than 5 posts,
 *   zero included). An area with no row is drawn as suppressed too: nobody can tell "none" from "few".
 *   Ids the map does not know (such as "unknown") are left out of the map; keep them in the table beside it.
 * - The SVG carries role="img", a <title> (options.title) and a <desc> saying the highest and lowest areas;
 *   `describeAreaMap(counts)` returns the same sentence for a caption or text alternative. The SVG is
 *   labelled already: do not pass it through charts.ts's labelSvg too; give `options.id` instead.
 * - `options.width`/`fontSize` draw it for a narrow screen: under 520 px the legend moves under the map.
 * - The boundary licence's attribution (BOUNDARY_ATTRIBUTION) is printed inside the SVG, under the map.
 * - Suppressed areas are hatched grey with no number, and the legend says what "<5" means.
 * The outlines are read once from data/places/cna-boundaries.geojson (see area-boundaries.ts).
 */
import type * as Echarts from 'echarts';
import { BOUNDARY_ATTRIBUTION, SCILLY_INSET, bounds, readAreaBoundaries, toGeoJson, withInset, type AreaOutline } from './area-boundaries';
import { CHART_WIDTH, renderChart } from './charts';
import { SMALL_NUMBER, SUPPRESSED } from './count-table';

export interface AreaMapCount {
  readonly area: string;
  readonly name: string;
  /** Null when suppressed (fewer than 5 posts). */
  readonly posts: number | null;
}

export interface AreaMapOptions {
  /** The SVG's accessible name. */
  readonly title?: string;
  /** Prefix of the ids the title and desc get; unique per page. */
  readonly id?: string;
  readonly width?: number;
  readonly fontSize?: number;
  /** Outlines to draw instead of the bundled ones (tests). */
  readonly outlines?: readonly AreaOutline[];
}

/** ColorBrewer YlGnBu: darker for more, each step darker in grey print too, none as pale as the hatch. */
export const MAP_COLOURS = ['#c7e9b4', '#7fcdbb', '#41b6c4', '#2c7fb8', '#253494'] as const;
/** ECharts writes this fill; it is swapped for the hatch pattern afterwards (ECharts' SSR draws no patterns). */
const SUPPRESSED_FILL = '#d9d9da';
const HATCH_ID = 'ov-suppressed-hatch';
/** East–west degrees shrink by cos(latitude): this keeps Cornwall its true shape. */
const ASPECT = Math.cos((50.4 * Math.PI) / 180);
const PAD = 8;
const FRAME_ID = 'inset-frame';
const INSET_NOTE = 'Isles of Scilly: enlarged in the dashed box; they lie about 45 km west-south-west of Land’s End.';

/** ECharts keeps registered maps for the life of the process: one per set of outlines, not one per report. */
const registered = new WeakMap<readonly AreaOutline[], string>();
let maps = 0;

function registerOnce(source: readonly AreaOutline[], drawn: readonly AreaOutline[]): string {
  const known = registered.get(source);
  if (known) return known;
  const name = `onevision-areas-${++maps}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('echarts') as typeof Echarts).registerMap(name, toGeoJson(drawn) as Parameters<typeof Echarts.registerMap>[1]);
  registered.set(source, name);
  return name;
}

export function renderAreaMap(counts: readonly AreaMapCount[], options: AreaMapOptions = {}): string {
  const width = options.width ?? CHART_WIDTH;
  const fontSize = options.fontSize ?? 11;
  const source = options.outlines ?? readAreaBoundaries();
  const { outlines, frame } = withInset(source, SCILLY_INSET);
  const drawn = frame ? [...outlines, frameOutline(frame)] : outlines;
  const shown = byArea(counts, outlines);
  const pieces = toPieces(shown.flatMap((c) => (c.posts === null ? [] : [c.posts])));
  const layout = toLayout(width, fontSize, bounds(drawn), pieces.length + 1, frame !== null);
  const mapName = registerOnce(source, drawn);
  const svg = renderChart(
    {
      visualMap: {
        type: 'piecewise',
        pieces: [...pieces, { value: -1, label: `${SUPPRESSED} posts: too few to show`, color: SUPPRESSED_FILL }],
        ...layout.legend,
        orient: 'vertical',
        itemWidth: 16,
        itemHeight: 12,
        text: ['Posts', ''],
        showLabel: true,
        textStyle: { fontSize },
      },
      series: [
        {
          type: 'map',
          map: mapName,
          nameProperty: 'id',
          aspectScale: ASPECT,
          left: PAD,
          top: PAD,
          width: width - 2 * PAD,
          height: layout.mapHeight,
          selectedMode: false,
          silent: true,
          emphasis: { disabled: true },
          itemStyle: { borderColor: '#ffffff', borderWidth: 0.8 },
          label: { show: true, fontSize: fontSize - 1, color: '#1f2933', textBorderColor: '#ffffff', textBorderWidth: 2 },
          data: [
            ...shown.map((c) => ({ name: c.area, value: c.posts ?? -1, ...(c.posts === null ? SUPPRESSED_ITEM : { label: { formatter: String(c.posts) } }) })),
            { name: FRAME_ID, value: NaN, label: { show: false }, itemStyle: { areaColor: 'none', borderColor: '#7b8794', borderWidth: 1, borderType: 'dashed' } },
          ],
        },
      ],
      graphic: footnotes(layout.notes, width, layout.notesTop, fontSize),
    },
    layout.height,
    width,
  );
  return labelled(withHatch(svg), options.id ?? 'area-map', options.title ?? 'Posts by community network area', describeAreaMap(counts, options.outlines));
}

/** No number, and a grey outline so small hatched islands still show against the sea. */
const SUPPRESSED_ITEM = { label: { show: false }, itemStyle: { borderColor: '#9aa5b1', borderWidth: 0.6 } };

interface Layout {
  readonly mapHeight: number;
  readonly legend: { left?: number; right?: number; top?: number; bottom?: number };
  readonly notes: readonly string[];
  readonly notesTop: number;
  readonly height: number;
}

/**
 * Cornwall at its true shape across the width; the legend in the open sea south of Looe and Fowey, or under
 * the map when the figure is too narrow for both; the notes wrapped to the width, since a server has no fonts
 * to measure text with.
 */
function toLayout(width: number, fontSize: number, [west, south, east, north]: readonly number[], legendItems: number, inset: boolean): Layout {
  const mapHeight = Math.round(((width - 2 * PAD) * ((north ?? 0) - (south ?? 0))) / (((east ?? 0) - (west ?? 0)) * ASPECT));
  const chars = Math.max(30, Math.floor((width - 2 * PAD) / (fontSize * 0.56)));
  const notes = [...(inset ? [INSET_NOTE] : []), ...BOUNDARY_ATTRIBUTION].flatMap((note) => wrap(note, chars));
  const notesHeight = notes.length * (fontSize + 4);
  const below = width < 520;
  const legendHeight = below ? (legendItems + 1) * 22 + PAD : 0;
  const notesTop = PAD + mapHeight + PAD + legendHeight + fontSize / 2;
  const legend = below ? { left: PAD, top: PAD + mapHeight + PAD } : { right: PAD, bottom: notesHeight + 2 * PAD + fontSize };
  return { mapHeight, legend, notes, notesTop, height: notesTop + notesHeight + PAD };
}

function wrap(text: string, chars: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= chars) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** One sentence for the SVG's desc and the figure's text alternative: the highest and lowest areas shown. */
export function describeAreaMap(counts: readonly AreaMapCount[], outlines?: readonly AreaOutline[]): string {
  const rows = byArea(counts, outlines ?? readAreaBoundaries());
  const shown = rows.filter((r): r is AreaMapCount & { posts: number } => r.posts !== null).sort((a, b) => b.posts - a.posts || a.name.localeCompare(b.name));
  const hidden = rows.length - shown.length;
  const few = `${hidden} of ${rows.length} areas had fewer than ${SMALL_NUMBER} posts and are hatched, with no number.`;
  const [top, bottom] = [shown[0], shown[shown.length - 1]];
  if (!top || !bottom) return `Map of Cornwall and the Isles of Scilly by community network area: every area had fewer than ${SMALL_NUMBER} posts, so no counts are shown.`;
  const most = `Map of posts by community network area: most in ${top.name} (${top.posts})`;
  const least = shown.length > 1 ? `, fewest shown in ${bottom.name} (${bottom.posts})` : '';
  return `${most}${least}.${hidden > 0 ? ` ${few}` : ''}`;
}

/** Every mapped area once, in map order; missing or unknown-to-the-map rows are treated as described above. */
function byArea(counts: readonly AreaMapCount[], outlines: readonly AreaOutline[]): AreaMapCount[] {
  const given = new Map(counts.map((c) => [c.area, c]));
  return outlines.map((o) => {
    const count = given.get(o.id);
    const posts = count?.posts ?? null;
    return { area: o.id, name: count?.name ?? o.name, posts: posts !== null && posts >= SMALL_NUMBER ? posts : null };
  });
}

/** Up to five classes of equal width between the smallest and largest count shown. */
export function toPieces(values: readonly number[]): Array<{ min: number; max: number; label: string; color: string }> {
  if (values.length === 0) return [];
  const [low, high] = [Math.min(...values), Math.max(...values)];
  const classes = Math.min(MAP_COLOURS.length, high - low + 1);
  const edges = Array.from({ length: classes + 1 }, (_, i) => Math.round(low + (i * (high - low + 1)) / classes));
  return Array.from({ length: classes }, (_, i) => {
    const [min, max] = [edges[i] ?? low, (edges[i + 1] ?? high + 1) - 1];
    const colour = MAP_COLOURS[Math.round((i * (MAP_COLOURS.length - 1)) / Math.max(1, classes - 1))] ?? MAP_COLOURS[0];
    return { min, max, label: min === max ? String(min) : `${min}–${max}`, color: colour };
  }).reverse(); // the legend reads from most to fewest
}

/** The dashed box around the enlarged islands: drawn as one more region so it moves with the map. */
function frameOutline([west, south, east, north]: readonly [number, number, number, number]): AreaOutline {
  return { id: FRAME_ID, name: '', polygons: [[[[west, south], [east, south], [east, north], [west, north], [west, south]]]] };
}

/** Small grey lines under the map, right-aligned: the inset's note and the licence's attribution. */
function footnotes(lines: readonly string[], width: number, top: number, fontSize: number): Echarts.GraphicComponentOption[] {
  return lines.map((line, i) => ({ type: 'text', x: width - PAD, y: top + i * (fontSize + 4), style: { text: line, fontSize: fontSize - 1, fill: '#52606d', align: 'right' }, silent: true }) as Echarts.GraphicComponentOption);
}

/** Swaps the stand-in fill for a grey hatch, so suppressed areas read as "not shown" in colour and in grey print. */
function withHatch(svg: string): string {
  const pattern = `<defs><pattern id="${HATCH_ID}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f2f2f2"/><line x1="0" y1="0" x2="0" y2="6" stroke="#9aa5b1" stroke-width="2"/></pattern></defs>`;
  const filled = svg.replace(new RegExp(`fill="${SUPPRESSED_FILL}"`, 'gi'), `fill="url(#${HATCH_ID})"`);
  return filled.replace(/^(<svg\b[^>]*>)/, `$1${pattern}`);
}

function labelled(svg: string, id: string, title: string, desc: string): string {
  const ids = `${id}-title ${id}-desc`;
  return svg.replace(/^<svg\b([^>]*)>/, (_open, attributes: string) => `<svg${attributes} role="img" aria-labelledby="${ids}"><title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>`);
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
