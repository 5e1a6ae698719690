import type { ServerConfig } from '../../kernel/config.js';
import { restError } from '../../kernel/errors/rest-error.js';
import { phpInt } from '../../kernel/params/readers.js';
import type { CrmActivityRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import { formatPortalDate, parsePortalDate } from '../../kernel/portal-time.js';
import type { FilterCondition, Page } from '../../kernel/filter.js';
import { descriptor, type CrmListQuery } from './crm-service.js';

type Reader = (row: CrmActivityRow, date: (s: number) => string) => unknown;
const str =
  (column: keyof CrmActivityRow): Reader =>
  (row) =>
    String(row[column]);
const date =
  (column: keyof CrmActivityRow): Reader =>
  (row, d) =>
    d(Number(row[column]));
const fixed =
  (value: unknown): Reader =>
  () =>
    value;

/** Activity fields in answer order (I9), with the column a filter or order on them uses. */
const ACTIVITY_FIELDS: Array<[string, Reader, string | null, string]> = [
  ['ID', str('id'), 'id', 'integer'],
  ['OWNER_ID', str('owner_id'), 'owner_id', 'integer'],
  ['OWNER_TYPE_ID', str('owner_type_id'), 'owner_type_id', 'crm_enum_ownertype'],
  ['TYPE_ID', str('type_id'), 'type_id', 'crm_enum_activitytype'],
  ['PROVIDER_ID', str('provider_id'), 'provider_id', 'string'],
  ['PROVIDER_TYPE_ID', str('provider_type_id'), 'provider_type_id', 'string'],
  ['PROVIDER_GROUP_ID', fixed(null), null, 'string'],
  ['ASSOCIATED_ENTITY_ID', fixed('0'), null, 'integer'],
  ['SUBJECT', str('subject'), 'subject', 'string'],
  ['CREATED', date('created'), 'created', 'datetime'],
  ['LAST_UPDATED', date('last_updated'), 'last_updated', 'datetime'],
  ['START_TIME', date('start_time'), 'start_time', 'datetime'],
  ['END_TIME', date('end_time'), 'end_time', 'datetime'],
  ['DEADLINE', date('deadline'), 'deadline', 'datetime'],
  ['COMPLETED', str('completed'), 'completed', 'char'],
  ['STATUS', str('status'), 'status', 'crm_enum_activitystatus'],
  ['RESPONSIBLE_ID', str('responsible_id'), 'responsible_id', 'user'],
  ['PRIORITY', str('priority'), 'priority', 'crm_enum_activitypriority'],
  ['NOTIFY_TYPE', fixed('0'), null, 'crm_enum_activitynotifytype'],
  ['NOTIFY_VALUE', fixed('0'), null, 'integer'],
  ['DESCRIPTION', str('description'), 'description', 'string'],
  ['DESCRIPTION_TYPE', str('description_type'), 'description_type', 'crm_enum_contenttype'],
  ['DIRECTION', str('direction'), 'direction', 'crm_enum_activitydirection'],
  ['LOCATION', fixed(''), null, 'string'],
  ['SETTINGS', fixed([]), null, 'object'],
  ['ORIGINATOR_ID', fixed(null), null, 'string'],
  ['ORIGIN_ID', str('origin_id'), 'origin_id', 'string'],
  ['AUTHOR_ID', str('author_id'), 'author_id', 'user'],
  ['EDITOR_ID', str('editor_id'), 'editor_id', 'user'],
  ['PROVIDER_PARAMS', fixed([]), null, 'object'],
  ['PROVIDER_DATA', fixed(null), null, 'string'],
  ['RESULT_MARK', fixed('0'), null, 'integer'],
  ['RESULT_VALUE', fixed(null), null, 'double'],
  ['RESULT_SUM', fixed(null), null, 'double'],
  ['RESULT_CURRENCY_ID', fixed(null), null, 'string'],
  ['RESULT_STATUS', fixed('0'), null, 'integer'],
  ['RESULT_STREAM', fixed('0'), null, 'integer'],
  ['RESULT_SOURCE_ID', fixed(null), null, 'string'],
  ['AUTOCOMPLETE_RULE', fixed('0'), null, 'integer'],
];

const FIELD_BY_NAME = new Map(ACTIVITY_FIELDS.map((f) => [f[0], f]));

/** Call activities as crm.activity.get|list show them (I9, I10). */
export class CrmActivitiesService {
  constructor(
    private readonly storage: Storage,
    private readonly config: ServerConfig,
  ) {}

  /** `fileLink` turns an attached recording into the URL shown in FILES. */
  async get(id: number, fileLink: (recordingId: number) => Promise<string | null>): Promise<Record<string, unknown>> {
    const row = await this.storage.crmActivities.findById(id);
    if (!row) throw restError('CRM_NOT_FOUND');
    // I9 decision: get includes COMMUNICATIONS, and FILES once a recording is attached (E54).
    const activity = this.present(row, [...ACTIVITY_FIELDS.map((f) => f[0]), 'COMMUNICATIONS']);
    const call = await this.storage.statistics.findByActivityId(row.id);
    if (call?.record_file_id) {
      const url = await fileLink(call.record_file_id);
      if (url) activity.FILES = [{ id: call.record_file_id, url }];
    }
    return activity;
  }

  async list(query: CrmListQuery, bindings: Array<{ ownerTypeId: number; ownerId: number }>): Promise<Page<Record<string, unknown>>> {
    const conditions: FilterCondition[] = [];
    for (const term of query.filter) {
      const field = FIELD_BY_NAME.get(term.field.toUpperCase());
      if (!field?.[2]) continue;
      const scalars = term.values.filter((v) => v !== null && typeof v !== 'object');
      const isDate = field[3] === 'datetime';
      const values = isDate ? scalars.map((v) => parsePortalDate(String(v), this.config.timeZone)) : scalars;
      if (values.some((v) => v === null)) return { items: [], total: 0 };
      const operator = scalars.length > 1 && term.operator === 'eq' ? 'in' : term.operator;
      const numeric = isDate || ['integer', 'user'].includes(field[3]) || field[3].startsWith('crm_enum');
      conditions.push({
        kind: 'compare',
        columns: [field[2]],
        columnKind: numeric ? 'number' : 'string',
        operator,
        values: values.map((v) => (isDate ? Math.floor(Number(v) / 1000) : numeric ? phpInt(v) : String(v))),
      });
    }
    for (const binding of bindings) {
      conditions.push({ kind: 'compare', columns: ['owner_type_id'], columnKind: 'number', operator: 'eq', values: [binding.ownerTypeId] });
      conditions.push({ kind: 'compare', columns: ['owner_id'], columnKind: 'number', operator: 'eq', values: [binding.ownerId] });
    }
    // I10: default order START_TIME ascending.
    const order = query.order.length > 0 ? query.order : [{ field: 'START_TIME', direction: 'asc' as const }];
    const sort = order.flatMap(({ field, direction }) => {
      const column = FIELD_BY_NAME.get(field.toUpperCase())?.[2];
      return column ? [{ column, direction }] : [];
    });
    const page = await this.storage.crmActivities.list(conditions, sort, query.page);
    const wanted = query.select.map((s) => s.toUpperCase());
    const base = ACTIVITY_FIELDS.map((f) => f[0]);
    const fields = wanted.length === 0 || wanted.includes('*') ? base : base.filter((f) => wanted.includes(f) || f === 'ID');
    // COMMUNICATIONS only when named (I10).
    if (wanted.includes('COMMUNICATIONS')) fields.push('COMMUNICATIONS');
    return { items: page.items.map((row) => this.present(row, fields)), total: page.total };
  }

  fields(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, , column, type] of ACTIVITY_FIELDS)
      out[name] = descriptor(type, name, { isReadOnly: column === null || name === 'ID' });
    out.COMMUNICATIONS = descriptor('crm_activity_communication', 'COMMUNICATIONS', { isMultiple: true, isRequired: true });
    out.BINDINGS = descriptor('crm_activity_binding', 'BINDINGS', { isMultiple: true, isReadOnly: true });
    return out;
  }

  communicationFields(): Record<string, unknown> {
    return {
      ID: descriptor('integer', 'ID', { isReadOnly: true }),
      ACTIVITY_ID: descriptor('integer', 'ACTIVITY_ID', { isReadOnly: true }),
      ENTITY_ID: descriptor('integer', 'ENTITY_ID', { isRequired: true }),
      ENTITY_TYPE_ID: descriptor('integer', 'ENTITY_TYPE_ID', { isRequired: true }),
      TYPE: descriptor('string', 'TYPE', { isReadOnly: true }),
      VALUE: descriptor('string', 'VALUE', { isRequired: true }),
    };
  }

  private present(row: CrmActivityRow, fields: readonly string[]): Record<string, unknown> {
    const formatDate = (seconds: number) => formatPortalDate(seconds * 1000, this.config.timeZone);
    const out: Record<string, unknown> = {};
    for (const name of fields) {
      if (name === 'COMMUNICATIONS') {
        out.COMMUNICATIONS = [
          {
            ID: String(row.id),
            TYPE: row.communication_type,
            VALUE: row.communication_value,
            ENTITY_ID: String(row.owner_id),
            ENTITY_TYPE_ID: String(row.owner_type_id),
          },
        ];
        continue;
      }
      const field = FIELD_BY_NAME.get(name);
      if (field) out[name] = field[1](row, formatDate);
    }
    return out;
  }
}
