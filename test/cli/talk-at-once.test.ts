/**
 * What a command says on stderr reaches the terminal when it says it, even while a long synchronous
 * step runs (an import saves and classifies without returning to the event loop). Held back until the
 * event loop turned, an import stopped with Ctrl-C after its save still showed "Ctrl-C now imports
 * nothing", though every post had been saved.
 */
import { EventEmitter } from 'node:events';
import { expect, it } from 'vitest';
import { createContext } from '../../src/cli/context';
import { ProgressLine } from '../../src/cli/progress';

/**
 * A terminal as Node writes to one on Linux: each write goes to the device at once, and its callback
 * comes on a later turn of the event loop.
 */
function terminal(): { stream: NodeJS.WritableStream & { isTTY: boolean }; shown: string[] } {
  const shown: string[] = [];
  const stream = Object.assign(new EventEmitter(), {
    isTTY: true,
    write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): boolean {
      shown.push(chunk.toString());
      setImmediate(() => callback?.());
      return true;
    },
  });
  return { stream: stream as unknown as NodeJS.WritableStream & { isTTY: boolean }, shown };
}

it('shows every progress line and note as it is written, before the event loop turns', () => {
  const { stream, shown } = terminal();
  const context = createContext({ stderr: stream, stdout: terminal().stream });
  const progress = new ProgressLine(context.stderr, context.interactive);
  progress.update('import', 'saving 3 posts (one transaction): Ctrl-C now imports nothing');
  progress.update('import', 'saved; classifying: Ctrl-C now leaves the rest for `onevision classify`');
  progress.note('classified 3 posts');
  context.say('posts.csv (csv): 3 rows read, 3 new');
  expect(shown.join('')).toBe(
    '\r\x1b[Kimport: saving 3 posts (one transaction): Ctrl-C now imports nothing' +
      '\r\x1b[Kimport: saved; classifying: Ctrl-C now leaves the rest for `onevision classify`' +
      '\r\x1b[Kclassified 3 posts\n' +
      'posts.csv (csv): 3 rows read, 3 new\n',
  );
});
