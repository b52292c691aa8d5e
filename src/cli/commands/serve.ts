import fs from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../../errors';
import { openDatabase } from '../../store/database';
import type { CommandContext } from '../context';
import { withStopSignals } from './collect';

interface ServeFlags {
  host: string;
  port: string;
}

export function registerServe(program: Command, context: CommandContext): void {
  program
    .command('serve')
    .description('Run the review desk in the browser: overview, posts, review queue, safeguarding inbox, runs and health')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0: any free port)', '8080')
    .addHelpText(
      'after',
      `
The desk works over the same database as the commands, with no network and no build step.

Accounts. Add them with \`onevision users add NAME --role analyst|reviewer|safeguarding-lead|admin\`.
Once any account exists, every page needs a sign-in at /login, on any host. Before any account
exists, a desk on 127.0.0.1 (or localhost) runs for one local user without a sign-in, who may do
everything the CLI can, including reading flagged posts: it is for one person on their own machine.
With --host set to anything else, serve refuses to start until an account exists, and expects an
HTTPS proxy in front (its cookies are marked Secure).

Stop it with Ctrl-C (SIGINT) or SIGTERM.

Examples:
  $ onevision serve                      # http://127.0.0.1:8080/
  $ onevision serve --port 9000
  $ onevision users add sam --role safeguarding-lead && onevision serve --host 0.0.0.0`,
    )
    .action(async (flags: ServeFlags, command: Command) => {
      const port = parsePort(flags.port);
      const config = context.config(command);
      // A new database is a fresh install (set up accounts, see the health page) or a mistyped --db:
      // served either way, but said, so nobody takes an empty desk for their data.
      const isNew = !fs.existsSync(config.dbPath);
      const db = openDatabase(config.dbPath);
      try {
        // Loaded here, not at the top: the web server and its pages would slow every other command's start.
        const { startDesk } = await import('../../web/server.js');
        await withStopSignals(context, async (signal) => {
          const desk = await startDesk({ host: flags.host, port, db, config, now: context.now, logError: (line: string) => context.say(line) });
          if (isNew) context.say(`no database was at ${config.dbPath}: serving a new, empty one (check --db or ONEVISION_DB if you expected your posts)`);
          context.say(desk.mode === 'local' ? 'no accounts yet: one local user, no sign-in (add accounts with `onevision users add`)' : 'sign-in required (accounts exist)');
          // The address on stdout, last, so a script can wait for it and know the desk is ready.
          context.print(`${desk.url}\n`);
          await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
          await desk.close();
          context.say('onevision serve: stopped');
        }, 'stopping the desk (requests under way finish first)…');
      } finally {
        db.close();
      }
    });
}

function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isInteger(port) || port > 65535) throw new UserError(`--port must be a whole number from 0 to 65535, not "${text}"`, 'For example: onevision serve --port 8080');
  return port;
}
