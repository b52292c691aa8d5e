import path from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { UserError } from '../../errors';
import { shellQuote, toCrontabCommand } from '../shell';
import { DEFAULT_CRON, checkCronFlag } from './schedule';

const CRON_EXAMPLE = '--cron "0 2 * * *" for 02:00 every day';

export function registerCronLine(program: Command, context: CommandContext): void {
  program
    .command('cron-line')
    .description('Print a crontab entry that runs collection nightly with the system scheduler')
    .option('--cron <expr>', 'when to run', DEFAULT_CRON)
    .addHelpText('after', '\nExamples:\n  $ onevision cron-line\n  $ (crontab -l; onevision cron-line) | crontab -')
    .action((flags: { cron: string }, command: Command) => {
      checkCrontabExpression(flags.cron);
      const config = context.config(command);
      const bin = path.resolve(__dirname, '..', '..', '..', 'bin', 'onevision');
      const workdir = process.cwd();
      const log = path.join(path.dirname(config.dbPath), 'logs', 'cron.log');
      // CRON_TZ keeps 02:00 at 02:00 UK time across clock changes where cron supports it (cronie, systemd).
      context.print(
        [
          `CRON_TZ=Europe/London`,
          // The log's folder is made first: on a fresh install it does not exist, and cron's shell would fail the redirect and never start collect.
          `${flags.cron} ${toCrontabCommand(`mkdir -p ${shellQuote(path.dirname(log))} && cd ${shellQuote(workdir)} && ${shellQuote(process.execPath)} ${shellQuote(bin)} --db ${shellQuote(config.dbPath)} collect >> ${shellQuote(log)} 2>&1`)}`,
        ].join('\n'),
      );
    });
}

/**
 * Checked as `schedule` checks its --cron, and then as crontab reads a line: five fields (or an @name
 * such as @daily), since node-cron's optional seconds field would shift every field by one.
 */
function checkCrontabExpression(expression: string): void {
  checkCronFlag('--cron', expression, CRON_EXAMPLE);
  const fields = expression.trim().split(/\s+/);
  if (!(fields.length === 5 || (fields.length === 1 && fields[0]?.startsWith('@')))) {
    throw new UserError(`--cron "${expression}" has ${fields.length} fields; a crontab line takes 5 (no seconds)`, `E.g. ${CRON_EXAMPLE}.`);
  }
}
