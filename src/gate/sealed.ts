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

let open: (sealed: Sealed) => PostIdentity;

export class Sealed {
  // A private field, not a WeakMap: an export seals 100,000 rows, and a WeakMap entry per row costs
  // the garbage collector far more than a field does.
  readonly #identity: PostIdentity;

  constructor(identity: PostIdentity) {
    this.#identity = identity;
  }

  static {
    open = (sealed) => sealed.#identity;
  }

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
  return new Sealed(identity);
}

/** For the gate only. */
export function unseal(sealed: Sealed): PostIdentity {
  if (!(sealed instanceof Sealed)) throw new Error('not a sealed post identity');
  return open(sealed);
}
