/**
 * A progress line per source on stderr, rewritten in place, only when stderr is a terminal.
 * When not attached to a terminal it prints nothing extra (cron mail stays short).
 */
export class ProgressLine {
  private active = false;

  constructor(
    private readonly stderr: NodeJS.WritableStream,
    private readonly interactive: boolean,
  ) {}

  start(source: string): void {
    this.update(source, 'starting');
  }

  update(source: string, text: string): void {
    if (!this.interactive) return;
    this.stderr.write(`\r\x1b[K${source}: ${text}`);
    this.active = true;
  }

  /** A line worth keeping (a warning): printed whether or not on a terminal. */
  note(text: string): void {
    this.clear();
    this.stderr.write(`${text}\n`);
  }

  done(_source: string): void {
    this.clear();
  }

  private clear(): void {
    if (!this.active) return;
    this.stderr.write('\r\x1b[K');
    this.active = false;
  }
}
