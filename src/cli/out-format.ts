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
  const promised = toPromisedFormat(out, formats);
  if (promised === undefined || promised === fallback) return fallback;
  context.say(`writing ${promised} (from the file name)`);
  return promised;
}

/**
 * `export --format csv --out posts.xlsx` would write CSV text that Excel then refuses to open ("the
 * file format or extension is not valid"); `report --format html --out board.pdf` would write HTML.
 * When the format asked for and the name disagree, that is a mistake in one of them: stop before
 * anything is written and say so. An ending that names none of the command's formats is left alone.
 */
export function refuseOutContradictingFormat(out: string | undefined, format: string, formats: readonly string[]): void {
  const promised = toPromisedFormat(out, formats);
  if (out === undefined || promised === undefined || promised === format) return;
  const extension = path.extname(out);
  throw new UserError(
    `--out ${out} ends in ${extension.toLowerCase()}, but this would write ${format}`,
    `Use --format ${promised}, or name the file ${path.basename(out, extension)}.${format}.`,
  );
}
