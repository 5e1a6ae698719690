import type { Db } from '../database.js';
import type { IdempotentRequestRow } from '../schema.js';

/** Requests that carried a request id, and the answers they got. */
export class IdempotencyStore {
  constructor(private readonly db: Db) {}

  /** Records that `caller` started request `key`; false when the key was already taken. */
  async claim(caller: string, key: string, fingerprint: string, now: number): Promise<boolean> {
    const result = await this.db
      .insertInto('idempotent_requests')
      .values({ caller, request_key: key, fingerprint, created_at: now })
      .onConflict((oc) => oc.columns(['caller', 'request_key']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async find(caller: string, key: string): Promise<IdempotentRequestRow | undefined> {
    return this.db.selectFrom('idempotent_requests').selectAll().where('caller', '=', caller).where('request_key', '=', key).executeTakeFirst();
  }

  async complete(caller: string, key: string, answer: { status: number; contentType: string; body: string }): Promise<void> {
    await this.db
      .updateTable('idempotent_requests')
      .set({ status: answer.status, content_type: answer.contentType, body: answer.body })
      .where('caller', '=', caller)
      .where('request_key', '=', key)
      .execute();
  }

  /** Forgets a claim whose request failed without a stored answer, so a retry may run it. */
  async release(caller: string, key: string): Promise<void> {
    await this.db.deleteFrom('idempotent_requests').where('caller', '=', caller).where('request_key', '=', key).where('status', 'is', null).execute();
  }

  async purgeBefore(before: number): Promise<void> {
    await this.db.deleteFrom('idempotent_requests').where('created_at', '<', before).execute();
  }
}
