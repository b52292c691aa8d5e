/**
 * The import registry: adding a format is one entry here. A format is chosen by --format, else by
 * content (for exports whose names say nothing), else by extension.
 */
import path from 'node:path';
import { UserError } from '../../errors';
import { csvFormat } from './csv';
import { facebookExportFormat } from './facebook-export';
import { ndjsonFormat } from './ndjson';
import { twarcFormat } from './twarc';
import { twitterV1Format } from './twitter-v1';
import { xArchiveFormat } from './x-archive';
import type { ImportFormat } from './types';

// X formats first: a flattened twarc line also looks like a generic NDJSON post.
export const IMPORT_FORMATS: readonly ImportFormat[] = [xArchiveFormat, twarcFormat, twitterV1Format, facebookExportFormat, csvFormat, ndjsonFormat];

export function chooseImportFormat(file: string, text: string, requested: string | undefined): ImportFormat {
  if (requested) {
    const format = IMPORT_FORMATS.find((f) => f.name === requested);
    if (!format) throw new UserError(`unknown import format "${requested}"`, `Use one of: ${IMPORT_FORMATS.map((f) => f.name).join(', ')}.`);
    return format;
  }
  const sniffed = IMPORT_FORMATS.find((f) => f.sniff(text, path.basename(file)));
  if (sniffed) return sniffed;
  const extension = path.extname(file).toLowerCase();
  const byExtension = IMPORT_FORMATS.find((f) => f.extensions.includes(extension));
  if (byExtension) return byExtension;
  throw new UserError(
    `cannot tell the format of ${file} from its name or content`,
    `Name the format with --format (${IMPORT_FORMATS.map((f) => f.name).join(', ')}).`,
  );
}

export type { ImportFormat, ParsedImport, RowProblem } from './types';
