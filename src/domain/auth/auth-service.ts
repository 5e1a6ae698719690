import { restError } from '../../rest/errors.js';
import type { Storage } from '../../storage/storage.js';
import type { UserRow } from '../../storage/schema.js';
import { hashSecret } from '../../util/secrets.js';
import type { AuthContext } from './auth-context.js';
import { parseScopes } from '../scopes.js';

/** Seconds between two writes of a user's last activity (drives IS_ONLINE). */
const ACTIVITY_WRITE_INTERVAL = 60;

/** Turns a presented credential into an AuthContext or the catalogued refusal (B2, B3, B14). */
export class AuthService {
  constructor(private readonly storage: Storage) {}

  async authenticateAccessToken(token: string, now: number): Promise<AuthContext> {
    const row = await this.storage.tokens.findByAccessHash(hashSecret(token));
    if (!row) throw restError('NO_AUTH_FOUND');
    if (row.access_expires_at <= now) throw restError('EXPIRED_TOKEN');
    const app = await this.storage.apps.findById(row.app_id);
    // A token of an application that was uninstalled is known but no longer valid.
    if (!app || app.installed !== 1) throw restError('INVALID_TOKEN');
    const user = await this.activeUser(row.user_id, now);
    return {
      type: 'oauth',
      user,
      scopes: new Set(parseScopes(row.scopes)),
      app,
      webhookId: null,
      principal: `app:${app.id}`,
    };
  }

  async authenticateWebhook(userId: number, code: string, now: number): Promise<AuthContext> {
    const webhook = await this.storage.webhooks.findByCodeHash(hashSecret(code));
    if (!webhook || webhook.user_id !== userId) throw restError('NO_AUTH_FOUND');
    if (webhook.expires_at !== null && webhook.expires_at <= now) throw restError('NO_AUTH_FOUND');
    const user = await this.activeUser(webhook.user_id, now);
    return {
      type: 'webhook',
      user,
      scopes: new Set(parseScopes(webhook.scopes)),
      app: null,
      webhookId: webhook.id,
      principal: `webhook:${webhook.id}`,
    };
  }

  private async activeUser(userId: number, now: number): Promise<UserRow> {
    const user = await this.storage.users.findById(userId);
    if (!user) throw restError('NO_AUTH_FOUND');
    // A dismissed employee's credentials stop working (B14).
    if (user.active !== 1) throw restError('INVALID_CREDENTIALS');
    await this.storage.users.touchActivity(user.id, now, ACTIVITY_WRITE_INTERVAL);
    return user;
  }
}
