import type { SourceSettings } from '../types';

/** Light on purpose: the registry asks this without loading the X client. */
export function missingXConfiguration(config: SourceSettings): string | undefined {
  return config.x.bearerToken ? undefined : 'X_BEARER_TOKEN is not set';
}
