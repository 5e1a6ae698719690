import { stringify } from 'qs';
import type { TestPortal } from './test-portal.js';

/** The three ways a client sends parameters: a JSON body, a form-urlencoded body, the query string (A7, A8). */
export type WireStyle = 'json' | 'form' | 'query';
export const WIRE_STYLES: readonly WireStyle[] = ['json', 'form', 'query'];

/** Who calls: an access token (in `auth`) or the demo webhook's path. */
export type Credential = { token: string } | 'webhook';

/** Calls `method` in one wire style; PHP-style keys for form and query, as the PHP and JS SDKs write them. */
export async function callIn(
  t: TestPortal,
  style: WireStyle,
  method: string,
  params: Record<string, unknown> = {},
  credential: Credential = { token: t.demo.app.accessToken },
) {
  const base = credential === 'webhook' ? `${t.webhookPath}${method}` : `/rest/${method}`;
  const all = credential === 'webhook' ? params : { ...params, auth: credential.token };
  const res =
    style === 'json'
      ? await t.portal.app.inject({ method: 'POST', url: base, payload: all })
      : style === 'form'
        ? await t.portal.app.inject({
            method: 'POST',
            url: base,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: stringify(all),
          })
        : await t.portal.app.inject({ method: 'GET', url: `${base}?${stringify(all)}` });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
}
