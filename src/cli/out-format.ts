import path from 'node:path';
import { UserError } from '../errors';

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
 * `export --out posts.xlsx` without `--format xlsx` would write CSV text that Excel then refuses to
 * open ("the file format or extension is not valid"); `report --out board.pdf` would write HTML. When
 * the name promises another of this command's formats, stop before anything is written and say so.
 * An ending that names none of them (`.txt`, no ending) is the user's choice and is left alone.
 */
export function refuseOutContradictingFormat(out: string | undefined, format: string, formats: readonly string[]): void {
  if (out === undefined) return;
  const extension = path.extname(out).toLowerCase();
  const promised = FORMAT_OF_EXTENSION[extension];
  if (promised === undefined || promised === format || !formats.includes(promised)) return;
  throw new UserError(
    `--out ${out} ends in ${extension}, but this would write ${format}`,
    `Add --format ${promised}, or name the file ${path.basename(out, path.extname(out))}.${format}.`,
  );
}
