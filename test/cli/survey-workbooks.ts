/**
 * Small .xlsx survey exports, written by write-excel-file in the shapes the tools produce (invented
 * respondents and answers):
 * - Microsoft Forms "Open in Excel": one sheet, ID, Start time, Completion time (real date cells),
 *   Email ("anonymous" for an anonymous form), Name, Last modified time, then one column per question.
 * - Citizen Space "Download responses" as Excel: Response ID, Date (text, UK order), the questions.
 */

type CellValue = string | number | Date | null;
type Cell = { value: CellValue; format?: string } | null;
interface SheetSpec {
  readonly sheet: string;
  readonly rows: ReadonlyArray<readonly CellValue[]>;
}

const DATE_TIME_FORMAT = 'm/d/yy h:mm:ss';

export async function writeWorkbook(file: string, sheets: readonly SheetSpec[]): Promise<void> {
  const { default: writeXlsxFile } = (await import('write-excel-file/node')) as unknown as {
    default: (sheets: Array<{ sheet: string; data: Cell[][] }>) => { toFile(path: string): Promise<void> };
  };
  const data = sheets.map((s) => ({ sheet: s.sheet, data: s.rows.map((row) => row.map(toCell)) }));
  await writeXlsxFile(data).toFile(file);
}

function toCell(value: CellValue): Cell {
  if (value === null) return null;
  return value instanceof Date ? { value, format: DATE_TIME_FORMAT } : { value };
}

const utc = (y: number, mo: number, d: number, h: number, mi: number, s = 0): Date => new Date(Date.UTC(y, mo - 1, d, h, mi, s));

export const FORMS_QUESTION_1 = 'What would make Cornwall a better place for you to grow up?';
export const FORMS_QUESTION_2 = 'Is there anything you would like to tell the council?';

/** A Microsoft Forms response workbook with three respondents. */
export const MICROSOFT_FORMS: readonly SheetSpec[] = [
  {
    sheet: 'Sheet1',
    rows: [
      ['ID', 'Start time', 'Completion time', 'Email', 'Name', 'Last modified time', 'How old are you?', FORMS_QUESTION_1, FORMS_QUESTION_2],
      [1, utc(2017, 6, 1, 10, 2, 11), utc(2017, 6, 1, 10, 9, 45), 'anonymous', null, null, 12, 'A bigger library in Redruth with computers', null],
      [2, utc(2017, 6, 3, 18, 30, 0), utc(2017, 6, 3, 18, 41, 5), 'anonymous', null, null, 15, 'Somewhere to go on a Friday night that is not the park', 'Please keep the lifeguards at Perranporth'],
      [3, utc(2017, 6, 4, 7, 55, 20), utc(2017, 6, 4, 8, 1, 2), 'jamie.t@example.org', 'Jamie T', null, 16, '  ', 'More apprenticeships near Newquay'],
    ],
  },
];

/** A Citizen Space workbook: a summary sheet first, the responses on the second. */
export const CITIZEN_SPACE_WORKBOOK: readonly SheetSpec[] = [
  { sheet: 'Summary', rows: [['Activity', 'Youth voice 2017'], ['Responses', 2]] },
  {
    sheet: 'Responses',
    rows: [
      ['Response ID', 'Date', 'What would make Cornwall a better place for you to grow up?'],
      ['ANON-3RTY-8UIP-A', '07/06/2017 12:10', 'Free swimming in the summer holidays'],
      ['ANON-3RTY-8UIQ-B', '08/06/2017 21:44', 'A mental health drop-in at school'],
    ],
  },
];

/** Dates a spreadsheet kept as numbers (a column formatted General): Excel serials, 1900 date system. */
export const SERIAL_DATES: readonly SheetSpec[] = [
  {
    sheet: 'Form1',
    rows: [
      ['ID', 'Completion time', 'Your idea'],
      // 42887 is 2017-06-01; .75 is 18:00.
      [101, 42887.75, 'Lights on the path to the bus stop'],
      [102, 42888, 'A bus that goes to the youth club'],
    ],
  },
];
