import { readConfig } from '../config';
import type { Secret } from '../core/secret';

/** The configured secrets, for redacting an error message even when configuration itself failed. */
export function readConfigSecretsQuietly(): readonly Secret[] {
  try {
    return readConfig().secrets;
  } catch {
    return []; // configuration is broken: the error being reported says so
  }
}
