/**
 * The person using the desk and what they may do. Every route names the one capability it needs and
 * the server checks it (src/web/desk.ts); the navigation only hides what the server would refuse.
 */
import { audienceForDeskRole, type DeskRole } from '../gate/desk-audience';
import type { Audience } from '../gate/release';

export type Capability = 'browse' | 'label' | 'safeguarding' | 'manage-users';

const CAPABILITIES: Readonly<Record<DeskRole, readonly Capability[]>> = {
  analyst: ['browse'],
  reviewer: ['browse', 'label'],
  'safeguarding-lead': ['browse', 'safeguarding'],
  admin: ['browse', 'manage-users'],
  // The single local user before any account exists does everything, as they can with the CLI.
  local: ['browse', 'label', 'safeguarding', 'manage-users'],
};

export const ROLE_NAMES: Readonly<Record<DeskRole, string>> = {
  analyst: 'analyst',
  reviewer: 'reviewer',
  'safeguarding-lead': 'safeguarding lead',
  admin: 'admin',
  local: 'local user (no accounts yet)',
};

export interface Viewer {
  readonly name: string;
  readonly role: DeskRole;
  /** The token every form and script must send back with a change (src/web/csrf.ts). */
  readonly csrfToken: string;
}

export function can(viewer: Viewer, capability: Capability): boolean {
  return CAPABILITIES[viewer.role].includes(capability);
}

export function audienceFor(viewer: Viewer): Audience {
  return audienceForDeskRole(viewer.role);
}

/** Who holds a capability, for error pages and tests. */
export function rolesWith(capability: Capability): DeskRole[] {
  return (Object.keys(CAPABILITIES) as DeskRole[]).filter((role) => CAPABILITIES[role].includes(capability));
}
