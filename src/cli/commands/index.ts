/** Every command, in the order `--help` lists them. Adding a command is one line here. */
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { registerAlert } from './alert';
import { registerAudit } from './audit';
import { registerChanges } from './changes';
import { registerCollect } from './collect';
import { registerCompliance } from './compliance';
import { registerCronLine } from './cron-line';
import { registerDemo } from './demo';
import { registerDoctor } from './doctor';
import { registerExport } from './export';
import { registerForget } from './forget';
import { registerImport } from './import';
import { registerPurge } from './purge';
import { registerReport } from './report';
import { registerRuns } from './runs';
import { registerSchedule } from './schedule';
import { registerStatus } from './status';
import { registerClassify } from './classify';
import { registerEval } from './eval';
import { registerExplain } from './explain';
import { registerLabel } from './label';
import { registerReview } from './review';
import { registerSafeguarding } from './safeguarding';
import { registerServe } from './serve';
import { registerTrain } from './train';
import { registerSummary } from './summary';
import { registerUsers } from './users';

export type RegisterCommand = (program: Command, context: CommandContext) => void;

export const COMMANDS: readonly RegisterCommand[] = [
  registerDemo,
  registerCollect, registerImport, registerExport, registerClassify, registerChanges, registerExplain, registerLabel, registerReview, registerTrain, registerEval, registerSafeguarding, registerStatus, registerSummary, registerReport, registerRuns, registerServe, registerSchedule, registerCronLine, registerForget, registerPurge, registerCompliance, registerAudit, registerUsers, registerAlert, registerDoctor];
