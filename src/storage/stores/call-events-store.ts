import type { Db } from '../database.js';
import type { CallEventRow, NewCallEvent } from '../schema.js';

/** Each call's history, oldest first. Written in the same transaction as the change it records. */
export class CallEventsStore {
  constructor(private readonly db: Db) {}

  async add(...events: NewCallEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.insertInto('call_events').values(events).execute();
  }

  async forCall(callId: string): Promise<CallEventRow[]> {
    return this.db.selectFrom('call_events').selectAll().where('call_id', '=', callId).orderBy('id').execute();
  }
}
