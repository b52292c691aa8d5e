/** The desk's front page. */
import type { Desk } from '../desk';
import { html } from '../html';

export function registerOverview(desk: Desk): void {
  desk.route({
    method: 'GET',
    url: '/',
    capability: 'browse',
    handle: ({ page }) => page('Overview', html`<p>The responses to "If you could change the world for young people in Cornwall what would you do and why?"</p>`, { current: '/' }),
  });
}
