/**
 * Making a post's words safe to publish as a quote: contact details and handles out. Pure.
 * A report is read by people who are not allowed to contact or identify the children who wrote.
 */

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const URL = /\b(?:https?:\/\/|www\.)\S+/gi;
// UK numbers as people write them: 07700 900123, +44 (0)1872 123456, 01872-123-456, 0800 111 222 …
const PHONE = /(?<![\p{L}\p{N}])(?:\+|00)?(?:\d[\s().-]{0,2}){9,14}\d(?![\p{L}\p{N}])/gu;
const HANDLE = /(?<![\p{L}\p{N}_])@[A-Za-z0-9_]{1,30}/gu;

export const REDACTED = {
  email: '[email removed]',
  phone: '[phone removed]',
  link: '[link removed]',
  handle: '@[user]',
} as const;

/** E-mail addresses and links first, so their digits are not mistaken for phone numbers. */
export function toRedactedText(text: string): string {
  return text
    .replace(EMAIL, REDACTED.email)
    .replace(URL, REDACTED.link)
    .replace(PHONE, (match) => (looksLikeYearsOrCounts(match) ? match : REDACTED.phone))
    .replace(HANDLE, REDACTED.handle);
}

/** "2016 2017 2018" or "1,200 pupils" are not phone numbers; a phone number has no commas. */
function looksLikeYearsOrCounts(match: string): boolean {
  if (/,/.test(match)) return true;
  const groups = match.trim().split(/[\s.-]+/);
  return groups.length > 1 && groups.every((g) => /^(19|20)\d\d$/.test(g));
}

/** True when the text still holds something redaction is meant to remove (a last check before writing). */
export function hasContactDetails(text: string): boolean {
  const redacted = toRedactedText(text);
  return redacted !== text;
}
