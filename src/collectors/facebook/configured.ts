import type { SourceSettings } from '../types';

/** Light on purpose: the registry asks this without loading axios. */
export function missingFacebookConfiguration(config: SourceSettings): string | undefined {
  return config.facebook.pageToken ? undefined : 'FB_PAGE_TOKEN is not set';
}
