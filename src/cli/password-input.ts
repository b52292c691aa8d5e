/**
 * Reading a new password: typed at a prompt that does not echo (asked twice) when stdin is a
 * terminal, otherwise the first line of stdin. Never a flag or an environment variable, which would
 * leave it in shell history, `ps` output and process listings.
 */
import { UserError } from '../errors';
import type { CommandContext } from './context';

/** A line longer than this on stdin is not a password someone meant to pipe. */
const MAX_LINE_BYTES = 64 * 1024;

export async function readNewPassword(context: CommandContext, who: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const line = await readFirstLine(stdin);
    if (line === '') throw new UserError('no password on stdin', `Type it at the prompt (run in a terminal), or pipe it as the first line: printf '%s\\n' "$PASSWORD" | onevision users …`);
    return line;
  }
  const first = await promptHidden(context, `New password for ${who}: `);
  const second = await promptHidden(context, 'Same password again: ');
  if (first !== second) throw new UserError('the two passwords differ; nothing was changed', 'Run the command again.');
  return first;
}

function readFirstLine(stdin: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.off('error', finish);
      stdin.pause();
      if (error) return reject(error);
      const text = Buffer.concat(chunks).toString('utf8');
      resolve((text.split('\n')[0] ?? '').replace(/\r$/, ''));
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (chunk.includes(0x0a)) return finish();
      if (size > MAX_LINE_BYTES) finish(new UserError('the first line of stdin is too long to be a password'));
    };
    const onEnd = () => finish();
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.on('error', finish);
    stdin.resume();
  });
}

function promptHidden(context: CommandContext, prompt: string): Promise<string> {
  const stdin = process.stdin;
  // Echo goes off before the prompt shows, so nothing typed after seeing it can appear.
  stdin.setRawMode(true);
  context.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    const onData = (chunk: Buffer) => {
      const step = applyPasswordKeys(typed, chunk.toString('utf8'));
      typed = step.typed;
      if (step.end === null) return;
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      context.stderr.write('\n');
      if (step.end === 'enter') resolve(typed);
      else reject(new UserError('cancelled; nothing was changed'));
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

/**
 * What a chunk of keys typed at the hidden prompt does (pure, so it can be tested without a
 * terminal): Enter ends, Ctrl-C (or Ctrl-D on an empty line) cancels, Backspace deletes a character,
 * Ctrl-U clears; arrow keys and other escape sequences and control keys are ignored.
 */
export function applyPasswordKeys(typed: string, keys: string): { typed: string; end: 'enter' | 'cancel' | null } {
  if (keys.startsWith('\u001b')) return { typed, end: null };
  let text = typed;
  for (const key of keys) {
    if (key === '\r' || key === '\n') return { typed: text, end: 'enter' };
    if (key === '\u0003' || (key === '\u0004' && text === '')) return { typed: text, end: 'cancel' };
    if (key === '\u007f' || key === '\b') text = [...text].slice(0, -1).join('');
    else if (key === '\u0015') text = '';
    else if (key >= ' ') text += key;
  }
  return { typed: text, end: null };
}
