/**
 * The collector registry: adding a source is one entry here. Order is the order `collect --source all`
 * runs. The HTTP clients (axios, twitter-api-v2) take a tenth of a second to load, so a collector's
 * code is loaded only when it is used: `status` or `export` never pay for it.
 */
import { missingFacebookConfiguration } from './facebook/configured';
import type { SourceCollector, SourceSettings } from './types';
import { missingXConfiguration } from './x/configured';

function lazyCollector(source: string, missingConfiguration: (config: SourceSettings) => string | undefined, load: () => SourceCollector): SourceCollector {
  let loaded: SourceCollector | undefined;
  const collector = () => (loaded ??= load());
  return {
    source,
    missingConfiguration,
    checkAccess: (config) => collector().checkAccess?.(config) ?? Promise.resolve('no access check for this source'),
    // Asked only by `collect`, which loads the collector next anyway.
    checkOptions: (config, options, now) => collector().checkOptions?.(config, options, now),
    collect: (config, context) => collector().collect(config, context),
  };
}

export const COLLECTORS: SourceCollector[] = [
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  lazyCollector('x', missingXConfiguration, () => (require('./x/collector') as typeof import('./x/collector')).xCollector),
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  lazyCollector('facebook', missingFacebookConfiguration, () => (require('./facebook') as typeof import('./facebook')).facebookCollector),
];

export function findCollector(source: string): SourceCollector | undefined {
  return COLLECTORS.find((c) => c.source === source);
}
