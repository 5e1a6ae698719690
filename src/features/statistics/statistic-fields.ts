import type { CallStatisticsRow } from '../../storage/schema.js';
import type { ColumnKind } from '../../kernel/filter.js';
import { restAppIdText } from '../telephony/call-owner.js';

export interface StatisticFieldSpec {
  column: keyof CallStatisticsRow;
  kind: ColumnKind;
  date?: boolean;
  /** The value as the statistics answer shows it (F7): strings or null, RECORD_FILE_ID an integer. */
  read: (row: CallStatisticsRow, formatDate: (unixSeconds: number) => string) => string | number | null;
  /** The column's value as text, null kept: what `read` does, stated so that answer rows can be compiled. */
  asText?: true;
}

const text = (column: keyof CallStatisticsRow): StatisticFieldSpec => ({
  column,
  kind: 'string',
  read: (row) => (row[column] === null ? null : String(row[column])),
  asText: true,
});
const integer = (column: keyof CallStatisticsRow): StatisticFieldSpec => ({
  column,
  kind: 'number',
  read: (row) => (row[column] === null ? null : String(row[column])),
  asText: true,
});

/** Statistics fields in answer order (F7); all of them filterable (F4). */
export const STATISTIC_FIELDS: Record<string, StatisticFieldSpec> = {
  ID: integer('id'),
  PORTAL_USER_ID: integer('portal_user_id'),
  PORTAL_NUMBER: text('portal_number'),
  PHONE_NUMBER: text('phone_number'),
  CALL_ID: text('call_id'),
  EXTERNAL_CALL_ID: text('external_call_id'),
  CALL_CATEGORY: text('call_category'),
  CALL_LOG: text('call_log'),
  CALL_DURATION: integer('call_duration'),
  CALL_START_DATE: { column: 'call_start_date', kind: 'number', date: true, read: (row, formatDate) => formatDate(row.call_start_date) },
  CALL_RECORD_URL: text('call_record_url'),
  CALL_VOTE: integer('call_vote'),
  // Money with four decimals, as the reference prints it ("0.0000").
  COST: { column: 'cost', kind: 'number', read: (row) => row.cost.toFixed(4) },
  COST_CURRENCY: text('cost_currency'),
  CALL_FAILED_CODE: text('call_failed_code'),
  CALL_FAILED_REASON: text('call_failed_reason'),
  CRM_ENTITY_TYPE: text('crm_entity_type'),
  CRM_ENTITY_ID: integer('crm_entity_id'),
  CRM_ACTIVITY_ID: integer('crm_activity_id'),
  // Empty for a call of no application (a webhook's, B9 revised).
  REST_APP_ID: { column: 'rest_app_id', kind: 'number', read: (row) => restAppIdText(row.rest_app_id) },
  REST_APP_NAME: text('rest_app_name'),
  TRANSCRIPT_ID: integer('transcript_id'),
  TRANSCRIPT_PENDING: text('transcript_pending'),
  SESSION_ID: text('session_id'),
  REDIAL_ATTEMPT: integer('redial_attempt'),
  COMMENT: text('comment'),
  RECORD_DURATION: integer('record_duration'),
  RECORD_FILE_ID: { column: 'record_file_id', kind: 'number', read: (row) => row.record_file_id },
  CALL_TYPE: integer('call_type'),
};

/** Fields `SORT` may name (F5): all but CALL_TYPE. */
export function sortableStatisticField(name: string): StatisticFieldSpec | null {
  const upper = name.toUpperCase();
  return upper !== 'CALL_TYPE' && STATISTIC_FIELDS[upper] ? STATISTIC_FIELDS[upper]! : null;
}
