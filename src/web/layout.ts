/**
 * The desk's page frame: header, navigation by what the viewer may do, and the sign-out form. Pure:
 * the nonce comes from the response and the viewer from the session.
 */
import { html, type Html } from './html';
import { can, ROLE_NAMES, type Capability, type Viewer } from './viewer';

export interface PageOptions {
  readonly title: string;
  readonly viewer: Viewer | null;
  /** The response's CSP nonce, for the rare inline script or data block. */
  readonly nonce: string;
  /** The navigation entry to mark as current. */
  readonly current?: string;
  /** A one-line confirmation shown at the top (e.g. "Saved"), announced to screen readers. */
  readonly notice?: string | null;
  /** Extra scripts from src/web/assets (listed in src/web/assets.ts), loaded after desk.js. */
  readonly scripts?: readonly string[];
}

interface NavEntry {
  readonly href: string;
  readonly label: string;
  readonly capability: Capability;
}

const NAVIGATION: readonly NavEntry[] = [
  { href: '/', label: 'Overview', capability: 'browse' },
  { href: '/posts', label: 'Posts', capability: 'browse' },
  { href: '/review', label: 'Review', capability: 'label' },
  { href: '/safeguarding', label: 'Safeguarding', capability: 'safeguarding' },
  { href: '/health', label: 'Runs and health', capability: 'browse' },
  { href: '/users', label: 'Users', capability: 'manage-users' },
];

export function renderPage(options: PageOptions & { readonly body: Html }): Html {
  const { viewer, title } = options;
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${title} · onevision</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/desk.css">
<script src="/assets/desk.js" defer></script>
${(options.scripts ?? []).map((name) => html`<script src="/assets/${name}" defer></script>
`)}</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="masthead">
  <p class="brand"><a href="/">onevision</a> <span>One Vision responses desk</span></p>
  ${viewer ? renderNavigation(viewer, options.current) : null}
  ${viewer ? renderAccount(viewer) : null}
</header>
<main id="main" tabindex="-1">
${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : html`<p class="notice" role="status" hidden></p>`}
<h1>${title}</h1>
${options.body}
</main>
</body>
</html>`;
}

export function renderMessagePage(options: Omit<PageOptions, 'notice'> & { readonly message: string }): Html {
  return renderPage({ ...options, body: html`<p class="message">${options.message}</p>${options.viewer ? null : html`<p><a href="/login">Sign in</a></p>`}` });
}

function renderNavigation(viewer: Viewer, current: string | undefined): Html {
  const entries = NAVIGATION.filter((entry) => can(viewer, entry.capability));
  return html`<nav aria-label="Desk"><ul>${entries.map((entry) => html`<li><a href="${entry.href}"${entry.href === current ? html` aria-current="page"` : null}>${entry.label}</a></li>`)}</ul></nav>`;
}

function renderAccount(viewer: Viewer): Html {
  if (viewer.role === 'local') return html`<p class="account">${ROLE_NAMES.local}</p>`;
  return html`<form class="account" method="post" action="/logout"><span>${viewer.name} (${ROLE_NAMES[viewer.role]})</span>
<input type="hidden" name="_csrf" value="${viewer.csrfToken}"><button type="submit">Sign out</button></form>`;
}

/** A hidden CSRF field for a form that changes something. */
export function csrfField(viewer: Viewer): Html {
  return html`<input type="hidden" name="_csrf" value="${viewer.csrfToken}">`;
}
