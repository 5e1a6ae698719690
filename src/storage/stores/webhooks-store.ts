import type { Insertable } from 'kysely';
import type { Db } from '../database.js';
import type { WebhookRow, WebhooksTable } from '../schema.js';

/** Incoming webhooks, stored by the hash of their secret code. */
export class WebhooksStore {
  constructor(private readonly db: Db) {}

  async insert(webhook: Insertable<WebhooksTable>): Promise<WebhookRow> {
    return this.db.insertInto('webhooks').values(webhook).returningAll().executeTakeFirstOrThrow();
  }

  async findByCodeHash(hash: string): Promise<WebhookRow | undefined> {
    return this.db.selectFrom('webhooks').selectAll().where('code_hash', '=', hash).executeTakeFirst();
  }

  async all(): Promise<WebhookRow[]> {
    return this.db.selectFrom('webhooks').selectAll().orderBy('id').execute();
  }

  /** Removes one webhook; false when there was none with that id. */
  async delete(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }
}
