import { timingSafeEqual } from 'node:crypto';
import type { Storage } from '../../storage/storage.js';
import type { AppRow, UserRow } from '../../storage/schema.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import { hashSecret, randomHex } from '../../kernel/secrets.js';
import { adminError } from '../../kernel/errors/admin-error.js';
import { oauthError } from '../../kernel/errors/rest-error.js';
import type { PortalIdentityService } from '../events/portal-identity.js';
import type { PortalService } from '../platform/portal-service.js';
import type { UsersService } from '../users/users-service.js';

/** How long an authorization code may be exchanged (B5). */
export const CODE_LIFETIME = 30;

/** The token answer of B4, in the field order of the reference's examples. */
export interface TokenAnswer {
  access_token: string;
  expires: number;
  expires_in: number;
  scope: string;
  domain: string;
  server_endpoint: string;
  status: string;
  client_endpoint: string;
  member_id: string;
  user_id: number;
  refresh_token: string;
}

/** What a client asks /oauth/token/ for (B4): the form fields, trimmed, "" when absent. */
export interface TokenRequest {
  grantType: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  code: string;
}

/** Reads the token endpoint's parameters. */
export function readTokenRequest(params: Record<string, unknown>): TokenRequest {
  const text = (name: string) => (typeof params[name] === 'string' ? (params[name] as string).trim() : '');
  return {
    grantType: text('grant_type'),
    clientId: text('client_id'),
    clientSecret: text('client_secret'),
    refreshToken: text('refresh_token'),
    code: text('code'),
  };
}

/**
 * The portal's own authorisation server (B4–B6): refresh tokens are single use, authorization
 * codes live 30 seconds, and an application must be installed to get anything.
 */
export class OAuthServer {
  constructor(
    private readonly storage: Storage,
    private readonly portal: PortalService,
    private readonly users: UsersService,
    private readonly identity: PortalIdentityService,
    private readonly clock: Clock,
  ) {}

  async grant(request: TokenRequest): Promise<TokenAnswer> {
    const { grantType } = request;
    if (grantType === '') throw oauthError('GRANT_TYPE_REQUIRED');
    if (grantType !== 'refresh_token' && grantType !== 'authorization_code') throw oauthError('GRANT_TYPE_UNSUPPORTED', { grantType });
    const app = await this.client(request.clientId, request.clientSecret);
    const now = unixSeconds(this.clock);
    if (grantType === 'refresh_token') {
      const token = request.refreshToken;
      if (token === '') throw oauthError('REFRESH_TOKEN_REQUIRED');
      const row = await this.storage.tokens.findByRefreshHash(hashSecret(token));
      if (!row || row.app_id !== app.id || row.refresh_expires_at <= now) throw oauthError('REFRESH_TOKEN_INVALID');
      await this.checkActive(row.user_id);
      // Single use: the pair is replaced; a second use of the same refresh token is refused.
      if (!(await this.storage.tokens.markRefreshed(row.id, now))) throw oauthError('REFRESH_TOKEN_INVALID');
      return this.answer(app, row.user_id);
    }
    const { code } = request;
    if (code === '') throw oauthError('CODE_REQUIRED');
    const row = await this.storage.tokens.findCode(hashSecret(code));
    if (!row || row.app_id !== app.id || row.expires_at <= now) throw oauthError('CODE_INVALID');
    await this.checkActive(row.user_id);
    if (!(await this.storage.tokens.useCode(row.id, now))) throw oauthError('CODE_INVALID');
    return this.answer(app, row.user_id);
  }

  /** A code for the code flow, as the portal hands out after a user authorised the app (B5). */
  async issueCode(appId: number, userId?: number): Promise<{ code: string; expiresIn: number }> {
    const app = await this.storage.apps.findById(appId);
    if (!app || app.installed !== 1) throw adminError('NO_INSTALLED_APP', { appId });
    const user = await this.users.userOrFirstAdmin(userId);
    if (user.active !== 1) throw adminError('USER_DISMISSED', { userId: user.id });
    const code = randomHex(16);
    await this.storage.tokens.insertCode({
      code_hash: hashSecret(code),
      app_id: appId,
      user_id: user.id,
      expires_at: unixSeconds(this.clock) + CODE_LIFETIME,
      used_at: null,
    });
    return { code, expiresIn: CODE_LIFETIME };
  }

  /** The application a user is asked to authorise (B5), and the users who may sign in. */
  async authorizationRequest(clientId: string): Promise<{ app: AppRow; users: UserRow[] }> {
    const app = clientId === '' ? undefined : await this.storage.apps.findByClientId(clientId);
    if (!app || app.installed !== 1) throw oauthError('APP_NOT_INSTALLED');
    if (!app.redirect_uri) throw oauthError('NO_REDIRECT_URI');
    const users = (await this.storage.users.all()).filter((u) => u.active === 1);
    return { app, users };
  }

  /**
   * B5: the user authorised the application: back to its configured redirect URI (never one from
   * the request) with a 30-second code and the portal's identity.
   */
  async authorize(clientId: string, userId: number, state: string): Promise<string> {
    const { app, users } = await this.authorizationRequest(clientId);
    if (!users.some((u) => u.id === userId)) throw oauthError('NO_ACTIVE_USER');
    const { code } = await this.issueCode(app.id, userId);
    const identity = await this.identity.identity();
    const target = new URL(app.redirect_uri!);
    const query: Record<string, string> = {
      code,
      state,
      domain: identity.domain,
      member_id: identity.memberId,
      scope: app.scopes,
      server_domain: identity.domain,
    };
    for (const [key, value] of Object.entries(query)) target.searchParams.set(key, value);
    return target.toString();
  }

  /**
   * B14: a dismissed employee's grants are refused like a revoked one — invalid_grant, which client
   * libraries take as "authorise again" — and are not spent: they work again if the employee returns.
   */
  private async checkActive(userId: number): Promise<void> {
    const user = await this.storage.users.findById(userId);
    if (!user || user.active !== 1) throw oauthError('GRANT_USER_DISMISSED');
  }

  private async client(clientId: string, clientSecret: string): Promise<AppRow> {
    if (clientId === '' || clientSecret === '') throw oauthError('CLIENT_CREDENTIALS_REQUIRED');
    const app = await this.storage.apps.findByClientId(clientId);
    const expected = Buffer.from(app?.client_secret_hash ?? '');
    const given = Buffer.from(hashSecret(clientSecret));
    const secretMatches = expected.length === given.length && timingSafeEqual(expected, given);
    if (!app || !secretMatches || app.installed !== 1) throw oauthError('CLIENT_INVALID');
    return app;
  }

  private async answer(app: AppRow, userId: number): Promise<TokenAnswer> {
    const issued = await this.portal.issueTokens(app.id, userId);
    const identity = await this.identity.identity();
    return {
      access_token: issued.accessToken,
      expires: issued.expiresAt,
      expires_in: issued.expiresIn,
      scope: issued.scopes.join(','),
      domain: identity.domain,
      server_endpoint: identity.restEndpoint,
      status: app.status,
      client_endpoint: identity.restEndpoint,
      member_id: identity.memberId,
      user_id: issued.userId,
      refresh_token: issued.refreshToken,
    };
  }
}
