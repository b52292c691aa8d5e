/** The report as Markdown: the same content as the HTML, with tables in place of charts. Pure. */
import type { Cell } from './pivot';
import { toReportContent, type ReportInput } from './report-content';

export function renderMarkdownReport(input: ReportInput): string {
  const c = toReportContent(input);
  const lines: string[] = [`# ${c.title}`, '', c.subtitle, ''];
  lines.push(...c.headline.map((f) => `- **${f.value}** ${f.label}${f.note ? ` (${f.note})` : ''}`), '');
  lines.push('## Posts per outcome', '', table(c.outcomeTable.columns, c.outcomeTable.rows), '', '_A post with two outcomes counts in both, so shares add up to more than 100%._', '');
  lines.push('## Week by week', '', table(['Week starting', ...c.outcomeBars.map((b) => b.label)], c.weeks.map((w) => [w.key, ...w.outcomes])), '');
  lines.push('## By source', '', table(['Source', 'Posts'], c.sourceBars.map((b) => [b.label, b.value])), '');
  lines.push('## By place', '', c.placeBars.length > 0 ? table(['Place', 'Posts'], c.placeBars.map((b) => [b.label, b.value])) : '', '', `_${c.placeNote}_`, '');
  if (c.areaPivot.rows.length > 0) lines.push('### Community network areas by outcome', '', table(c.areaPivot.columns, c.areaPivot.rows), '');
  for (const o of c.outcomes) {
    lines.push(`## ${o.outcome}. ${o.name}`, '', o.figures, '', '### What people asked for', '');
    lines.push(o.terms.length > 0 ? o.terms.map((t) => `${escapeMd(t.term)} (${t.posts})`).join(' · ') : '_Too few posts yet to name distinctive terms._', '');
    lines.push('### In their own words', '');
    if (o.quotes.length === 0) lines.push('_No post about this outcome can be quoted yet._', '');
    for (const q of o.quotes) {
      lines.push(...q.text.split(/\r?\n/).map((l) => `> ${escapeMd(l)}`), `> — ${q.author}, ${q.source}${q.date ? `, ${q.date}` : ''}${q.confirmed ? ', confirmed by a person' : ''}`, '');
    }
  }
  lines.push('## Method', '', ...c.method.map((m) => `- **${m.label}.** ${m.text}`), '');
  return lines.join('\n');
}

function table(columns: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const line = (cells: readonly Cell[]) => `| ${cells.map((cell) => escapeMd(String(cell)).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(columns), `|${columns.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.map(line)].join('\n');
}

/** Post text is written by strangers: Markdown and HTML in it must show as text, not run as markup. */
function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]#|]/g, (ch) => `\\${ch}`).replace(/<(?=[A-Za-z/!?])/g, '\\<');
}
