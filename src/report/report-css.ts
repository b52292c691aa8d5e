/**
 * The report's stylesheet: a phone (360 px and up), a desktop (charts with their tables beside them)
 * and A4 print (pages filled: only figures, quotes and short blocks refuse to split; small multiples
 * two to a row). Kept apart so html.ts reads as the document it makes.
 */
export const REPORT_CSS = `
:root { --ink: #1f2933; --muted: #52606d; --rule: #d9dee3; --paper: #ffffff; --tint: #f5f7fa; }
* { box-sizing: border-box; }
html { background: var(--tint); -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 980px; padding: 16px 12px 40px; background: var(--paper); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; overflow-wrap: break-word; }
h1 { font-size: 24px; line-height: 1.2; margin: 8px 0 4px; }
h2 { font-size: 19px; margin: 28px 0 8px; padding-top: 8px; border-top: 2px solid var(--rule); }
h3 { font-size: 15px; margin: 16px 0 6px; }
.subtitle, .note, .figures { color: var(--muted); }
.note { font-size: 13px; }
.key-messages ul { margin: 0; padding-left: 1.2em; font-size: 16px; }
.key-messages li { margin: 4px 0; }
.headline { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; margin: 20px 0 8px; }
.figure { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 10px; }
.figure .value { font-size: 24px; font-weight: 700; }
.figure .label { font-weight: 600; }
.figure .note { font-size: 12px; color: var(--muted); }
figure.chart { margin: 8px 0 16px; }
figure.chart figcaption { font-weight: 600; font-size: 14px; margin-bottom: 4px; }
.chart-body { display: grid; grid-template-columns: minmax(0, 1fr); gap: 8px 16px; align-items: start; }
.chart-svg svg { display: block; width: 100%; max-width: 480px; height: auto; }
.table-box { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 0 0 8px; }
caption { text-align: left; font-weight: 600; }
th, td { text-align: left; vertical-align: top; padding: 3px 6px; border-bottom: 1px solid var(--rule); font-weight: normal; }
thead th { font-weight: 600; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
.pivot th { min-width: 6.5em; }
.pivot tbody th { min-width: 9em; }
.pivot thead th { font-size: 12px; }
.multiples { display: grid; grid-template-columns: minmax(0, 1fr); gap: 8px 24px; }
.multiples .chart-svg svg { max-width: 400px; }
.weeks { max-height: 11em; overflow-y: auto; }
.weeks table { font-size: 12px; }
.outcome h2 { border-top-color: var(--outcome); }
ul.terms { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 6px; }
ul.terms li { border: 1px solid var(--outcome); border-radius: 12px; padding: 1px 10px; font-size: 13px; }
ul.terms li span { color: var(--muted); font-size: 11px; }
blockquote { margin: 10px 0; padding: 6px 12px; border-left: 4px solid var(--outcome); background: var(--tint); }
blockquote p { margin: 0 0 4px; white-space: pre-line; }
blockquote footer { font-size: 12px; color: var(--muted); }
dl { display: grid; grid-template-columns: minmax(0, 1fr); gap: 2px 12px; font-size: 14px; }
dt { font-weight: 600; margin-top: 6px; }
dd { margin: 0; }
.appendix dl { font-size: 13px; }
@media (min-width: 640px) {
  body { padding: 24px 32px 48px; }
  h1 { font-size: 26px; }
  .headline { grid-template-columns: repeat(4, minmax(0, 1fr)); }
  .multiples { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .multiples figcaption { min-height: 2.8em; }
  dl { grid-template-columns: 13em minmax(0, 1fr); }
  dt { margin-top: 0; }
}
@media (min-width: 860px) {
  .chart-body { grid-template-columns: minmax(0, 7fr) minmax(0, 5fr); }
  .multiples .chart-body { grid-template-columns: minmax(0, 1fr); }
}
@page { size: A4; margin: 14mm 14mm 16mm; }
@media print {
  html, body { background: none; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { margin-top: 16px; break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  .chart-body { grid-template-columns: minmax(0, 7fr) minmax(0, 5fr); }
  .multiples { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .multiples .chart-body { grid-template-columns: minmax(0, 1fr); }
  .multiples figcaption { min-height: 2.8em; }
  .table-box, .weeks { max-height: none; overflow: visible; }
  .weeks table { font-size: 8pt; }
  .weeks th, .weeks td { padding: 0 4px; }
  .headline { grid-template-columns: repeat(4, minmax(0, 1fr)); }
  dl { grid-template-columns: 12em minmax(0, 1fr); }
  figure.chart, blockquote, .figure, .key-messages, tr { break-inside: avoid; page-break-inside: avoid; }
  /* A chart stays whole with its name, but a tall figure's table may run on to the next page. */
  .multiples figure.chart, figure.map { break-inside: auto; page-break-inside: auto; }
  figure.chart figcaption { break-after: avoid; page-break-after: avoid; }
  .chart-svg { break-inside: avoid; page-break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
