/** How a call is authenticated: an application's OAuth token or an incoming webhook's code. */
export type AuthType = 'oauth' | 'webhook';

/**
 * Who is calling: every call runs as a concrete user, with the scopes of its credential (B1). The
 * kernel knows users and applications by their id only; the auth feature fills in its rows.
 */
export interface AuthContext<User extends { id: number } = { id: number }, App extends { id: number } = { id: number }> {
  type: AuthType;
  user: User;
  scopes: ReadonlySet<string>;
  /** The application, for OAuth calls. */
  app: App | null;
  /** The webhook's id, for webhook calls. */
  webhookId: number | null;
  /** Stable key of the credential's owner (app or webhook), for limits and request ids. */
  principal: string;
}
