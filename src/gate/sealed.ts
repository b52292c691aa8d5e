/**
 * What identifies a post and its author (its text, link, handle and name) travels from the store to
 * the gate sealed: printing, logging or JSON-serialising a sealed value shows "[sealed]", and only
 * the gate opens it (eslint forbids importing `unseal` anywhere else). So no output can reach post
 * text around the gate by accident.
 */
import { inspect } from 'node:util';

export interface PostIdentity {
  readonly text: string;
  readonly url: string | null;
  /** The platform's id for the author (a survey's normalised name), null when there is none. */
  readonly authorSourceId: string | null;
  readonly authorHandle: string | null;
  readonly authorName: string | null;
}

const contents = new WeakMap<Sealed, PostIdentity>();

export class Sealed {
  toString(): string {
    return '[sealed]';
  }

  toJSON(): string {
    return '[sealed]';
  }

  [inspect.custom](): string {
    return 'Sealed([sealed])';
  }
}

export function seal(identity: PostIdentity): Sealed {
  const sealed = new Sealed();
  contents.set(sealed, identity);
  return sealed;
}

/** For the gate only. */
export function unseal(sealed: Sealed): PostIdentity {
  const identity = contents.get(sealed);
  if (!identity) throw new Error('not a sealed post identity');
  return identity;
}
