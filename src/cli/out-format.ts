import path from 'node:path';
import { UserError } from '../errors';
import type { CommandContext } from './context';

/** What a file name's ending promises to whoever opens it. */
const FORMAT_OF_EXTENSION: Readonly<Record<string, string>> = {
  '.csv': 'csv',
  '.xlsx': 'xlsx',
  '.html': 'html',
  '.htm': 'html',
  '.md': 'md',
  '.markdown': 'md',
  '.pdf': 'pdf',
};

/**
 * Endings of documents no onevision command writes. Given one, the file would hold CSV or HTML under a
 * name its reader's program cannot open (Word calls an HTML "board.docx" damaged), so it is refused
 * whatever the format. Endings that promise nothing in particular (.txt, none) are left alone.
 */
const UNWRITTEN_FORMATS: Readonly<Record<string, string>> = {
  '.docx': 'a Word document',
  '.doc': 'a Word document',
  '.odt': 'an OpenDocument text',
  '.rtf': 'a rich-text document',
  '.pages': 'a Pages document',
  '.xls': 'an Excel 97 workbook',
  '.xlsm': 'a macro-enabled Excel workbook',
  '.ods': 'an OpenDocument spreadsheet',
  '.numbers': 'a Numbers spreadsheet',
  '.pptx': 'a PowerPoint presentation',
  '.ppt': 'a PowerPoint presentation',
  '.odp': 'an OpenDocument presentation',
  '.json': 'JSON',
  '.xml': 'XML',
  '.zip': 'a zip archive',
};

/** Stops before anything is written when the --out name promises a document none of `formats` is. */
function refuseUnwrittenFormat(out: string | undefined, formats: readonly string[]): void {
  if (out === undefined) return;
  const extension = path.extname(out);
  const promised = UNWRITTEN_FORMATS[extension.toLowerCase()];
  if (promised === undefined) return;
  const base = path.basename(out, extension);
  throw new UserError(
    `--out ${out} ends in ${extension.toLowerCase()}, which promises ${promised}, but this command writes ${eitherOf(formats)}`,
    `Name the file ${eitherOf(formats.map((format) => `${base}.${format}`))}.`,
  );
}

/** "a or b", "a, b or c". */
function eitherOf(words: readonly string[]): string {
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1] ?? ''}`;
}

/** The one of `formats` that the --out name's ending promises, if it promises one of them. */
export function toPromisedFormat<F extends string>(out: string | undefined, formats: readonly F[]): F | undefined {
  if (out === undefined) return undefined;
  const promised = FORMAT_OF_EXTENSION[path.extname(out).toLowerCase()];
  return formats.find((format) => format === promised);
}

/**
 * With no --format, the --out name has already said which format is wanted (`export --out posts.xlsx`,
 * `report --out board.pdf`), so it decides, among this command's formats; any other ending (`.txt`,
 * none) gets the default. When the name chose something other than the default, one line on stderr says
 * so: a PDF that needs a browser, or a workbook where CSV was expected, should not come as a surprise.
 */
export function chooseFormatFromName<F extends string>(out: string | undefined, formats: readonly F[], fallback: F, context: Pick<CommandContext, 'say'>): F {
  refuseUnwrittenFormat(out, formats);
  const promised = toPromisedFormat(out, formats);
  if (promised === undefined || promised === fallback) return fallback;
  context.say(`writing ${promised} (from the file name)`);
  return promised;
}

/**
 * `export --format csv --out posts.xlsx` would write CSV text that Excel then refuses to open ("the
 * file format or extension is not valid"); `report --format html --out board.pdf` would write HTML.
 * When the format asked for and the name disagree, that is a mistake in one of them: stop before
 * anything is written and say so. An ending that names none of the command's formats is left alone,
 * unless it names a document no command writes.
 */
export function refuseOutContradictingFormat(out: string | undefined, format: string, formats: readonly string[]): void {
  refuseUnwrittenFormat(out, formats);
  const promised = toPromisedFormat(out, formats);
  if (out === undefined || promised === undefined || promised === format) return;
  const extension = path.extname(out);
  throw new UserError(
    `--out ${out} ends in ${extension.toLowerCase()}, but this would write ${format}`,
    `Use --format ${promised}, or name the file ${path.basename(out, extension)}.${format}.`,
  );
}
