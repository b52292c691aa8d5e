/**
 * The "By place" map: posts by community network area (src/report/area-map.ts draws it), with the
 * table of its figures beside it, every area the map draws listed so that "<5" never tells none from
 * few, and the boundaries' attribution under it.
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

/** Every area the map draws, and any area it does not know, most posts first; below 5 as "<5". */
function toMapRows(counts: readonly AreaCount[]): Array<[string, number | string]> {
  const given = new Map(counts.map((c) => [c.area, c]));
  const outlines = readAreaBoundaries();
  const rows = [...outlines.map((o) => ({ name: given.get(o.id)?.name ?? o.name, posts: given.get(o.id)?.posts ?? null })), ...counts.filter((c) => !outlines.some((o) => o.id === c.area))];
  rows.sort((a, b) => (b.posts ?? 0) - (a.posts ?? 0) || a.name.localeCompare(b.name));
  return rows.map((r) => [r.name, r.posts ?? SUPPRESSED]);
}
