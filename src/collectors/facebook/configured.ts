import type { Config } from '../../config';

/** Light on purpose: the registry asks this without loading axios. */
export function missingFacebookConfiguration(config: Config): string | undefined {
  return config.facebook.pageToken ? undefined : 'FB_PAGE_TOKEN is not set';
}
