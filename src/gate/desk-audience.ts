/**
 * Who reads what in the browser desk: each signed-in role maps to one of the gate's audiences, so a
 * page never decides for itself whether flagged text may be shown. Pure.
 *
 * - The safeguarding lead reads everything as stored: they have to act on it.
 * - The one local user of an account-less desk (serve on 127.0.0.1 before any account exists) is
 *   whoever runs the CLI on this machine, where `onevision safeguarding` already shows everything.
 * - Analysts, reviewers and admins read what an analyst export would show: withheld text replaced by
 *   its notice, authors as pseudonyms.
 */
import type { Audience } from './release';

export type DeskRole = 'analyst' | 'reviewer' | 'safeguarding-lead' | 'admin' | 'local';

export function audienceForDeskRole(role: DeskRole): Audience {
  return role === 'safeguarding-lead' || role === 'local' ? { kind: 'safeguarding-lead' } : { kind: 'analyst' };
}
