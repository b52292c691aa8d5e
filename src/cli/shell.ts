/** Quoting for the command lines onevision prints for people to paste or for cron to run. Pure. */

/** A word for a POSIX shell: left bare when it is plainly safe, else in single quotes. */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A shell command as a crontab line's command part: cron turns an unescaped `%` into a newline (the
 * rest becomes the command's standard input) before the shell sees it, quotes or not, so each is
 * written `\%`, which cron gives the shell as `%`.
 */
export function toCrontabCommand(command: string): string {
  return command.replace(/%/g, '\\%');
}
