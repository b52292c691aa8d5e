/**
 * Rewriting a platform's stored JSON (an erasure's scrub, compliance dropping geo) without changing
 * any number in it. Twitter v1.1 writes 64-bit ids as bare numbers (`"id": 850006245121695744`), and
 * JSON.parse rounds anything past 2^53 (…700), so a parse-and-stringify would store ids the platform
 * never sent. Numbers are read as LosslessNumber (their digits, as written) and written back verbatim.
 * Pure.
 */
import { isLosslessNumber, parse, stringify, type LosslessNumber } from 'lossless-json';

export type ExactNumber = LosslessNumber;

/** JSON.parse, except that every number keeps the digits it was written with. Throws as JSON.parse does on bad JSON. */
export function parseRawJson(text: string): unknown {
  return parse(text);
}

/** JSON.stringify for what parseRawJson gave: each number comes out exactly as it was read. */
export function stringifyRawJson(value: unknown): string {
  // stringify gives undefined only for what JSON cannot hold (a function, undefined), never for parsed JSON.
  return stringify(value) ?? 'null';
}

export function isExactNumber(value: unknown): value is ExactNumber {
  return isLosslessNumber(value);
}

/** An id as its exact digits: a string id as it is, a numeric one as written (never rounded); else undefined. */
export function exactIdOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return isExactNumber(value) ? value.value : undefined;
}
