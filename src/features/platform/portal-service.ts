import type { Storage } from '../../storage/storage.js';
import type { AppRow, WebhookRow } from '../../storage/schema.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import { hashSecret, randomCode, randomHex } from '../../kernel/secrets.js';
import { isHttpUrl } from '../../kernel/http-url.js';
import { adminError } from '../../kernel/errors/admin-error.js';
import { GRANTABLE_SCOPES, parseScopes, unknownScopes } from '../../kernel/scopes.js';
import type { UsersService } from '../users/users-service.js';

export const ACCESS_TOKEN_LIFETIME = 3600;
/**
 * client_id of the pseudo-application older versions recorded webhook calls under; data made then
 * may still hold it. It is never a telephony application to choose (webhook calls now have none, B9 revised).
 */
export const LEGACY_WEBHOOK_APP_CLIENT_ID = 'webhook';
export const REFRESH_TOKEN_LIFETIME = 180 * 24 * 3600;

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  expiresIn: number;
  scopes: string[];
  userId: number;
}

export interface CreatedApp {
  app: AppRow;
  clientSecret: string;
  tokens: IssuedTokens;
}

/** Token values a caller chose (a seed file's), so that a test suite can hard-code them. */
export interface FixedTokens {
  accessToken?: string;
  refreshToken?: string;
}

export interface FixedAppCredentials extends FixedTokens {
  clientId?: string;
  clientSecret?: string;
}

/** Work done in the uninstall's transaction before the application's bindings go. */
export type UninstallHook = (tx: Storage, appId: number, clean: boolean) => Promise<void>;

/** One stored token pair, without its (hashed) tokens. Times are Unix seconds. */
export interface TokenSummary {
  id: number;
  appId: number;
  userId: number;
  scopes: string;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  /** The refresh token was exchanged already (single use). */
  refreshed: boolean;
  createdAt: number;
}

export interface CreatedWebhook {
  webhook: WebhookRow;
  code: string;
}

/** Administration of the portal's credentials: applications, their tokens, incoming webhooks. */
export class PortalService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly users: UsersService,
    /** Called when a change may invalidate credentials that were already checked. */
    private readonly onCredentialsChanged: () => void = () => {},
    /** Runs in the uninstall's transaction while the application's bindings still exist (ONAPPUNINSTALL, B16). */
    private readonly beforeUninstall: UninstallHook = async () => {},
  ) {}

  listApps(): Promise<AppRow[]> {
    return this.storage.apps.all();
  }

  listWebhooks(): Promise<WebhookRow[]> {
    return this.storage.webhooks.all();
  }

  /**
   * Installs an application and issues its first token pair for `userId` (default: the first admin).
   * `fixed` credentials (a seed file's) are used as given instead of random ones; only their hashes are kept.
   */
  async addApp(input: {
    name: string;
    scopes: string | readonly string[];
    userId?: number;
    redirectUri?: string;
    fixed?: FixedAppCredentials;
  }): Promise<CreatedApp> {
    const name = input.name.trim();
    if (!name) throw adminError('APP_NAME_REQUIRED');
    const redirectUri = input.redirectUri?.trim() || null;
    if (redirectUri !== null && !isHttpUrl(redirectUri)) throw adminError('REDIRECT_URI_NOT_HTTP');
    const scopes = this.checkedScopes(input.scopes);
    const clientSecret = input.fixed?.clientSecret ?? randomCode(50);
    const clientId = input.fixed?.clientId ?? `local.${randomHex(7)}.${randomHex(4)}`;
    const app = await this.storage.apps.insert({
      client_id: clientId,
      client_secret_hash: hashSecret(clientSecret),
      code: clientId,
      name,
      scopes: scopes.join(','),
      installed: 1,
      status: 'L',
      version: 1,
      redirect_uri: redirectUri,
      created_at: unixSeconds(this.clock),
    });
    const tokens = await this.issueTokens(app.id, input.userId, input.fixed);
    return { app, clientSecret, tokens };
  }

  /** `clean`: the administrator asked for the application's data to be removed too (told to it in ONAPPUNINSTALL). */
  async uninstallApp(appId: number, options: { clean?: boolean } = {}): Promise<void> {
    const app = await this.storage.apps.findById(appId);
    if (!app) throw adminError('NO_APP', { appId });
    await this.storage.transaction(async (tx) => {
      await this.beforeUninstall(tx, appId, options.clean ?? false);
      await tx.apps.setInstalled(appId, false);
      // H6: an uninstalled application's event handlers go with it.
      await tx.events.unbind((await tx.events.bindingsOfApp(appId)).map((b) => b.id));
    });
    this.onCredentialsChanged();
  }

  /** Forgets token pairs and codes that can no longer be used (on the portal's clock). */
  async purgeDeadTokens(): Promise<void> {
    await this.storage.tokens.purgeDead(unixSeconds(this.clock));
  }

  /** A new access/refresh token pair of application `appId` for user `userId` (default: the first admin), or the `fixed` one. */
  async issueTokens(appId: number, userId?: number, fixed: FixedTokens = {}): Promise<IssuedTokens> {
    const app = await this.storage.apps.findById(appId);
    if (!app) throw adminError('NO_APP', { appId });
    if (app.installed !== 1) throw adminError('APP_NOT_INSTALLED', { appId });
    const user = await this.users.userOrFirstAdmin(userId);
    const now = unixSeconds(this.clock);
    const accessToken = fixed.accessToken ?? randomHex(32);
    const refreshToken = fixed.refreshToken ?? randomHex(32);
    await this.storage.tokens.insert({
      app_id: app.id,
      user_id: user.id,
      access_token_hash: hashSecret(accessToken),
      access_expires_at: now + ACCESS_TOKEN_LIFETIME,
      refresh_token_hash: hashSecret(refreshToken),
      refresh_expires_at: now + REFRESH_TOKEN_LIFETIME,
      refreshed_at: null,
      scopes: app.scopes,
      created_at: now,
    });
    return {
      accessToken,
      refreshToken,
      expiresAt: now + ACCESS_TOKEN_LIFETIME,
      expiresIn: ACCESS_TOKEN_LIFETIME,
      scopes: app.scopes.split(',').filter(Boolean),
      userId: user.id,
    };
  }

  async addWebhook(input: {
    userId: number;
    scopes: string | readonly string[];
    title?: string;
    expiresAt?: number | null;
    /** A fixed code (a seed file's) instead of a random one; only its hash is kept. */
    fixedCode?: string;
  }): Promise<CreatedWebhook> {
    const user = await this.storage.users.findById(input.userId);
    if (!user) throw adminError('NO_USER', { userId: input.userId });
    const scopes = this.checkedScopes(input.scopes);
    const code = input.fixedCode ?? randomCode(16);
    const webhook = await this.storage.webhooks.insert({
      user_id: user.id,
      code_hash: hashSecret(code),
      title: input.title ?? '',
      scopes: scopes.join(','),
      expires_at: input.expiresAt ?? null,
      created_at: unixSeconds(this.clock),
    });
    return { webhook, code };
  }

  /** Token pairs as an administrator may see them: whose, of which application, until when (never the tokens). */
  async listTokens(): Promise<TokenSummary[]> {
    return (await this.storage.tokens.all()).map((row) => ({
      id: row.id,
      appId: row.app_id,
      userId: row.user_id,
      scopes: row.scopes,
      accessExpiresAt: row.access_expires_at,
      refreshExpiresAt: row.refresh_expires_at,
      refreshed: row.refreshed_at !== null,
      createdAt: row.created_at,
    }));
  }

  /** The user a webhook code belongs to, or null when no webhook has that code (the console's API explorer). */
  async webhookOwner(code: string): Promise<number | null> {
    const webhook = await this.storage.webhooks.findByCodeHash(hashSecret(code));
    return webhook ? webhook.user_id : null;
  }

  /** Deletes an incoming webhook: its URL stops working at once. False when there was none with that id. */
  async revokeWebhook(webhookId: number): Promise<boolean> {
    const removed = await this.storage.webhooks.delete(webhookId);
    if (removed) this.onCredentialsChanged();
    return removed;
  }

  private checkedScopes(input: string | readonly string[]): string[] {
    const scopes = parseScopes(input);
    if (scopes.length === 0) throw adminError('SCOPES_REQUIRED');
    const unknown = unknownScopes(scopes);
    if (unknown.length > 0) throw adminError('SCOPES_UNKNOWN', { scopes: unknown.join(', '), known: GRANTABLE_SCOPES.join(', ') });
    return scopes;
  }
}
