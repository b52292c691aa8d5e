/**
 * The report's charts, drawn by Apache ECharts on the server into SVG text (its SSR renderer: no DOM,
 * no canvas, no script in the output), so the report needs nothing to view but a browser or a printer.
 * Pure: options in, SVG out.
 */
import type * as Echarts from 'echarts';
import type { CountRow } from './count-table';
import { OUTCOME_NUMBERS, OUTCOME_SHORT_NAMES } from './outcomes';

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
export function renderBarChart(bars: readonly Bar[], options: { readonly unit?: string } = {}): string {
  const height = 36 + bars.length * 28;
  const reversed = [...bars].reverse(); // ECharts draws the first category at the bottom.
  // Room for the longest label, measured here: a server has no fonts to measure text with.
  const labelWidth = Math.min(260, 12 + Math.max(...bars.map((b) => b.label.length)) * 7);
  return renderChart(
    {
      grid: { left: labelWidth, right: 56, top: 8, bottom: 28 },
      xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#e4e7eb' } } },
      yAxis: { type: 'category', data: reversed.map((b) => b.label), axisTick: { show: false }, axisLabel: { color: INK, fontSize: 12 } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 20,
          data: reversed.map((b) => ({ value: b.value, itemStyle: { color: b.colour ?? OUTCOME_COLOURS[0] } })),
          label: { show: true, position: 'right', color: INK, fontSize: 11, formatter: options.unit ? `{c} ${options.unit}` : '{c}' },
        },
      ],
    },
    height,
  );
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
