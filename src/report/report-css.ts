/** The report's stylesheet: screen and A4 print. Kept apart so html.ts reads as the document it makes. */
export const REPORT_CSS = `
:root { --ink: #1f2933; --muted: #52606d; --rule: #d9dee3; --paper: #ffffff; --tint: #f5f7fa; }
* { box-sizing: border-box; }
html { background: var(--tint); }
body { margin: 0 auto; max-width: 760px; padding: 24px 32px 48px; background: var(--paper); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
h1 { font-size: 26px; line-height: 1.2; margin: 8px 0 4px; }
h2 { font-size: 19px; margin: 28px 0 8px; padding-top: 8px; border-top: 2px solid var(--rule); }
h3 { font-size: 15px; margin: 16px 0 6px; }
.subtitle, .note, .figures { color: var(--muted); }
.note { font-size: 13px; }
.headline { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 20px 0 8px; }
.figure { border: 1px solid var(--rule); border-radius: 6px; padding: 10px 12px; }
.figure .value { font-size: 26px; font-weight: 700; }
.figure .label { font-weight: 600; }
.figure .note { font-size: 12px; color: var(--muted); }
figure.chart { margin: 8px 0; }
figure.chart figcaption { font-weight: 600; font-size: 13px; margin-bottom: 4px; }
figure.chart svg { display: block; width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--rule); }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
.outcome h2 { border-top-color: var(--outcome); }
ul.terms { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 6px; }
ul.terms li { border: 1px solid var(--outcome); border-radius: 12px; padding: 1px 10px; font-size: 13px; }
ul.terms li span { color: var(--muted); font-size: 11px; }
blockquote { margin: 10px 0; padding: 6px 12px; border-left: 4px solid var(--outcome); background: var(--tint); }
blockquote p { margin: 0 0 4px; white-space: pre-line; }
blockquote footer { font-size: 12px; color: var(--muted); }
dl { display: grid; grid-template-columns: 12em 1fr; gap: 4px 12px; font-size: 13px; }
dt { font-weight: 600; }
dd { margin: 0; }
@page { size: A4; margin: 15mm 15mm 18mm; }
@media print {
  html, body { background: none; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  figure.chart, blockquote, table, .headline, .figure, dl { break-inside: avoid; page-break-inside: avoid; }
  .outcome { break-before: page; page-break-before: always; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
