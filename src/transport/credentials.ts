import { type Params, scalarText } from '../kernel/params/readers.js';
import { SECRET_PARAM_NAMES } from '../kernel/secrets.js';
import type { RestPath } from './url-forms.js';

/** A credential as presented, before it is checked. */
export type PresentedCredential = { kind: 'webhook'; userId: number; code: string } | { kind: 'token'; token: string } | { kind: 'none' };

/** Parameters that carry credentials; methods never see them (A23). */
const AUTH_PARAMS = ['auth', 'access_token'] as const;

/**
 * Takes the credential out of the call: the webhook path wins over an `auth` parameter (B1),
 * and the auth parameters are removed from what the method receives either way.
 */
export function takeCredential(path: RestPath, params: Params): PresentedCredential {
  const tokens = AUTH_PARAMS.map((name) => scalarText(params[name])).filter((t): t is string => !!t && t.trim() !== '');
  for (const name of AUTH_PARAMS) delete params[name];
  if (path.webhook) return { kind: 'webhook', ...path.webhook };
  const token = tokens[0];
  return token ? { kind: 'token', token: token.trim() } : { kind: 'none' };
}

/** `name=value` of a secret parameter in a query string (SECRET_PARAM_NAMES of kernel/secrets.ts). */
const SECRET_QUERY_VALUE = new RegExp(`([?&](?:${SECRET_PARAM_NAMES.join('|')})=)[^&#]*`, 'gi');

/**
 * The URL with webhook codes and tokens masked, for logs: secrets are never logged. Besides the REST
 * credentials: OAuth secrets and codes, a recording link's `signature` (a 24-hour grant by itself)
 * and an upload URL's single-use `token`.
 */
export function redactUrl(url: string): string {
  return url.replace(/^(\/rest\/\d+\/)[^/?#]+/, '$1***').replace(SECRET_QUERY_VALUE, '$1***');
}
