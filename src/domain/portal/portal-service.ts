import type { Storage } from '../../storage/storage.js';
import type { AppRow, UserRow, WebhookRow } from '../../storage/schema.js';
import { unixSeconds, type Clock } from '../../util/clock.js';
import { hashSecret, randomCode, randomHex } from '../../util/secrets.js';
import { isHttpUrl } from '../../util/http-url.js';
import { parseScopes, unknownScopes } from '../scopes.js';

export const ACCESS_TOKEN_LIFETIME = 3600;
/**
 * client_id of the pseudo-application older versions recorded webhook calls under; data made then
 * may still hold it. It is never a telephony application to choose (webhook calls now have none, B9 revised).
 */
export const LEGACY_WEBHOOK_APP_CLIENT_ID = 'webhook';
export const REFRESH_TOKEN_LIFETIME = 180 * 24 * 3600;

export interface NewUser {
  name: string;
  lastName?: string;
  email?: string;
  innerNumber?: string | null;
  admin?: boolean;
  active?: boolean;
  workPosition?: string;
  personalGender?: 'M' | 'F' | '';
}

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

export interface CreatedWebhook {
  webhook: WebhookRow;
  code: string;
}

/** A mistake in an administrator's request (CLI flags, seed data): shown to them as is. */
export class PortalAdminError extends Error {
  override readonly name = 'PortalAdminError';
}

/** Administration of the portal: employees, applications, tokens, webhooks, settings. */
export class PortalService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    /** Called when a change may invalidate credentials that were already checked. */
    private readonly onCredentialsChanged: () => void = () => {},
  ) {}

  async addUser(input: NewUser): Promise<UserRow> {
    const name = input.name.trim();
    if (!name) throw new PortalAdminError('a user needs a name');
    const innerNumber = input.innerNumber?.trim() || null;
    if (innerNumber !== null) {
      if (!/^[0-9*#+]{1,20}$/.test(innerNumber)) throw new PortalAdminError(`inner number "${innerNumber}" must be 1-20 digits`);
      const holder = await this.storage.users.findActiveByInnerNumber(innerNumber);
      // Inner numbers identify an employee's phone, so they are unique among active users (I6).
      if (holder && input.active !== false) throw new PortalAdminError(`inner number ${innerNumber} already belongs to user ${holder.id}`);
    }
    const now = unixSeconds(this.clock);
    return this.storage.users.insert({
      name,
      last_name: input.lastName?.trim() ?? '',
      email: input.email?.trim() ?? '',
      phone_inner: innerNumber,
      is_admin: input.admin ? 1 : 0,
      active: input.active === false ? 0 : 1,
      work_position: input.workPosition ?? '',
      personal_gender: input.personalGender ?? '',
      date_register: now,
      timestamp_x: now,
    });
  }

  /** Dismisses an employee or brings them back; a dismissed employee's credentials stop working (B14). */
  async setUserActive(userId: number, active: boolean): Promise<void> {
    const user = await this.storage.users.findById(userId);
    if (!user) throw new PortalAdminError(`no user with id ${userId}`);
    await this.storage.users.update(userId, { active: active ? 1 : 0, timestamp_x: unixSeconds(this.clock) });
    this.onCredentialsChanged();
  }

  listUsers(): Promise<UserRow[]> {
    return this.storage.users.all();
  }

  listApps(): Promise<AppRow[]> {
    return this.storage.apps.all();
  }

  listWebhooks(): Promise<WebhookRow[]> {
    return this.storage.webhooks.all();
  }

  /** Installs an application and issues its first token pair for `userId` (default: the first admin). */
  async addApp(input: { name: string; scopes: string | readonly string[]; userId?: number; redirectUri?: string }): Promise<CreatedApp> {
    const name = input.name.trim();
    if (!name) throw new PortalAdminError('an application needs a name');
    const redirectUri = input.redirectUri?.trim() || null;
    if (redirectUri !== null && !isHttpUrl(redirectUri)) throw new PortalAdminError('the redirect URI must be an http or https URL');
    const scopes = this.checkedScopes(input.scopes);
    const clientSecret = randomCode(50);
    const clientId = `local.${randomHex(7)}.${randomHex(4)}`;
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
    const tokens = await this.issueTokens(app.id, input.userId);
    return { app, clientSecret, tokens };
  }

  async uninstallApp(appId: number): Promise<void> {
    const app = await this.storage.apps.findById(appId);
    if (!app) throw new PortalAdminError(`no application with id ${appId}`);
    await this.storage.transaction(async (tx) => {
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

  /** A new access/refresh token pair of application `appId` for user `userId` (default: the first admin). */
  async issueTokens(appId: number, userId?: number): Promise<IssuedTokens> {
    const app = await this.storage.apps.findById(appId);
    if (!app) throw new PortalAdminError(`no application with id ${appId}`);
    if (app.installed !== 1) throw new PortalAdminError(`application ${appId} is not installed`);
    const user = await this.userOrFirstAdmin(userId);
    const now = unixSeconds(this.clock);
    const accessToken = randomHex(32);
    const refreshToken = randomHex(32);
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

  async addWebhook(input: { userId: number; scopes: string | readonly string[]; title?: string; expiresAt?: number | null }): Promise<CreatedWebhook> {
    const user = await this.storage.users.findById(input.userId);
    if (!user) throw new PortalAdminError(`no user with id ${input.userId}`);
    const scopes = this.checkedScopes(input.scopes);
    const code = randomCode(16);
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

  private checkedScopes(input: string | readonly string[]): string[] {
    const scopes = parseScopes(input);
    if (scopes.length === 0) throw new PortalAdminError('at least one scope is needed');
    const unknown = unknownScopes(scopes);
    if (unknown.length > 0) throw new PortalAdminError(`unknown scope(s): ${unknown.join(', ')}`);
    return scopes;
  }

  async userOrFirstAdmin(userId: number | undefined): Promise<UserRow> {
    if (userId !== undefined) {
      const user = await this.storage.users.findById(userId);
      if (!user) throw new PortalAdminError(`no user with id ${userId}`);
      return user;
    }
    const admin = (await this.storage.users.all()).find((u) => u.is_admin === 1 && u.active === 1);
    if (!admin) throw new PortalAdminError('the portal has no active administrator; pass a user id');
    return admin;
  }
}
