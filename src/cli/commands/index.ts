/** Every command, in the order `--help` lists them. Adding a command is one line here. */
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { registerCollect } from './collect';
import { registerCronLine } from './cron-line';
import { registerDoctor } from './doctor';
import { registerExport } from './export';
import { registerForget } from './forget';
import { registerImport } from './import';
import { registerPurge } from './purge';
import { registerRuns } from './runs';
import { registerSchedule } from './schedule';
import { registerStatus } from './status';

export type RegisterCommand = (program: Command, context: CommandContext) => void;

export const COMMANDS: readonly RegisterCommand[] = [registerCollect, registerImport, registerExport, registerStatus, registerRuns, registerSchedule, registerCronLine, registerForget, registerPurge, registerDoctor];
