import type { Insertable } from 'kysely';
import type { Db } from '../database.js';
import type { CompiledStatements } from '../compiled-statements.js';
import type { ActiveCallRow, ActiveCallsTable } from '../schema.js';
import { insertedRow, type ColumnDefaults } from '../inserted-row.js';

const ACTIVE_CALL_DEFAULTS: ColumnDefaults<ActiveCallsTable> = {
  line_number: null,
  external_call_id: null,
  crm_entity_type: null,
  crm_entity_id: null,
  created_lead_id: null,
  crm_source: null,
  call_list_id: null,
};

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
  constructor(
    private readonly db: Db,
    private readonly statements: CompiledStatements,
  ) {}

  async insert(call: Insertable<ActiveCallsTable>): Promise<ActiveCallRow> {
    const inserted = await this.statements.first(this.db, 'activeCalls.insert', call, (values) =>
      this.db.insertInto('active_calls').values(values).returning('id'),
    );
    return insertedRow(inserted!.id, ACTIVE_CALL_DEFAULTS, call);
  }

  async findByCallId(callId: string): Promise<ActiveCallRow | undefined> {
    return this.db.selectFrom('active_calls').selectAll().where('call_id', '=', callId).executeTakeFirst();
  }

  /** The newest still-active registration matching `key`; keys the request omits are not compared. */
  async findDuplicate(key: DuplicateKey): Promise<ActiveCallRow | undefined> {
    return this.statements.first(this.db, 'activeCalls.findDuplicate', key, (k) => {
      let query = this.db
        .selectFrom('active_calls')
        .selectAll()
        .where('app_id', '=', k.appId)
        .where('phone_number', '=', k.phoneNumber)
        .where('call_type', '=', k.callType)
        .where('user_id', '=', k.userId)
        .where('registered_at', '>=', k.registeredSince);
      // Null keys are part of the compiled shape: each combination is its own statement.
      if (k.lineNumber !== null) query = query.where('line_number', '=', k.lineNumber);
      if (k.externalCallId !== null) query = query.where('external_call_id', '=', k.externalCallId);
      return query.orderBy('id', 'desc');
    });
  }

  /**
   * Removes the active call and returns it, or undefined when it is not (or no longer) there.
   * The delete is the claim: of two concurrent finishes exactly one gets the row (E45).
   */
  async claim(callId: string): Promise<ActiveCallRow | undefined> {
    return this.statements.first(this.db, 'activeCalls.claim', callId, (id) =>
      this.db.deleteFrom('active_calls').where('call_id', '=', id).returningAll(),
    );
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('active_calls')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
