import type { Command } from 'commander';
import { UserError } from '../../errors';
import type { CommandContext } from '../context';
import { runDoctorChecks, type Check, type CheckStatus } from '../doctor-checks';
import { printResult } from '../output';

export type { Check } from '../doctor-checks';

export function registerDoctor(program: Command, context: CommandContext): void {
  program
    .command('doctor')
    .description('Check configuration, tokens, database integrity, disk, permissions and the last run, each with a fix')
    .option('--json', 'print the checks as JSON')
    .option('--offline', 'skip the checks that call the X and Graph APIs')
    .addHelpText('after', '\nExit 0 when nothing failed (warnings allowed), 2 otherwise.\n\nExamples:\n  $ onevision doctor\n  $ onevision doctor --offline --json')
    .action(async (flags: { json?: boolean; offline?: boolean }, command: Command) => {
      const config = context.config(command);
      const checks = await runDoctorChecks(config, context.now(), { offline: Boolean(flags.offline) });
      printResult(context, flags.json, checks, renderChecks(checks));
      const failed = checks.filter((c) => c.status === 'fail');
      if (failed.length > 0) throw new UserError(`${failed.length} check${failed.length > 1 ? 's' : ''} failed: ${failed.map((c) => c.name).join(', ')}`, 'Apply the fixes above and run `onevision doctor` again.');
    });
}

function renderChecks(checks: readonly Check[]): string {
  const mark: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' };
  return checks.map((c) => `${mark[c.status]}  ${c.name}: ${c.detail}${c.fix && c.status !== 'ok' ? `\n      fix: ${c.fix}` : ''}`).join('\n');
}
