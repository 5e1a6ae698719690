import { boolOrNull, isPlainRecord, listValues, phpInt, positiveIntOrNull, scalarText } from '../../kernel/params/readers.js';
import { parsePortalDate } from '../../kernel/portal-time.js';

/** Activity TYPE_IDs (crm.enum.activitytype): 1 meeting, 2 call, 3 task, 4 e-mail, 5 action, 6 custom (provider). */
export const ACTIVITY_TYPES: readonly number[] = [1, 2, 3, 4, 5, 6];

/** The column values of crm.activity.add|update's simple fields; absent keys were not given. */
export interface ActivityColumns {
  provider_id?: string;
  provider_type_id?: string;
  provider_group_id?: string | null;
  associated_entity_id?: number;
  start_time?: number;
  end_time?: number;
  completed?: 'Y' | 'N';
  status?: number;
  priority?: number;
  notify_type?: number;
  notify_value?: number;
  description?: string;
  description_type?: number;
  direction?: number;
  location?: string;
  settings?: string;
  originator_id?: string | null;
  origin_id?: string;
  provider_params?: string;
  provider_data?: string | null;
  result_mark?: number;
  result_value?: number | null;
  result_sum?: number | null;
  result_currency_id?: string | null;
  result_status?: number;
  result_stream?: number;
  result_source_id?: string | null;
  autocomplete_rule?: number;
}

export interface ActivityCommunicationInput {
  value: string;
  entityTypeId?: number;
  entityId?: number;
}

/** `fields` of crm.activity.add|update, read; `null` marks a value given but unreadable. */
export interface ActivityInput {
  ownerTypeId?: number;
  ownerId?: number;
  typeId?: number | null;
  subject?: string;
  responsibleId?: number | null;
  communications?: ActivityCommunicationInput[] | null;
  columns: ActivityColumns;
}

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
const int32 = (value: unknown) => Math.min(INT32_MAX, Math.max(INT32_MIN, phpInt(value)));
/** Varchar columns of migration 002 are refused by PostgreSQL when longer: kept to their size. */
const text = (value: unknown, max = 1_000_000) => (scalarText(value) ?? '').slice(0, max);
const textOrNull = (value: unknown) => (value === null || value === undefined ? null : text(value));
const double = (value: unknown) => {
  const n = Number(scalarText(value) ?? Number.NaN);
  return Number.isFinite(n) ? n : null;
};
const jsonObject = (value: unknown) => (typeof value === 'object' && value !== null ? JSON.stringify(value) : '[]');

type ColumnReader = (value: unknown, timeZone: string) => unknown;
const date: ColumnReader = (value, timeZone) => {
  const ms = parsePortalDate(scalarText(value) ?? '', timeZone);
  return ms === null ? undefined : Math.floor(ms / 1000);
};

/** Field name → column and reader (the crm.activity.add page's field list). */
const COLUMNS: Record<string, [keyof ActivityColumns, ColumnReader]> = {
  PROVIDER_ID: ['provider_id', (v) => text(v, 50)],
  PROVIDER_TYPE_ID: ['provider_type_id', (v) => text(v, 50)],
  PROVIDER_GROUP_ID: ['provider_group_id', textOrNull],
  ASSOCIATED_ENTITY_ID: ['associated_entity_id', int32],
  START_TIME: ['start_time', date],
  END_TIME: ['end_time', date],
  COMPLETED: ['completed', (v) => (boolOrNull(v) ? 'Y' : 'N')],
  STATUS: ['status', int32],
  PRIORITY: ['priority', int32],
  NOTIFY_TYPE: ['notify_type', int32],
  NOTIFY_VALUE: ['notify_value', int32],
  DESCRIPTION: ['description', (v) => text(v)],
  DESCRIPTION_TYPE: ['description_type', int32],
  DIRECTION: ['direction', int32],
  LOCATION: ['location', (v) => text(v)],
  SETTINGS: ['settings', jsonObject],
  ORIGINATOR_ID: ['originator_id', textOrNull],
  ORIGIN_ID: ['origin_id', (v) => text(v, 255)],
  PROVIDER_PARAMS: ['provider_params', jsonObject],
  PROVIDER_DATA: ['provider_data', textOrNull],
  RESULT_MARK: ['result_mark', int32],
  RESULT_VALUE: ['result_value', double],
  RESULT_SUM: ['result_sum', double],
  RESULT_CURRENCY_ID: ['result_currency_id', textOrNull],
  RESULT_STATUS: ['result_status', int32],
  RESULT_STREAM: ['result_stream', int32],
  RESULT_SOURCE_ID: ['result_source_id', textOrNull],
  AUTOCOMPLETE_RULE: ['autocomplete_rule', int32],
};

/** Reads `fields` of crm.activity.add|update (keys in any letter case); dates in the portal's zone. */
export function readActivityInput(fields: Record<string, unknown>, timeZone: string): ActivityInput {
  const upper = new Map(Object.entries(fields).map(([k, v]) => [k.toUpperCase(), v]));
  const input: ActivityInput = { columns: {} };
  const ownerTypeId = upper.get('OWNER_TYPE_ID');
  const ownerId = upper.get('OWNER_ID');
  if (ownerTypeId !== undefined && ownerId !== undefined) {
    input.ownerTypeId = positiveIntOrNull(ownerTypeId) ?? 0;
    input.ownerId = positiveIntOrNull(ownerId) ?? 0;
  }
  if (upper.has('TYPE_ID')) input.typeId = positiveIntOrNull(upper.get('TYPE_ID'));
  if (upper.has('SUBJECT')) input.subject = text(upper.get('SUBJECT'), 512);
  if (upper.has('RESPONSIBLE_ID')) input.responsibleId = positiveIntOrNull(upper.get('RESPONSIBLE_ID'));
  if (upper.has('COMMUNICATIONS')) input.communications = readCommunications(upper.get('COMMUNICATIONS'));
  for (const [name, [column, read]] of Object.entries(COLUMNS)) {
    if (!upper.has(name)) continue;
    const value = read(upper.get(name), timeZone);
    if (value !== undefined) (input.columns as Record<string, unknown>)[column] = value;
  }
  return input;
}

/** COMMUNICATIONS: a list of {VALUE, ENTITY_ID, ENTITY_TYPE_ID}; null when any entry is unreadable. */
function readCommunications(value: unknown): ActivityCommunicationInput[] | null {
  if (typeof value !== 'object' || value === null) return null;
  const out: ActivityCommunicationInput[] = [];
  for (const item of listValues(value)) {
    if (!isPlainRecord(item)) return null;
    const entityTypeId = item.ENTITY_TYPE_ID === undefined ? undefined : positiveIntOrNull(item.ENTITY_TYPE_ID);
    const entityId = item.ENTITY_ID === undefined ? undefined : positiveIntOrNull(item.ENTITY_ID);
    if (entityTypeId === null || entityId === null) return null;
    const text = (scalarText(item.VALUE) ?? '').trim();
    if (text === '' && entityId === undefined) return null;
    out.push({ value: text.slice(0, 255), entityTypeId, entityId });
  }
  return out;
}

/** The TYPE of an activity's communications: PHONE for calls, EMAIL for e-mails, none otherwise. */
export function communicationTypeOf(typeId: number): string {
  return typeId === 2 ? 'PHONE' : typeId === 4 ? 'EMAIL' : '';
}
