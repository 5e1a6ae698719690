import { randomBytes } from 'node:crypto';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import { adminError } from '../../kernel/errors/admin-error.js';
import { hashSecret } from '../../kernel/secrets.js';
import type { UserRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import type { UsersService } from '../users/users-service.js';

/** A sign-in link is for the person who asked for it now: a quarter of an hour. */
const SIGN_IN_LINK_SECONDS = 15 * 60;
/** A console session lasts a working day. */
const SESSION_SECONDS = 12 * 3600;

/** Who is looking at the console: a portal user, and the token its forms carry back. */
export interface ConsoleViewer {
  user: UserRow;
  isAdmin: boolean;
  csrfToken: string;
}

/**
 * Who may see the web console: one-time sign-in links (printed by `extcall console-link` and the
 * start-up banner) turn into sessions of one portal user. Only hashes are stored; both live in the
 * database, so every instance of a portal knows them.
 */
export class ConsoleAccess {
  constructor(
    private readonly storage: Storage,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  /** A link token signing in as `userId` (default: the first active administrator); usable once. */
  async createSignIn(userId?: number): Promise<{ token: string; user: UserRow; expiresAt: number }> {
    const user = await this.users.userOrFirstAdmin(userId);
    if (user.active !== 1) throw adminError('USER_DISMISSED', { userId: user.id });
    const token = randomBytes(24).toString('base64url');
    const expiresAt = unixSeconds(this.clock) + SIGN_IN_LINK_SECONDS;
    await this.storage.consoleAccess.removeExpired(unixSeconds(this.clock));
    await this.storage.consoleAccess.addSignIn(hashSecret(token), user.id, expiresAt);
    return { token, user, expiresAt };
  }

  /** Uses up a link; a session for its user, or null when the link is unknown, used, expired or its user dismissed. */
  async signIn(token: string): Promise<{ sessionId: string; expiresAt: number } | null> {
    const now = unixSeconds(this.clock);
    const link = await this.storage.consoleAccess.takeSignIn(hashSecret(token));
    if (!link || link.expiresAt < now) return null;
    const user = await this.storage.users.findById(link.userId);
    if (!user || user.active !== 1) return null;
    const sessionId = randomBytes(32).toString('base64url');
    const expiresAt = now + SESSION_SECONDS;
    await this.storage.consoleAccess.addSession({
      session_hash: hashSecret(sessionId),
      user_id: user.id,
      csrf_token: randomBytes(24).toString('base64url'),
      expires_at: expiresAt,
    });
    return { sessionId, expiresAt };
  }

  /** The viewer of a session cookie; null when it is unknown or expired, or its user was dismissed since. */
  async viewer(sessionId: string): Promise<ConsoleViewer | null> {
    const session = await this.storage.consoleAccess.findSession(hashSecret(sessionId));
    if (!session || session.expires_at < unixSeconds(this.clock)) return null;
    const user = await this.storage.users.findById(session.user_id);
    if (!user || user.active !== 1) return null;
    return { user, isAdmin: user.is_admin === 1, csrfToken: session.csrf_token };
  }

  async signOut(sessionId: string): Promise<void> {
    await this.storage.consoleAccess.removeSession(hashSecret(sessionId));
  }
}
