import path from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { DEFAULT_CRON } from './schedule';

export function registerCronLine(program: Command, context: CommandContext): void {
  program
    .command('cron-line')
    .description('Print a crontab entry that runs collection nightly with the system scheduler')
    .option('--cron <expr>', 'when to run', DEFAULT_CRON)
    .addHelpText('after', '\nExamples:\n  $ onevision cron-line\n  $ (crontab -l; onevision cron-line) | crontab -')
    .action((flags: { cron: string }, command: Command) => {
      const config = context.config(command);
      const bin = path.resolve(__dirname, '..', '..', '..', 'bin', 'onevision');
      const workdir = process.cwd();
      const log = path.join(path.dirname(config.dbPath), 'logs', 'cron.log');
      // CRON_TZ keeps 02:00 at 02:00 UK time across clock changes where cron supports it (cronie, systemd).
      context.print(
        [
          `CRON_TZ=Europe/London`,
          `${flags.cron} cd ${shellQuote(workdir)} && ${shellQuote(process.execPath)} ${shellQuote(bin)} --db ${shellQuote(config.dbPath)} collect >> ${shellQuote(log)} 2>&1`,
        ].join('\n'),
      );
    });
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
