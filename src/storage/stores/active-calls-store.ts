import type { Insertable } from 'kysely';
import type { Db } from '../database.js';
import type { ActiveCallRow, ActiveCallsTable } from '../schema.js';

/** What makes a new registration the same call as an earlier one (E15). */
export interface DuplicateKey {
  appId: number;
  phoneNumber: string;
  callType: number;
  userId: number;
  lineNumber: string | null;
  externalCallId: string | null;
  registeredSince: number;
}

/** Registered calls that have not been finished yet. */
export class ActiveCallsStore {
  constructor(private readonly db: Db) {}

  async insert(call: Insertable<ActiveCallsTable>): Promise<ActiveCallRow> {
    return this.db.insertInto('active_calls').values(call).returningAll().executeTakeFirstOrThrow();
  }

  async findByCallId(callId: string): Promise<ActiveCallRow | undefined> {
    return this.db.selectFrom('active_calls').selectAll().where('call_id', '=', callId).executeTakeFirst();
  }

  /** The newest still-active registration matching `key`; keys the request omits are not compared. */
  async findDuplicate(key: DuplicateKey): Promise<ActiveCallRow | undefined> {
    let query = this.db
      .selectFrom('active_calls')
      .selectAll()
      .where('app_id', '=', key.appId)
      .where('phone_number', '=', key.phoneNumber)
      .where('call_type', '=', key.callType)
      .where('user_id', '=', key.userId)
      .where('registered_at', '>=', key.registeredSince);
    if (key.lineNumber !== null) query = query.where('line_number', '=', key.lineNumber);
    if (key.externalCallId !== null) query = query.where('external_call_id', '=', key.externalCallId);
    return query.orderBy('id', 'desc').executeTakeFirst();
  }

  /**
   * Removes the active call and returns it, or undefined when it is not (or no longer) there.
   * The delete is the claim: of two concurrent finishes exactly one gets the row (E45).
   */
  async claim(callId: string): Promise<ActiveCallRow | undefined> {
    return this.db.deleteFrom('active_calls').where('call_id', '=', callId).returningAll().executeTakeFirst();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('active_calls')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
