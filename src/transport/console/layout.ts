import type { ConsoleViewer } from '../../features/console/console-access.js';
import { html, type SafeHtml } from './html.js';

/** The console's sections, in the order of its navigation. */
export type ConsoleSection = 'calls' | 'live' | 'charts' | 'crm' | 'integration' | 'explorer';

const SECTIONS: ReadonlyArray<{ id: ConsoleSection; label: string; href: string; adminOnly: boolean }> = [
  { id: 'calls', label: 'Calls', href: '/console/calls', adminOnly: false },
  { id: 'live', label: 'Live', href: '/console/live', adminOnly: false },
  { id: 'charts', label: 'Charts', href: '/console/charts', adminOnly: false },
  { id: 'crm', label: 'CRM', href: '/console/crm/contacts', adminOnly: false },
  { id: 'integration', label: 'Integration', href: '/console/integration', adminOnly: true },
  { id: 'explorer', label: 'API explorer', href: '/console/explorer', adminOnly: false },
];

export interface ConsolePageOptions {
  title: string;
  viewer: ConsoleViewer;
  section: ConsoleSection;
  body: SafeHtml;
  /** Script files under /console/assets/ that the page loads (as modules). */
  scripts?: readonly string[];
  /** Style files under /console/assets/ besides console.css. */
  styles?: readonly string[];
}

/** A whole console page: the navigation, who is signed in, and the section's content. */
export function consolePage({ title, viewer, section, body, scripts = [], styles = [] }: ConsolePageOptions): SafeHtml {
  const name = [viewer.user.name, viewer.user.last_name].filter(Boolean).join(' ');
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="csrf-token" content="${viewer.csrfToken}" />
        <title>${title} · extcall</title>
        <link rel="icon" href="/console/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/console/assets/console.css" />
        ${styles.map((file) => html`<link rel="stylesheet" href="/console/assets/${file}" />`)}
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="top">
          <a class="brand" href="/console/calls">extcall</a>
          <nav aria-label="Sections">
            <ul>
              ${SECTIONS.filter((s) => !s.adminOnly || viewer.isAdmin).map(
                (s) => html`<li><a href="${s.href}" ${s.id === section ? html` aria-current="page"` : ''}>${s.label}</a></li>`,
              )}
            </ul>
          </nav>
          <form class="who" method="post" action="/console/sign-out">
            <input type="hidden" name="_csrf" value="${viewer.csrfToken}" />
            <span>${name} <small>(user ${viewer.user.id}${viewer.isAdmin ? ', administrator' : ''})</small></span>
            <button type="submit">Sign out</button>
          </form>
        </header>
        <main id="main" tabindex="-1">${body}</main>
        ${scripts.map((file) => html`<script type="module" src="/console/assets/${file}"></script>`)}
      </body>
    </html>`;
}

/** A page shown without a session (signed out, or the link was used): no navigation. */
export function plainPage(title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · extcall</title>
        <link rel="icon" href="/console/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/console/assets/console.css" />
      </head>
      <body>
        <main id="main" class="plain">
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`;
}
