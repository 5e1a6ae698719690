import type { Db } from '../database.js';
import type { IdempotentRequestRow, ServerInstanceRow } from '../schema.js';

export interface KeptAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** Requests that carried a request id, the answers they got, and the server instances running them. */
export class IdempotencyStore {
  constructor(private readonly db: Db) {}

  /** Records that `owner` started `caller`'s request `key`; false when the key was already taken. */
  async claim(caller: string, key: string, fingerprint: string, owner: string, now: number): Promise<boolean> {
    const result = await this.db
      .insertInto('idempotent_requests')
      .values({ caller, request_key: key, fingerprint, owner, created_at: now })
      .onConflict((oc) => oc.columns(['caller', 'request_key']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** Moves an unanswered claim from a gone owner to `owner`; false when someone else was quicker. */
  async takeOver(caller: string, key: string, goneOwner: string | null, owner: string, fingerprint: string, now: number): Promise<boolean> {
    let query = this.db
      .updateTable('idempotent_requests')
      .set({ owner, fingerprint, created_at: now })
      .where('caller', '=', caller)
      .where('request_key', '=', key)
      .where('status', 'is', null);
    query = goneOwner === null ? query.where('owner', 'is', null) : query.where('owner', '=', goneOwner);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async find(caller: string, key: string): Promise<IdempotentRequestRow | undefined> {
    return this.db
      .selectFrom('idempotent_requests')
      .selectAll()
      .where('caller', '=', caller)
      .where('request_key', '=', key)
      .executeTakeFirst();
  }

  /** Keeps the answer of a claim `owner` still holds; false when the claim was taken over meanwhile. */
  async complete(caller: string, key: string, owner: string, answer: KeptAnswer): Promise<boolean> {
    const result = await this.db
      .updateTable('idempotent_requests')
      .set({ status: answer.status, content_type: answer.contentType, body: answer.body })
      .where('caller', '=', caller)
      .where('request_key', '=', key)
      .where('owner', '=', owner)
      .where('status', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Forgets a claim whose request failed without a stored answer, so a retry may run it. */
  async release(caller: string, key: string, owner: string): Promise<void> {
    await this.db
      .deleteFrom('idempotent_requests')
      .where('caller', '=', caller)
      .where('request_key', '=', key)
      .where('owner', '=', owner)
      .where('status', 'is', null)
      .execute();
  }

  async purgeBefore(before: number): Promise<void> {
    await this.db.deleteFrom('idempotent_requests').where('created_at', '<', before).execute();
  }

  /** Announces (or refreshes) a running server instance. */
  async heartbeat(instance: { id: string; host: string; pid: number }, nowMs: number): Promise<void> {
    await this.db
      .insertInto('server_instances')
      .values({ ...instance, seen_ms: nowMs })
      .onConflict((oc) => oc.column('id').doUpdateSet({ seen_ms: nowMs }))
      .execute();
  }

  async findInstance(id: string): Promise<ServerInstanceRow | undefined> {
    return this.db.selectFrom('server_instances').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Removes an instance that stopped cleanly, and others not heard of since `staleBeforeMs`. */
  async forgetInstance(id: string, staleBeforeMs: number): Promise<void> {
    await this.db
      .deleteFrom('server_instances')
      .where((eb) => eb.or([eb('id', '=', id), eb('seen_ms', '<', staleBeforeMs)]))
      .execute();
  }
}
