import type { Post } from '../../core/post';

/** One row that could not be imported, by line number in the file. */
export interface RowProblem {
  readonly line: number;
  readonly problem: string;
}

export interface ParsedImport {
  /** Format as detected or chosen, e.g. `csv`. */
  readonly format: string;
  readonly rowsRead: number;
  readonly posts: Post[];
  /** Items with nothing to classify (a sticker or a photo alone), skipped and counted by what they hold. */
  readonly withoutText?: Readonly<Record<string, number>>;
  readonly problems: RowProblem[];
  /** A problem that stops the whole file (a bad header, an unreadable archive), even with --skip-invalid. */
  readonly fatal?: RowProblem;
  /** What the user should know that is not a bad row (e.g. streaming notices skipped), one line each. */
  readonly notes?: readonly string[];
  /**
   * Where each post starts in the file, by source id, for formats whose ids are not written in it (a
   * Facebook export's are made from the item), so a later check can name the line.
   */
  readonly postLines?: ReadonlyMap<string, number>;
}

export interface ImportOptions {
  /** The file as the user named it, for messages. */
  readonly file: string;
  /** Source for rows that do not name one. */
  readonly defaultSource: string;
  /** A companion file in the same folder (an archive's note-tweet.js), or undefined when absent. */
  readonly readBeside?: (name: string) => string | undefined;
  /** The most characters one post's text may have; longer rows are problems (see limits.ts). */
  readonly maxPostChars?: number;
  /** The most UTF-8 bytes one line may have, for formats that read a record per line. */
  readonly maxLineBytes?: number;
}

/** An import format: how to recognise it and how to turn its text into posts (pure). */
export interface ImportFormat {
  readonly name: string;
  readonly description: string;
  /** The source every post of a platform format is stored under (x for twarc); --source does not apply to it. */
  readonly ownSource?: string;
  /** Extensions (lower case, with dot) that imply this format. */
  readonly extensions: readonly string[];
  /** True when the content is unmistakably this format (for files whose extension says nothing). */
  sniff(text: string, fileName: string): boolean;
  parse(text: string, options: ImportOptions): ParsedImport;
}
