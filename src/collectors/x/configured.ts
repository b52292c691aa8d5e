import type { Config } from '../../config';

/** Light on purpose: the registry asks this without loading the X client. */
export function missingXConfiguration(config: Config): string | undefined {
  return config.x.bearerToken ? undefined : 'X_BEARER_TOKEN is not set';
}
