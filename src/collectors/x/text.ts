/**
 * X post text as the API, twarc and archives write it. Shared by every X reader (v1.1, v2, archives)
 * so the same post read from any of them stores the same text.
 */

/** X escapes exactly these three in post text (`&amp;`, `&lt;`, `&gt;`); one pass, so `&amp;lt;` → `&lt;`. */
export function unescapeXText(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => (name === 'amp' ? '&' : name === 'lt' ? '<' : '>'));
}
