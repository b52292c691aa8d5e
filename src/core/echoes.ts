/**
 * A post that repeats another person's words by hand, naming them: "RT @jenny_p99: …", "MT @jenny_p99 …",
 * "RT jenny_p99: …", a quoted "\"@jenny_p99: …", or words credited at the end with "via @jenny_p99".
 * Forget takes such a post with the person it echoes, whether it was stored before the erasure or
 * comes in an import after it. Read as core/matching-text.ts reads text. Pure.
 */
import { toMatchingText } from './matching-text';

const ECHO_AT_START = /^\s*(?:(?:RT|MT)\b[\s:]*(?:[@＠]\s?(\w{1,30})|(\w{1,30})\s*:)|["“]\s*[@＠](\w{1,30})\s*:)/i;
// "… (via @jenny_p99)", "… via @jenny_p99 https://t.co/…": the credit closes the post.
const CREDIT_AT_END = /(?:^|[\s(\-–—])via:?\s*[@＠]\s?(\w{1,30})\s*\)?\s*(?:https?:\/\/\S+\s*)*$/i;

/** The handle whose words the post repeats, as written after `@` (case kept), or undefined. */
export function echoedHandle(text: string, read: string = toMatchingText(text).text): string | undefined {
  const start = ECHO_AT_START.exec(read);
  if (start) return start[1] ?? start[2] ?? start[3];
  return CREDIT_AT_END.exec(read)?.[1];
}
