/** The Facebook Page collector (Graph API): the page's feed, every comment and reply, incrementally. */
import type { SourceCollector } from '../types';
import { checkFacebookAccess } from './access';
import { collectFacebook } from './collect';
import { missingFacebookConfiguration } from './configured';
import { DEFAULT_TIMING, type Timing } from './usage';

export function createFacebookCollector(timing: Timing = DEFAULT_TIMING): SourceCollector {
  return {
    source: 'facebook',
    missingConfiguration: missingFacebookConfiguration,
    checkAccess: (config) => checkFacebookAccess(config.facebook),
    collect: (config, context) => collectFacebook(config.facebook, context, timing),
  };
}

export const facebookCollector = createFacebookCollector();
