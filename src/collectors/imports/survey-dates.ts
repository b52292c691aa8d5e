/**
 * Dates as survey tools write them: ISO 8601, UK or US slash dates with an optional time, Excel date
 * cells and Excel serial numbers. Pure.
 *
 * A time without an offset is taken as UTC, as every import does: reports count by UTC day, week and
 * month, so reading the wall-clock time as UTC keeps each answer on the calendar day it was written
 * (converting from Europe/London would move answers written after 11pm in summer to the day before).
 */
import { toIsoUtc } from '../../core/dates';

export type DateResult = { ok: true; iso: string } | { ok: false; problem: string };

/** `01/06/2017`, `1/6/17`, `01/06/2017 14:03`, `01/06/2017 14:03:22`, `1/6/2017 2:03 PM`, also with `-` or `.` between the parts. */
const SLASH_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;

/** Excel's serial day 1 is 1900-01-01; from 1900-03-01 (serial 61) on, day 25569 is 1970-01-01. */
const EXCEL_UNIX_EPOCH = 25569;
const EXCEL_FIRST_RELIABLE = 61;
const DAY_MS = 86_400_000;

/**
 * A date cell as read from a CSV (text) or a spreadsheet (a Date, or a number for a cell Excel did not
 * format as a date). `dayFirst` reads `01/06/2017` as 1 June; without it a slash date is refused,
 * because the same text means 6 January in a US-written file.
 */
export function toSurveyDate(value: unknown, dayFirst: boolean): DateResult {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { ok: false, problem: 'a date cell Excel could not read' };
    // A date cell is a fraction of a day: 18:41:05 can come back as 18:41:04.999. Survey tools record whole seconds.
    return { ok: true, iso: new Date(Math.round(value.getTime() / 1000) * 1000).toISOString() };
  }
  if (typeof value === 'number') return fromExcelSerial(value);
  const text = typeof value === 'string' ? value.trim() : '';
  const iso = toIsoUtc(text);
  if (iso !== undefined) return { ok: true, iso };
  const slash = SLASH_DATE.exec(text);
  if (!slash) return { ok: false, problem: `"${text}" is not a date (use YYYY-MM-DD, ISO 8601 or DD/MM/YYYY with --day-first)` };
  if (!dayFirst) return { ok: false, problem: slashDateProblem(text, Number(slash[1]), Number(slash[2])) };
  return fromDayFirst(slash, text);
}

/** Why a slash date is refused without --day-first: it may be either way round, or it can only be one. */
function slashDateProblem(text: string, first: number, second: number): string {
  if (first > 12 && second <= 12) return `"${text}" is written day/month (there is no month ${first}): add --day-first to read the file's dates the UK way`;
  if (second > 12 && first <= 12) return `"${text}" is written month/day (there is no month ${second}), which onevision does not read: write the dates as YYYY-MM-DD`;
  return `"${text}" could be day/month or month/day: add --day-first if the file writes dates the UK way (01/06/2017 is 1 June)`;
}

function fromDayFirst(parts: RegExpExecArray, text: string): DateResult {
  const [, day = '', month = '', yearText = '', hourText, minute = '00', second = '00', meridiem] = parts;
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  let hour = Number(hourText ?? '0');
  if (meridiem) {
    if (hour < 1 || hour > 12) return { ok: false, problem: `"${text}" has an impossible time` };
    hour = (hour % 12) + (/^[Pp]/.test(meridiem) ? 12 : 0);
  }
  const candidate = `${String(year).padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}T${String(hour).padStart(2, '0')}:${minute}:${second}Z`;
  const iso = toIsoUtc(candidate);
  if (iso === undefined) return { ok: false, problem: `"${text}" is not a real date read day first (day ${day}, month ${month})` };
  return { ok: true, iso };
}

/** A number in a date column of a spreadsheet: Excel's serial date (1900 date system), to the second. */
function fromExcelSerial(serial: number): DateResult {
  if (!Number.isFinite(serial) || serial < EXCEL_FIRST_RELIABLE || serial > 2_958_465) {
    return { ok: false, problem: `${serial} is not an Excel date (format the column as a date, or write YYYY-MM-DD)` };
  }
  const ms = Math.round(((serial - EXCEL_UNIX_EPOCH) * DAY_MS) / 1000) * 1000;
  return { ok: true, iso: new Date(ms).toISOString() };
}
