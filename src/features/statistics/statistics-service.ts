import type { ServerConfig } from '../../kernel/config.js';
import type { Storage } from '../../storage/storage.js';
import type { CallStatisticsRow, UserRow } from '../../storage/schema.js';
import { formatPortalDate, parsePortalDate } from '../../kernel/portal-time.js';
import { noteNearMiss, type NearMissNotes } from '../../kernel/near-misses.js';
import type { FilterCondition, FilterOperator, Page, PageRequest, SortSpec } from '../../kernel/filter.js';
import { sortableStatisticField, STATISTIC_FIELDS } from './statistic-fields.js';
import { canSeeCall, visibleCallsOwner } from './call-visibility.js';
import { answerRowMaker } from './answer-rows.js';

export interface StatisticFilterTerm {
  field: string;
  operator: FilterOperator;
  values: unknown[];
}

export interface StatisticQuery {
  filter: StatisticFilterTerm[];
  sort: { field: string; direction: 'asc' | 'desc' } | null;
  page: PageRequest;
  /** Where near misses go while the call is recorded (the request journal). */
  nearMisses?: NearMissNotes | null;
}

const answerRow = answerRowMaker(STATISTIC_FIELDS);

/** Call statistics as voximplant.statistic.get shows them (F1–F9). */
export class StatisticsService {
  constructor(
    private readonly storage: Storage,
    private readonly config: ServerConfig,
  ) {}

  async list(query: StatisticQuery, viewer: UserRow): Promise<Page<Record<string, unknown>>> {
    const conditions = query.filter.map((term) => this.condition(term, query.nearMisses)).filter((c): c is FilterCondition => c !== null);
    const owner = visibleCallsOwner(viewer);
    if (owner !== null)
      conditions.push({ kind: 'compare', columns: ['portal_user_id'], columnKind: 'number', operator: 'eq', values: [owner] });
    const spec = query.sort ? sortableStatisticField(query.sort.field) : null;
    const sort: SortSpec[] = spec && query.sort ? [{ column: spec.column, direction: query.sort.direction }] : [];
    const page = await this.storage.statistics.list(conditions, sort, query.page);
    const formatDate = this.dateFormatter();
    return { items: page.items.map((row) => this.present(row, formatDate)), total: page.total };
  }

  /** The latest finished calls, newest first, as voximplant.statistic.get shows them (`extcall calls list`). */
  async latest(limit: number): Promise<Record<string, unknown>[]> {
    const formatDate = this.dateFormatter();
    return (await this.storage.statistics.latest(limit)).map((row) => this.present(row, formatDate));
  }

  /** The CALL_ID of the call whose CRM activity is `activityId`, when `viewer` may see that call (F1); else null. */
  async callIdOfActivity(activityId: number, viewer: UserRow): Promise<string | null> {
    const row = await this.storage.statistics.findByActivityId(activityId);
    return row && canSeeCall(viewer, row) ? row.call_id : null;
  }

  present(row: CallStatisticsRow, formatDate = this.dateFormatter()): Record<string, unknown> {
    return answerRow(row, formatDate);
  }

  private dateFormatter(): (unixSeconds: number) => string {
    const { timeZone } = this.config;
    return (seconds) => formatPortalDate(seconds * 1000, timeZone);
  }

  /** One filter term → a storage condition; unknown fields are ignored (F3). */
  private condition(term: StatisticFilterTerm, nearMisses?: NearMissNotes | null): FilterCondition | null {
    const spec = STATISTIC_FIELDS[term.field.toUpperCase()];
    if (!spec) {
      noteNearMiss(nearMisses, 'unknown-filter-field', `FILTER[${term.field}]`, 'not a call statistics field: skipped');
      return null;
    }
    const scalars = term.values.filter((v) => v !== undefined && v !== null && typeof v !== 'object');
    // A plain key with a list means "one of"; `!` with a list "none of" (F3).
    const operator: FilterOperator =
      scalars.length > 1 && term.operator === 'eq' ? 'in' : scalars.length > 1 && term.operator === 'neq' ? 'notIn' : term.operator;
    let values: (string | number)[];
    if (spec.date) {
      const instants = scalars.map((v) => parsePortalDate(String(v), this.config.timeZone));
      if (instants.some((i) => i === null)) return { kind: 'never' };
      values = (instants as number[]).map((ms) => Math.floor(ms / 1000));
    } else if (spec.kind === 'number') {
      const numbers = scalars.map((v) => Number(v));
      if (numbers.some((n) => !Number.isFinite(n))) return { kind: 'never' };
      values = numbers;
    } else {
      values = scalars.map(String);
    }
    return { kind: 'compare', columns: [spec.column], columnKind: spec.kind, operator, values };
  }
}
