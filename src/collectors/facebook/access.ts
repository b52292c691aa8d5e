/** One cheap read of the Page itself, proving the token and page id work (for `onevision doctor`). */
import axios from 'axios';
import type { FacebookConfig } from '../../config';
import { redact } from '../../core/secret';
import { UpstreamError } from '../../errors';
import { classifyGraphError, toCollectError } from './errors';
import { toGraphUrl } from './urls';
import { isGraphError } from './wire';

export async function checkFacebookAccess(config: FacebookConfig, timeoutMs = 10_000): Promise<string> {
  const url = toGraphUrl({ baseUrl: config.graphBaseUrl, version: config.graphVersion }, config.pageId, { fields: 'id,name' });
  let response;
  try {
    response = await axios.get<unknown>(url.href, {
      timeout: timeoutMs,
      validateStatus: () => true,
      headers: { Authorization: `OAuth ${config.pageToken?.reveal() ?? ''}` },
    });
  } catch (error) {
    throw new UpstreamError(`cannot reach the Graph API at ${config.graphBaseUrl}: ${redact((error as Error).message, config.pageToken ? [config.pageToken] : [])}`, 'Check the network and FB_GRAPH_BASE_URL.');
  }
  const body = response.data;
  if (response.status === 200 && typeof body === 'object' && body !== null && 'id' in body) {
    const page = body as { id: string; name?: string };
    return `token works: page ${page.name ?? ''} (${page.id}) via ${config.graphVersion}`;
  }
  throw toCollectError(classifyGraphError(response.status, isGraphError(body) ? body : undefined), config.pageId);
}
