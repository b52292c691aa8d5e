import { inspect } from 'node:util';

/**
 * A token that must never reach output, logs or the database. Printing, logging or
 * JSON-serialising it shows "[redacted]"; only `reveal()` gives the value, at the point of use.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'Secret([redacted])';
  }
}

/** Removes every known secret value and any access_token query parameter from a text. */
export function redact(text: string, secrets: ReadonlyArray<Secret | undefined> = []): string {
  let out = text.replace(/(access_token=)[^&\s"']+/gi, '$1[redacted]');
  out = out.replace(/(Bearer\s+)[A-Za-z0-9%._~+/=-]{8,}/g, '$1[redacted]');
  for (const secret of secrets) {
    const value = secret?.reveal();
    if (value && value.length >= 4) out = out.split(value).join('[redacted]');
  }
  return out;
}
