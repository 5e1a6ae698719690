import type { AppRow, UserRow } from '../../storage/schema.js';

/** How a call authenticated: an application's OAuth token or an incoming webhook's code. */
export type AuthType = 'oauth' | 'webhook';

/** Who is calling: every call runs as a concrete user, with the scopes of its credential (B1). */
export interface AuthContext {
  type: AuthType;
  user: UserRow;
  scopes: ReadonlySet<string>;
  /** The application, for OAuth calls. */
  app: AppRow | null;
  /** The webhook's id, for webhook calls. */
  webhookId: number | null;
  /** Stable key of the credential's owner (app or webhook), for limits and request ids. */
  principal: string;
}
