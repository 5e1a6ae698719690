import type { AuthContext } from '../../kernel/auth-context.js';
import { parseScopes } from '../../kernel/scopes.js';
import type { AppRow, UserRow } from '../../storage/schema.js';

/** Who is calling, with the rows of the user and, for OAuth calls, of the application (B1). */
export type Caller = AuthContext<UserRow, AppRow>;

/** The one place a Caller is built: from an access token's application or a webhook, with the credential's scopes. */
export function callerOf(user: UserRow, scopes: string, via: { app: AppRow } | { webhookId: number }): Caller {
  const common = { user, scopes: new Set(parseScopes(scopes)) };
  return 'app' in via
    ? { type: 'oauth', ...common, app: via.app, webhookId: null, principal: `app:${via.app.id}` }
    : { type: 'webhook', ...common, app: null, webhookId: via.webhookId, principal: `webhook:${via.webhookId}` };
}
