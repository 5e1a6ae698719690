import { timingSafeEqual } from 'node:crypto';
import type { Storage } from '../../storage/storage.js';
import type { AppRow, UserRow } from '../../storage/schema.js';
import { unixSeconds, type Clock } from '../../util/clock.js';
import { hashSecret, randomHex } from '../../util/secrets.js';
import type { EventsService } from '../events/events-service.js';
import { PortalAdminError, type PortalService } from '../portal/portal-service.js';

/** How long an authorization code may be exchanged (B5). */
export const CODE_LIFETIME = 30;

/** An authorization-server failure (B6): JSON `{error, error_description}` with its status. */
export class OAuthError extends Error {
  constructor(
    readonly code: 'invalid_request' | 'invalid_client' | 'invalid_grant',
    readonly description: string,
  ) {
    super(description);
    this.name = 'OAuthError';
  }

  get status(): number {
    return this.code === 'invalid_client' ? 401 : 400;
  }
}

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

/**
 * The portal's own authorisation server (B4–B6): refresh tokens are single use, authorization
 * codes live 30 seconds, and an application must be installed to get anything.
 */
export class OAuthServer {
  constructor(
    private readonly storage: Storage,
    private readonly portal: PortalService,
    private readonly events: EventsService,
    private readonly clock: Clock,
  ) {}

  async grant(params: Record<string, unknown>): Promise<TokenAnswer> {
    const text = (name: string) => (typeof params[name] === 'string' ? (params[name] as string).trim() : '');
    const grantType = text('grant_type');
    if (grantType === '') throw new OAuthError('invalid_request', 'grant_type is required');
    if (grantType !== 'refresh_token' && grantType !== 'authorization_code') throw new OAuthError('invalid_request', `grant_type "${grantType}" is not supported`);
    const app = await this.client(text('client_id'), text('client_secret'));
    const now = unixSeconds(this.clock);
    if (grantType === 'refresh_token') {
      const token = text('refresh_token');
      if (token === '') throw new OAuthError('invalid_request', 'refresh_token is required');
      const row = await this.storage.tokens.findByRefreshHash(hashSecret(token));
      if (!row || row.app_id !== app.id || row.refresh_expires_at <= now) throw new OAuthError('invalid_grant', 'Invalid refresh token');
      await this.checkActive(row.user_id);
      // Single use: the pair is replaced; a second use of the same refresh token is refused.
      if (!(await this.storage.tokens.markRefreshed(row.id, now))) throw new OAuthError('invalid_grant', 'Invalid refresh token');
      return this.answer(app, row.user_id);
    }
    const code = text('code');
    if (code === '') throw new OAuthError('invalid_request', 'code is required');
    const row = await this.storage.tokens.findCode(hashSecret(code));
    if (!row || row.app_id !== app.id || row.expires_at <= now) throw new OAuthError('invalid_grant', 'Invalid authorization code');
    await this.checkActive(row.user_id);
    if (!(await this.storage.tokens.useCode(row.id, now))) throw new OAuthError('invalid_grant', 'Invalid authorization code');
    return this.answer(app, row.user_id);
  }

  /** A code for the code flow, as the portal hands out after a user authorised the app (B5). */
  async issueCode(appId: number, userId?: number): Promise<{ code: string; expiresIn: number }> {
    const app = await this.storage.apps.findById(appId);
    if (!app || app.installed !== 1) throw new PortalAdminError(`no installed application with id ${appId}`);
    const user = await this.portal.userOrFirstAdmin(userId);
    if (user.active !== 1) throw new PortalAdminError(`user ${user.id} is dismissed`);
    const code = randomHex(16);
    await this.storage.tokens.insertCode({ code_hash: hashSecret(code), app_id: appId, user_id: user.id, expires_at: unixSeconds(this.clock) + CODE_LIFETIME, used_at: null });
    return { code, expiresIn: CODE_LIFETIME };
  }

  /** The application a user is asked to authorise (B5), and the users who may sign in. */
  async authorizationRequest(clientId: string): Promise<{ app: AppRow; users: UserRow[] }> {
    const app = clientId === '' ? undefined : await this.storage.apps.findByClientId(clientId);
    if (!app || app.installed !== 1) throw new OAuthError('invalid_client', 'The application is not installed on this portal');
    if (!app.redirect_uri) throw new OAuthError('invalid_request', 'The application has no redirect URI');
    const users = (await this.storage.users.all()).filter((u) => u.active === 1);
    return { app, users };
  }

  /**
   * B5: the user authorised the application: back to its configured redirect URI (never one from
   * the request) with a 30-second code and the portal's identity.
   */
  async authorize(clientId: string, userId: number, state: string): Promise<string> {
    const { app, users } = await this.authorizationRequest(clientId);
    if (!users.some((u) => u.id === userId)) throw new OAuthError('invalid_request', 'No active user with that ID');
    const { code } = await this.issueCode(app.id, userId);
    const identity = await this.events.portalIdentity();
    const target = new URL(app.redirect_uri!);
    const query: Record<string, string> = { code, state, domain: identity.domain, member_id: identity.memberId, scope: app.scopes, server_domain: identity.domain };
    for (const [key, value] of Object.entries(query)) target.searchParams.set(key, value);
    return target.toString();
  }

  /**
   * B14: a dismissed employee's grants are refused like a revoked one — invalid_grant, which client
   * libraries take as "authorise again" — and are not spent: they work again if the employee returns.
   */
  private async checkActive(userId: number): Promise<void> {
    const user = await this.storage.users.findById(userId);
    if (!user || user.active !== 1) throw new OAuthError('invalid_grant', 'The user of this grant is dismissed');
  }

  private async client(clientId: string, clientSecret: string): Promise<AppRow> {
    if (clientId === '' || clientSecret === '') throw new OAuthError('invalid_client', 'client_id and client_secret are required');
    const app = await this.storage.apps.findByClientId(clientId);
    const expected = Buffer.from(app?.client_secret_hash ?? '');
    const given = Buffer.from(hashSecret(clientSecret));
    const secretMatches = expected.length === given.length && timingSafeEqual(expected, given);
    if (!app || !secretMatches || app.installed !== 1) throw new OAuthError('invalid_client', 'Invalid client credentials');
    return app;
  }

  private async answer(app: AppRow, userId: number): Promise<TokenAnswer> {
    const issued = await this.portal.issueTokens(app.id, userId);
    const identity = await this.events.portalIdentity();
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
