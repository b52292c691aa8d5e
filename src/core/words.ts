/**
 * Counts in sentences a person reads: "1 post", "2 posts". Only for messages and report prose; JSON
 * field names and CSV columns are a contract and never go through here.
 */

/** The count and its noun, singular for exactly one: `plural(1, 'post')` is "1 post", `plural(3, 'reply', 'replies')` "3 replies". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${wordFor(count, one, many)}`;
}

/** The word alone, for a count shown another way (`1,204`) or a verb that agrees with it (is/are). */
export function wordFor(count: number, one: string, many = `${one}s`): string {
  return count === 1 ? one : many;
}
