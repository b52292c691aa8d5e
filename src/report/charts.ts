/**
 * The report's charts, drawn by Apache ECharts on the server into SVG text (its SSR renderer: no DOM,
 * no canvas, no script in the output), so the report needs nothing to view but a browser or a printer.
 * Pure: options in, SVG out.
 */
import type * as Echarts from 'echarts';
import type { CountRow } from './count-table';
import { OUTCOME_NUMBERS, OUTCOME_SHORT_NAMES } from './outcomes';
import { toBalancedBidi } from '../gate/bidi-text';

/** Okabe–Ito colours: told apart by people with the common colour-vision deficiencies, and in grey print. */
export const OUTCOME_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00'] as const;
const INK = '#1f2933';
// Single quotes inside: ECharts writes this into a double-quoted style attribute of the SVG.
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

/** Fits the A4 text width (180 mm ≈ 680 CSS px); the SVG scales down with its viewBox. */
export const CHART_WIDTH = 680;

export function renderChart(option: Echarts.EChartsOption, height: number, width: number = CHART_WIDTH): string {
  // Loaded on first use: ECharts takes a third of a second to load, and only reports draw charts.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const echarts = require('echarts') as typeof Echarts;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT, color: INK }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly colour?: string;
}

/** Ranked horizontal bars with the value at the end of each: easy to read and to paste. */
export function renderBarChart(bars: readonly Bar[], options: { readonly unit?: string; readonly width?: number; readonly fontSize?: number } = {}): string {
  const width = options.width ?? CHART_WIDTH;
  const fontSize = options.fontSize ?? 12;
  // Long names wrap onto lines that fit about two fifths of the chart; a server has no fonts to measure.
  const charsPerLine = Math.max(12, Math.floor((width * 0.42) / (fontSize * 0.55)));
  // A name's own bidi controls end on its own line of the label, as everywhere in the report.
  const labels = bars.map((b) => toBalancedBidi(wrapLabel(b.label, charsPerLine)));
  const lines = Math.max(1, ...labels.map((l) => l.split('\n').length));
  const rowHeight = Math.max(28, lines * (fontSize + 3) + 8);
  const height = 36 + bars.length * rowHeight;
  const reversed = [...bars].reverse(); // ECharts draws the first category at the bottom.
  const labelWidth = Math.min(Math.round(width * 0.45), 12 + Math.max(...labels.flatMap((l) => l.split('\n').map((line) => line.length))) * fontSize * 0.58);
  return renderChart(
    {
      grid: { left: labelWidth, right: 48, top: 8, bottom: 28 },
      xAxis: { type: 'value', minInterval: 1, splitNumber: 3, axisLabel: { fontSize }, splitLine: { lineStyle: { color: '#e4e7eb' } } },
      yAxis: { type: 'category', data: [...labels].reverse(), axisTick: { show: false }, axisLabel: { color: INK, fontSize, lineHeight: fontSize + 3 } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 20,
          data: reversed.map((b) => ({ value: b.value, itemStyle: { color: b.colour ?? OUTCOME_COLOURS[0] } })),
          label: { show: true, position: 'right', color: INK, fontSize, formatter: options.unit ? `{c} ${options.unit}` : '{c}' },
        },
      ],
    },
    height,
    width,
  );
}

/** Breaks a label between words into lines of at most `chars` characters (a longer word keeps its line). */
export function wrapLabel(label: string, chars: number): string {
  const lines: string[] = [];
  for (const word of label.split(/\s+/)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= chars) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

/** One line per outcome over the weeks: which themes rose and fell as the consultation went on. */
export function renderTrendChart(weeks: readonly CountRow[]): string {
  const known = weeks.filter((w) => w.key !== 'unknown');
  return renderChart(
    {
      legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 8, itemGap: 22, textStyle: { fontSize: 11 }, data: OUTCOME_NUMBERS.map((n) => OUTCOME_SHORT_NAMES[n] ?? String(n)) },
      grid: { left: 44, right: 16, top: 64, bottom: 44 },
      xAxis: { type: 'category', data: known.map((w) => w.key.slice(5)), name: 'week starting', nameLocation: 'middle', nameGap: 28, axisLabel: { fontSize: 10, hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#e4e7eb' } } },
      series: OUTCOME_NUMBERS.map((n, i) => ({
        type: 'line',
        name: OUTCOME_SHORT_NAMES[n] ?? String(n),
        data: known.map((w) => w.outcomes[i] ?? 0),
        symbolSize: 5,
        lineStyle: { width: 2, color: OUTCOME_COLOURS[i] },
        itemStyle: { color: OUTCOME_COLOURS[i] },
      })),
    },
    320,
  );
}

/** Small multiples: one outcome's posts per week, drawn on the y axis every panel shares (`max`). */
export function renderWeeklyPanel(weeks: ReadonlyArray<{ readonly key: string; readonly posts: number }>, max: number, colour: string): string {
  const fontSize = 12;
  return renderChart(
    {
      grid: { left: 46, right: 12, top: 12, bottom: 30 },
      xAxis: {
        type: 'category',
        boundaryGap: false,
        data: weeks.map((w) => toShortDay(w.key)),
        axisTick: { alignWithLabel: true },
        axisLabel: { fontSize, interval: Math.max(0, Math.ceil(weeks.length / 4) - 1), hideOverlap: true },
      },
      yAxis: {
        type: 'value',
        max,
        minInterval: 1,
        splitNumber: 3,
        name: 'posts per week',
        nameLocation: 'middle',
        nameGap: 32,
        nameTextStyle: { fontSize },
        axisLabel: { fontSize },
        splitLine: { lineStyle: { color: '#e4e7eb' } },
      },
      series: [{ type: 'line', data: weeks.map((w) => w.posts), symbol: 'none', lineStyle: { width: 2, color: colour }, areaStyle: { color: colour, opacity: 0.15 } }],
    },
    190,
    PANEL_WIDTH,
  );
}

/** Small enough that 12 px text still reads at 10 px or more on a 360 px phone. */
export const PANEL_WIDTH = 360;
/** The width the report draws bar charts at, for the same reason. */
export const REPORT_CHART_WIDTH = 400;

/** "2017-04-03" → "3 Apr". */
function toShortDay(isoDay: string): string {
  return new Date(`${isoDay}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/**
 * Gives a chart its text alternative: a <title> and a <desc> inside the SVG, named by aria-labelledby
 * on an SVG that is an image to assistive technology. `id` must be unique in the page.
 */
export function labelSvg(svg: string, label: { readonly id: string; readonly title: string; readonly desc: string }): string {
  const ids = `${label.id}-title ${label.id}-desc`;
  return svg.replace(/^<svg\b([^>]*)>/, (_open, attributes: string) => `<svg${attributes} role="img" aria-labelledby="${ids}"><title id="${label.id}-title">${escapeXml(label.title)}</title><desc id="${label.id}-desc">${escapeXml(label.desc)}</desc>`);
}

function escapeXml(text: string): string {
  return toBalancedBidi(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
