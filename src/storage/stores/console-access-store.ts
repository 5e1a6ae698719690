import type { Db } from '../database.js';
import type { ConsoleSessionsTable } from '../schema.js';

/** The web console's one-time sign-in links and sessions, by the hashes of their secrets. */
export class ConsoleAccessStore {
  constructor(private readonly db: Db) {}

  async addSignIn(tokenHash: string, userId: number, expiresAt: number): Promise<void> {
    await this.db.insertInto('console_sign_ins').values({ token_hash: tokenHash, user_id: userId, expires_at: expiresAt }).execute();
  }

  /** Uses up a sign-in link: deleted whether or not it is still valid, so it works at most once. */
  async takeSignIn(tokenHash: string): Promise<{ userId: number; expiresAt: number } | undefined> {
    const row = await this.db.deleteFrom('console_sign_ins').where('token_hash', '=', tokenHash).returningAll().executeTakeFirst();
    return row ? { userId: row.user_id, expiresAt: Number(row.expires_at) } : undefined;
  }

  async addSession(session: ConsoleSessionsTable): Promise<void> {
    await this.db.insertInto('console_sessions').values(session).execute();
  }

  async findSession(sessionHash: string): Promise<ConsoleSessionsTable | undefined> {
    const row = await this.db.selectFrom('console_sessions').selectAll().where('session_hash', '=', sessionHash).executeTakeFirst();
    return row ? { ...row, expires_at: Number(row.expires_at) } : undefined;
  }

  async removeSession(sessionHash: string): Promise<void> {
    await this.db.deleteFrom('console_sessions').where('session_hash', '=', sessionHash).execute();
  }

  /** Drops expired links and sessions. */
  async removeExpired(now: number): Promise<void> {
    await this.db.deleteFrom('console_sign_ins').where('expires_at', '<', now).execute();
    await this.db.deleteFrom('console_sessions').where('expires_at', '<', now).execute();
  }
}
