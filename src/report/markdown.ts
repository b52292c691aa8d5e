/** The report as Markdown: the same content as the HTML, key messages first, with tables in place of charts. Pure. */
import type { MethodItem } from './method-note';
import type { Cell } from './pivot';
import { toDocumentContent, type ReportContent, type ReportInput } from './report-content';
import { toBalancedBidi } from '../gate/bidi-text';

export function renderMarkdownReport(input: ReportInput): string {
  const c = toDocumentContent(input);
  const lines: string[] = [`# ${c.title}`, '', c.subtitle, ''];
  lines.push('## Key messages', '', ...c.keyMessages.map((m) => `- ${escapeMd(m.text)}`), '');
  lines.push(...c.headline.map((f) => `- **${f.value}** ${f.label}${f.note ? ` (${f.note})` : ''}`), '');
  lines.push('## Posts per outcome', '', table(c.outcomeTable.columns, c.outcomeTable.rows), '', '_A post with two outcomes counts in both, so shares add up to more than 100%._', '');
  lines.push(...weekLines(c));
  lines.push('## By source', '', table(['Source', 'Posts'], c.sourceBars.map((b) => [b.label, b.value])), '');
  lines.push('## By place', '', c.placeBars.length > 0 ? table(['Place', 'Posts'], c.placeBars.map((b) => [b.label, b.value])) : '', '', `_${c.placeNote}_`, '');
  if (c.areaPivot.rows.length > 0) lines.push('### Community network areas by outcome', '', table(c.areaPivot.columns, c.areaPivot.rows), '');
  for (const o of c.outcomes) {
    lines.push(`## ${o.name}`, '', o.figures, '', '### What people asked for', '');
    lines.push(o.terms.length > 0 ? o.terms.map((t) => `${escapeMd(t.term)} (${t.posts})`).join(' · ') : '_Too few posts yet to name distinctive terms._', '');
    lines.push('### In their own words', '');
    if (o.quotes.length === 0) lines.push('_No post about this outcome can be quoted yet._', '');
    for (const q of o.quotes) {
      lines.push(...q.text.split(/\r?\n/).map((l) => `> ${escapeMd(l)}`), `> — ${escapeMd(q.author)}, ${escapeMd(q.source)}${q.date ? `, ${q.date}` : ''}${q.confirmed ? ', confirmed by a person' : ''}`, '');
    }
  }
  lines.push(...notes('How these figures were made', c.method), ...notes('Technical appendix', c.appendix));
  return lines.join('\n');
}

/** One table for the small multiples: a row per week, a column per outcome, under the same names. */
function weekLines(c: ReportContent): string[] {
  if (c.trends === null) return ['## Week by week', '', '_Not enough data yet._', ''];
  const panels = c.trends.panels;
  const rows = (panels[0]?.weeks ?? []).map((w, i) => [w.key, ...panels.map((p) => p.weeks[i]?.posts ?? 0)]);
  return ['## Week by week', '', 'Posts about each outcome per week (weeks start on Monday).', '', table(['Week starting', ...panels.map((p) => p.name)], rows), ''];
}

function notes(heading: string, items: readonly MethodItem[]): string[] {
  return [`## ${heading}`, '', ...items.map((m) => `- **${m.label}.** ${m.text}`), ''];
}

function table(columns: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const line = (cells: readonly Cell[]) => `| ${cells.map((cell) => escapeMd(String(cell)).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(columns), `|${columns.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.map(line)].join('\n');
}

/** Post text is written by strangers: Markdown and HTML in it must show as text, not run as markup. */
function escapeMd(text: string): string {
  // A value's own bidi controls end inside it, as in the HTML report.
  return toBalancedBidi(text).replace(/[\\`*_{}[\]#|]/g, (ch) => `\\${ch}`).replace(/<(?=[A-Za-z/!?])/g, '\\<');
}
