import type { Db } from '../database.js';
import type { CompiledStatements } from '../compiled-statements.js';
import type { CallEventRow, NewCallEvent } from '../schema.js';

/** Each call's history, oldest first. Written in the same transaction as the change it records. */
export class CallEventsStore {
  constructor(
    private readonly db: Db,
    private readonly statements: CompiledStatements,
  ) {}

  async add(...events: NewCallEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.statements.rows(this.db, 'callEvents.add', events, (rows) => this.db.insertInto('call_events').values(rows));
  }

  async forCall(callId: string): Promise<CallEventRow[]> {
    return this.db.selectFrom('call_events').selectAll().where('call_id', '=', callId).orderBy('id').execute();
  }
}
