import { restError } from '../../kernel/errors/rest-error.js';
import type { Storage } from '../../storage/storage.js';
import type { UserRow } from '../../storage/schema.js';
import { hashSecret } from '../../kernel/secrets.js';
import { MAX_ROW_ID } from '../../kernel/params/readers.js';
import { callerOf, type Caller } from './caller.js';

/** Seconds between two writes of a user's last activity (drives IS_ONLINE). */
const ACTIVITY_WRITE_INTERVAL = 60;
/**
 * How long a checked credential is trusted without asking the database again. Changes made in this
 * process clear the cache at once; changes made by another process (the CLI, another instance)
 * apply within this many seconds.
 */
export const CREDENTIAL_CACHE_SECONDS = 5;
const CREDENTIAL_CACHE_SIZE = 10_000;

interface CachedCredential {
  context: Caller;
  /** Unix seconds after which the token itself expired (Infinity for webhooks without expiry). */
  validUntil: number;
  cachedAt: number;
  touchedAt: number;
}

/** Turns a presented credential into a Caller or the catalogued refusal (B2, B3, B14). */
export class AuthService {
  private readonly cache = new Map<string, CachedCredential>();

  constructor(private readonly storage: Storage) {}

  /** Forget every checked credential (after an administrator changed apps, users or webhooks). */
  forgetCredentials(): void {
    this.cache.clear();
  }

  async authenticateAccessToken(token: string, now: number): Promise<Caller> {
    const key = `t:${hashSecret(token)}`;
    const cached = this.fromCache(key, now);
    if (cached) return cached;
    const context = await this.checkAccessToken(key.slice(2), now);
    return context;
  }

  async authenticateWebhook(userId: number, code: string, now: number): Promise<Caller> {
    const key = `w:${userId}:${hashSecret(code)}`;
    const cached = this.fromCache(key, now);
    if (cached) return cached;
    return this.checkWebhook(key, userId, code, now);
  }

  /** Whether an access token exists and stays valid for at least `seconds` more. */
  async tokenValidFor(token: string, seconds: number, now: number): Promise<boolean> {
    const row = await this.storage.tokens.findByAccessHash(hashSecret(token));
    return !!row && row.access_expires_at > now + seconds;
  }

  private fromCache(key: string, now: number): Caller | null {
    const entry = this.cache.get(key);
    if (!entry) return null;
    if (entry.validUntil <= now || entry.cachedAt + CREDENTIAL_CACHE_SECONDS <= now) {
      this.cache.delete(key);
      return null;
    }
    if (entry.touchedAt + ACTIVITY_WRITE_INTERVAL <= now) {
      entry.touchedAt = now;
      void this.storage.users.touchActivity(entry.context.user.id, now, ACTIVITY_WRITE_INTERVAL).catch(() => {});
    }
    return entry.context;
  }

  private remember(key: string, context: Caller, validUntil: number, now: number): Caller {
    if (this.cache.size >= CREDENTIAL_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { context, validUntil, cachedAt: now, touchedAt: now });
    return context;
  }

  private async checkAccessToken(hash: string, now: number): Promise<Caller> {
    const row = await this.storage.tokens.findByAccessHash(hash);
    // B2 corrected: a token this portal never issued is `invalid_token`, so that SDKs try a refresh.
    if (!row) throw restError('UNKNOWN_TOKEN');
    if (row.access_expires_at <= now) throw restError('EXPIRED_TOKEN');
    const app = await this.storage.apps.findById(row.app_id);
    // A token of an application that was uninstalled is known but no longer valid (B2).
    if (!app || app.installed !== 1) throw restError('APP_UNINSTALLED');
    const context = callerOf(await this.activeUser(row.user_id, now, 'AUTHORIZATION_ERROR'), row.scopes, { app });
    return this.remember(`t:${hash}`, context, row.access_expires_at, now);
  }

  private async checkWebhook(key: string, userId: number, code: string, now: number): Promise<Caller> {
    const webhook = await this.storage.webhooks.findByCodeHash(hashSecret(code));
    const expired = webhook && webhook.expires_at !== null && webhook.expires_at <= now;
    if (!webhook || webhook.user_id !== userId || expired) {
      // B2 corrected, B15: a wrong (or expired) code on the path of an existing user is 401 INVALID_CREDENTIALS;
      // a user ID the portal does not have stays NO_AUTH_FOUND.
      // An ID past the integer columns names no user (PostgreSQL would refuse to compare it).
      const user =
        Number.isSafeInteger(userId) && userId > 0 && userId <= MAX_ROW_ID ? await this.storage.users.findById(userId) : undefined;
      throw restError(user ? 'WEBHOOK_WRONG_CODE' : 'NO_AUTH_FOUND');
    }
    const context = callerOf(await this.activeUser(webhook.user_id, now, 'INVALID_CREDENTIALS'), webhook.scopes, {
      webhookId: webhook.id,
    });
    return this.remember(key, context, webhook.expires_at ?? Number.POSITIVE_INFINITY, now);
  }

  /** The credential's user; a dismissed one answers `dismissed` (B14: tokens 401 authorization_error, webhooks 403). */
  private async activeUser(userId: number, now: number, dismissed: 'AUTHORIZATION_ERROR' | 'INVALID_CREDENTIALS'): Promise<UserRow> {
    const user = await this.storage.users.findById(userId);
    if (!user) throw restError('NO_AUTH_FOUND');
    // A dismissed employee's credentials stop working (B14).
    if (user.active !== 1) throw restError(dismissed);
    await this.storage.users.touchActivity(user.id, now, ACTIVITY_WRITE_INTERVAL);
    return user;
  }
}
