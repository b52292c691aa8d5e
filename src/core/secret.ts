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

/**
 * Removes every known secret value (as it is, URL-encoded, and URL-decoded: a token travels in query
 * strings and some tokens are stored encoded), any access_token query parameter and any Bearer token
 * from a text.
 */
export function redact(text: string, secrets: ReadonlyArray<Secret | undefined> = []): string {
  let out = text.replace(/(access_token=)[^&\s"']+/gi, '$1[redacted]');
  out = out.replace(/(Bearer\s+)[A-Za-z0-9%._~+/=-]{8,}/g, '$1[redacted]');
  for (const secret of secrets) {
    const value = secret?.reveal();
    if (!value || value.length < 4) continue;
    // Longest first, so a form that contains another is removed whole.
    const forms = [...new Set([value, encodeURIComponent(value), decodedForm(value)])].sort((a, b) => b.length - a.length);
    for (const form of forms) if (form.length >= 4) out = out.split(form).join('[redacted]');
  }
  return out;
}

function decodedForm(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // not valid percent-encoding: the value itself is the only form
  }
}
