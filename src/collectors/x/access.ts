/** One cheap authenticated call (the usage endpoint, which bills no post reads) for `onevision doctor`. */
import type { XConfig } from '../../config';
import { UpstreamError } from '../../errors';
import { createXClient } from './client';
import { classifyFailure } from './failures';
import { toXUsage } from './usage';
import { plural } from '../../core/words';

export async function checkXAccess(config: XConfig, now: Date, timeoutMs = 10_000): Promise<string> {
  try {
    const response = await createXClient(config, { timeoutMs }).fetchUsage();
    const usage = toXUsage(response.data, now);
    return usage
      ? `token works: ${plural(usage.projectUsage, 'post')} read this month${usage.projectCap === null ? '' : ` of ${usage.projectCap}`}`
      : 'token works (X answered without usage figures)';
  } catch (error) {
    const failure = classifyFailure(error, 'usage/tweets', 'collect');
    if (failure.kind === 'fatal') throw failure.error;
    if (failure.kind === 'rate-limit') return 'token works (usage endpoint rate limited just now)';
    throw new UpstreamError(`X did not answer: ${failure.reason}`, 'Check the network and X_API_BASE_URL, then try again.');
  }
}
