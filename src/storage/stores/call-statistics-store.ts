import type { Insertable, QueryCreator } from 'kysely';
import type { Db } from '../database.js';
import type { CompiledStatements } from '../compiled-statements.js';
import type { CallStatisticsRow, CallStatisticsTable, Database } from '../schema.js';
import type { FilterCondition, Page, PageRequest, SortSpec } from '../../kernel/filter.js';
import { compiledFilter, filterPredicate, listPage } from '../filter-sql.js';
import { rollupConditions } from './statistics-rollup-total.js';
import { HOURLY_KEY, hourlyCell, type CallStatisticsHourlyTable, type RollupCounting } from './hourly-rollup.js';
import { literalLimit } from '../literal-limit.js';
import { insertedRow, type ColumnDefaults } from '../inserted-row.js';

const STATISTICS_DEFAULTS: ColumnDefaults<CallStatisticsTable> = {
  external_call_id: null,
  call_vote: null,
  call_record_url: null,
  record_file_id: null,
  record_duration: null,
  crm_entity_type: null,
  crm_entity_id: null,
  crm_activity_id: null,
  transcript_id: null,
  transcript_pending: 'N',
  call_log: null,
  session_id: null,
  redial_attempt: null,
  comment: null,
};

/** Finished calls: the rows of voximplant.statistic.get. */
export class CallStatisticsStore {
  constructor(
    private readonly db: Db,
    private readonly rollup: RollupCounting,
    private readonly statements: CompiledStatements,
  ) {}

  /**
   * Adds a finished call and counts it in the charts' hourly rollup, in one transaction: the caller's,
   * else one of its own. Nothing else writes call_statistics' counted columns, so the rollup stays exact.
   */
  async insert(row: Insertable<CallStatisticsTable>): Promise<CallStatisticsRow> {
    if (!this.db.isTransaction)
      return this.db.transaction().execute((trx) => new CallStatisticsStore(trx, this.rollup, this.statements).insert(row));
    const cell = hourlyCell(row, this.rollup.nextStripe());
    let inserted: { id: number } | undefined;
    if (this.rollup.inOneStatement)
      inserted = await this.statements.first(this.db, 'statistics.insertCounted', { row, cell }, (values) =>
        this.db
          .with('counted', (db) => countHourly(db, values.cell))
          .insertInto('call_statistics')
          .values(values.row)
          .returning('id'),
      );
    else {
      inserted = await this.statements.first(this.db, 'statistics.insert', row, (values) =>
        this.db.insertInto('call_statistics').values(values).returning('id'),
      );
      await this.statements.rows(this.db, 'statistics.countHourly', cell, (values) => countHourly(this.db, values));
    }
    return insertedRow(inserted!.id, STATISTICS_DEFAULTS, row);
  }

  async findByCallId(callId: string): Promise<CallStatisticsRow | undefined> {
    return this.db.selectFrom('call_statistics').selectAll().where('call_id', '=', callId).executeTakeFirst();
  }

  /**
   * A page of calls and their total. When the filter can be restated over the hourly rollup, the total
   * is summed from it (a row per hour and kind of call) instead of counted from an index entry per call.
   */
  async list(conditions: readonly FilterCondition[], sort: readonly SortSpec[], page: PageRequest): Promise<Page<CallStatisticsRow>> {
    const from = this.db.selectFrom('call_statistics');
    const compiled = { statements: this.statements, db: this.db, name: 'statistics' };
    const rollup = page.count ? rollupConditions(conditions) : null;
    if (rollup === null) return listPage<CallStatisticsRow>(from, conditions, sort, page, compiled);
    const { items } = await listPage<CallStatisticsRow>(from, conditions, sort, { ...page, count: false }, compiled);
    const [summed] = await compiledFilter(compiled, rollup)('rollupTotal', {}, (filter) =>
      this.db
        .selectFrom('call_statistics_hourly')
        .where((eb) => filterPredicate(eb, filter))
        .select((eb) => eb.fn.sum<number | string | null>('calls').as('total')),
    );
    return { items, total: Number((summed as { total: number | string | null } | undefined)?.total ?? 0) };
  }

  async setRecording(id: number, recordFileId: number | null, recordUrl: string | null): Promise<void> {
    await this.db
      .updateTable('call_statistics')
      .set({ record_file_id: recordFileId, call_record_url: recordUrl })
      .where('id', '=', id)
      .execute();
  }

  async setTranscript(id: number, transcriptId: number): Promise<void> {
    await this.db
      .updateTable('call_statistics')
      .set({ transcript_id: transcriptId, transcript_pending: 'N' })
      .where('id', '=', id)
      .execute();
  }

  async findByActivityId(activityId: number): Promise<CallStatisticsRow | undefined> {
    return this.db.selectFrom('call_statistics').selectAll().where('crm_activity_id', '=', activityId).executeTakeFirst();
  }

  /** The newest rows, for the CLI. */
  async latest(limit: number): Promise<CallStatisticsRow[]> {
    return this.db.selectFrom('call_statistics').selectAll().orderBy('id', 'desc').limit(literalLimit(limit)).execute();
  }
}

/** Adds one call to its rollup row: inserted, or summed into the row already there. */
function countHourly(db: QueryCreator<Database>, cell: CallStatisticsHourlyTable) {
  return db
    .insertInto('call_statistics_hourly')
    .values(cell)
    .onConflict((conflict) =>
      conflict.columns([...HOURLY_KEY]).doUpdateSet((eb) => ({
        calls: eb('call_statistics_hourly.calls', '+', eb.ref('excluded.calls')),
        duration_sum: eb('call_statistics_hourly.duration_sum', '+', eb.ref('excluded.duration_sum')),
        cost_sum: eb('call_statistics_hourly.cost_sum', '+', eb.ref('excluded.cost_sum')),
      })),
    );
}
