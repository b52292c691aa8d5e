/**
 * The "By place" map: posts by community network area (src/report/area-map.ts draws it), with the
 * table of its figures beside it and the boundaries' attribution under it.
 */
import { BOUNDARY_ATTRIBUTION, readAreaBoundaries } from './area-boundaries';
import { describeAreaMap, renderAreaMap } from './area-map';
import { SUPPRESSED } from './count-table';
import { escapeHtml, renderTable } from './html-figures';
import type { AreaCount } from './report-content';

/** Narrow enough that the map's 11–12 px text stays at 10 px or more on a 360 px phone. */
const MAP_WIDTH = 360;
const CAPTION = 'Posts naming places in each community network area';

export function renderMapFigure(counts: readonly AreaCount[]): string {
  if (counts.length === 0) return '';
  const svg = renderAreaMap(counts, { id: 'chart-map', title: CAPTION, width: MAP_WIDTH, fontSize: 12 });
  const table = renderTable(['Area', 'Posts'], toMapRows(counts), { label: `${CAPTION}, table` });
  return `<figure class="chart map" data-chart="map"><figcaption>${escapeHtml(CAPTION)}</figcaption><div class="chart-body"><div class="chart-svg">${svg}</div>${table}</div>
<p class="note">${escapeHtml(describeAreaMap(counts))} ${BOUNDARY_ATTRIBUTION.map(escapeHtml).join(' ')}</p></figure>`;
}

/**
 * The areas the map shows a number for, most posts first, then one row for all the rest: listing each
 * hatched area by name would tell an area nobody named from one a few people named (and would name
 * places no counted post names).
 */
function toMapRows(counts: readonly AreaCount[]): Array<[string, number | string]> {
  const shown = counts.filter((c): c is AreaCount & { posts: number } => c.posts !== null).sort((a, b) => b.posts - a.posts || a.name.localeCompare(b.name));
  const known = new Set(readAreaBoundaries().map((o) => o.id));
  const hidden = new Set([...known, ...counts.map((c) => c.area)]).size - shown.length;
  const rows: Array<[string, number | string]> = shown.map((c) => [c.name, c.posts]);
  if (hidden > 0) rows.push([`The other ${hidden} ${hidden === 1 ? 'area' : 'areas'}, each`, SUPPRESSED]);
  return rows;
}
