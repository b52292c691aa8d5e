import type { Config } from '../config';
import type { CommandContext } from './context';

/**
 * What follows every collection, whoever started it (collect, schedule): classification of the new
 * posts. Kept in one place so the nightly job and an officer's run do the same thing.
 */
export function afterCollection(_config: Config, _context: CommandContext): void {
  // The classifier is wired in here once it exists (issue 5).
}
