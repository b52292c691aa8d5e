/**
 * The one writer in front of stdout and stderr. Every chunk is redacted of the configured tokens
 * (raw, URL-encoded and decoded), `access_token=` values and `Bearer` tokens before it reaches the
 * real stream, so an API that echoes a token in an error body cannot get it printed by any path:
 * tables, `--json`, commander's help and errors, progress lines, stack traces.
 *
 * Redaction is per write: the CLI writes whole lines, and a piped CSV arrives one record per chunk,
 * so a token is never split across two writes. A reader that closes the pipe early
 * (`onevision export | head`) is the reader's choice: the rest is dropped quietly, not an error.
 * Any other failure (ENOSPC on `> /dev/full`, EIO…) fails the write, so a pipeline into this stream
 * stops, and is kept in `failure` for src/cli/main.ts to report once the command ends: it never
 * escapes as an unhandled 'error' event.
 */
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { redact, type Secret } from '../core/secret';
import { toTerminalText } from '../gate/terminal-text';

export type SecretsSource = () => readonly Secret[];

export class RedactingStream extends Writable {
  readonly isTTY: boolean;
  readonly #target: NodeJS.WritableStream;
  readonly #secrets: SecretsSource;
  readonly #decoder = new StringDecoder('utf8');
  #closedByReader = false;
  #failure: Error | undefined;

  readonly #visibleControls: boolean;
  readonly #atOnce: boolean;

  /**
   * `visibleControls`: make control characters and escape sequences visible (for stdout on a terminal,
   * where data such as a CSV export is shown as it is written; stderr carries our own progress codes).
   * `atOnce`: each write reaches the real stream before `write` returns (stderr's talk). Otherwise a
   * line written while the real stream's last write is in flight waits for the event loop, and a long
   * synchronous step (an import's save and classification) kept its progress lines back until it ended,
   * or for ever when Ctrl-C stopped it: "Ctrl-C now imports nothing" stayed on screen after the save.
   */
  constructor(target: NodeJS.WritableStream & { isTTY?: boolean }, secrets: SecretsSource, options: { visibleControls?: boolean; atOnce?: boolean } = {}) {
    super({ decodeStrings: false });
    this.#target = target;
    this.#secrets = secrets;
    this.isTTY = Boolean(target.isTTY);
    this.#visibleControls = Boolean(options.visibleControls) && this.isTTY;
    this.#atOnce = Boolean(options.atOnce);
    target.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') this.#closedByReader = true;
      else this.destroy(error);
    });
    // Whoever writes hears of a failure through its callback or pipeline; the command's end hears of it through `failure`.
    this.on('error', (error: Error) => {
      this.#failure ??= error;
    });
  }

  /** Why writing stopped (not a closed pipe, which is no failure), or undefined while all is well. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Resolves once everything written so far has reached the real stream or failed (then `failure` says why). */
  settled(): Promise<void> {
    if (this.writableLength === 0 || this.destroyed || this.writableEnded) return Promise.resolve();
    return new Promise((resolve) => this.write('', () => resolve()));
  }

  override _write(chunk: unknown, encoding: BufferEncoding | 'buffer', callback: (error?: Error | null) => void): void {
    const text = typeof chunk === 'string' ? Buffer.from(chunk, encoding === 'buffer' ? 'utf8' : encoding) : (chunk as Buffer);
    this.#forward(this.#decoder.write(text), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#forward(this.#decoder.end(), callback);
  }

  #forward(text: string, callback: (error?: Error | null) => void): void {
    if (text === '' || this.#closedByReader) {
      callback();
      return;
    }
    const redacted = redact(text, this.#secrets());
    let answered = false;
    this.#target.write(this.#visibleControls ? toTerminalText(redacted) : redacted, (error?: Error | null) => {
      if ((error as NodeJS.ErrnoException | null | undefined)?.code === 'EPIPE') error = null;
      if (error) this.#failure ??= error;
      if (!answered) callback(error);
      answered = true;
    });
    // Talk is small, so nothing is held back for it: a failure after this is kept in `failure`.
    if (this.#atOnce && !answered) {
      answered = true;
      callback();
    }
  }
}
