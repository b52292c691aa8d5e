/**
 * The report's SVG charts made fit for the desk's content security policy, which allows no inline
 * style (style-src 'self'): ECharts writes each label's font as a `style` attribute and adds a
 * `<style>` block of hover rules. Font sizes become presentation attributes (not governed by the CSP),
 * the font family comes from desk.css, and the hover rules (of no use in a static chart) go. Pure.
 */
import { escapeHtml, raw, type Html } from '../html';

/** Declarations SVG also accepts as attributes; any other inline style is dropped. */
const PRESENTATION = new Set(['font-size', 'font-weight', 'font-style', 'fill', 'stroke', 'opacity']);

// A font name quoted inside the attribute (older charts used '"Segoe UI"') must not end it early, so an
// attribute ends at the `;"` that closes its last declaration, not at the first quote.
const STYLE_ATTRIBUTE = / style="([^>]*?;)"(?=[\s/>])/g;
const STYLE_ELEMENT = /<style\b[^>]*>[\s\S]*?<\/style>/g;

export function toCspSafeSvg(svg: string): string {
  return svg.replace(STYLE_ELEMENT, '').replace(STYLE_ATTRIBUTE, (_all, declarations: string) => toAttributes(declarations));
}

function toAttributes(declarations: string): string {
  const attributes: string[] = [];
  for (const declaration of declarations.split(';')) {
    const at = declaration.indexOf(':');
    const name = declaration.slice(0, at).trim().toLowerCase();
    const value = declaration.slice(at + 1).trim();
    if (at > 0 && PRESENTATION.has(name) && /^[#\w.%() ,-]+$/.test(value)) attributes.push(` ${name}="${value}"`);
  }
  return attributes.join('');
}

/**
 * A chart for a page: the SVG as an image named by its caption. The data table beside it carries the
 * same figures for screen readers and copying. `svg` must come from src/report/charts.ts.
 */
export function toChartHtml(svg: string, label: string): Html {
  const named = toCspSafeSvg(svg).replace(/^<svg\b/, `<svg role="img" aria-label="${escapeHtml(label)}" focusable="false"`);
  return raw(named);
}

