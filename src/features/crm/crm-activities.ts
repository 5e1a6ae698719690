import type { ServerConfig } from '../../kernel/config.js';
import { restError } from '../../kernel/errors/rest-error.js';
import { MAX_ROW_ID, phpInt } from '../../kernel/params/readers.js';
import type { CrmActivityCommunicationRow, CrmActivityRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import { formatPortalDate, parsePortalDate } from '../../kernel/portal-time.js';
import { noteNearMiss } from '../../kernel/near-misses.js';
import type { FilterCondition, Page } from '../../kernel/filter.js';
import type { EventQueue } from '../events/event-queue.js';
import { type CrmListQuery } from './crm-service.js';
import { fieldDescriptor, type FieldFlags } from './field-descriptor.js';
import { crmObjectOfOwnerType, findCrmOwner } from './owner-types.js';
import {
  ACTIVITY_TYPES,
  communicationTypeOf,
  type ActivityColumns,
  type ActivityCommunicationInput,
  type ActivityInput,
} from './activity-input.js';

type Reader = (row: CrmActivityRow, date: (s: number) => string) => unknown;
const str =
  (column: keyof CrmActivityRow): Reader =>
  (row) =>
    String(row[column]);
const nullable =
  (column: keyof CrmActivityRow): Reader =>
  (row) =>
    row[column] === null || row[column] === '' ? null : String(row[column]);
const date =
  (column: keyof CrmActivityRow): Reader =>
  (row, d) =>
    d(Number(row[column]));
const json =
  (column: 'settings' | 'provider_params'): Reader =>
  (row) => {
    const value: unknown = JSON.parse(row[column]);
    // An empty PHP array is `[]` on the wire, whatever was sent (A22).
    return value !== null && typeof value === 'object' && Object.keys(value).length === 0 ? [] : value;
  };

interface ActivityField {
  name: string;
  read: Reader;
  /** The column a filter or order on the field uses; null: not filterable. */
  column: string | null;
  type: string;
  title: string;
  flags?: FieldFlags;
}

const RO: FieldFlags = { isReadOnly: true };
const IMMUTABLE: FieldFlags = { isImmutable: true };

/** Activity fields in answer order (I9), with their descriptors (crm.activity.fields page). */
const ACTIVITY_FIELDS: ActivityField[] = [
  { name: 'ID', read: str('id'), column: 'id', type: 'integer', title: 'ID', flags: RO },
  { name: 'OWNER_ID', read: str('owner_id'), column: 'owner_id', type: 'integer', title: 'Owner ID', flags: IMMUTABLE },
  {
    name: 'OWNER_TYPE_ID',
    read: str('owner_type_id'),
    column: 'owner_type_id',
    type: 'crm_enum_ownertype',
    title: 'Owner Type',
    flags: IMMUTABLE,
  },
  {
    name: 'TYPE_ID',
    read: str('type_id'),
    column: 'type_id',
    type: 'crm_enum_activitytype',
    title: 'Type',
    flags: { isRequired: true, isImmutable: true },
  },
  { name: 'PROVIDER_ID', read: str('provider_id'), column: 'provider_id', type: 'string', title: 'Provider ID' },
  { name: 'PROVIDER_TYPE_ID', read: str('provider_type_id'), column: 'provider_type_id', type: 'string', title: 'Provider Type' },
  { name: 'PROVIDER_GROUP_ID', read: nullable('provider_group_id'), column: 'provider_group_id', type: 'string', title: 'Connector Type' },
  {
    name: 'ASSOCIATED_ENTITY_ID',
    read: str('associated_entity_id'),
    column: 'associated_entity_id',
    type: 'integer',
    title: 'Associated Entity ID',
    flags: RO,
  },
  { name: 'SUBJECT', read: str('subject'), column: 'subject', type: 'string', title: 'Subject', flags: { isRequired: true } },
  { name: 'CREATED', read: date('created'), column: 'created', type: 'datetime', title: 'Creation Date', flags: RO },
  { name: 'LAST_UPDATED', read: date('last_updated'), column: 'last_updated', type: 'datetime', title: 'Last Updated Date', flags: RO },
  { name: 'START_TIME', read: date('start_time'), column: 'start_time', type: 'datetime', title: 'Start' },
  { name: 'END_TIME', read: date('end_time'), column: 'end_time', type: 'datetime', title: 'Deadline' },
  { name: 'DEADLINE', read: date('deadline'), column: 'deadline', type: 'datetime', title: 'Execution Deadline' },
  { name: 'COMPLETED', read: str('completed'), column: 'completed', type: 'char', title: 'Completed' },
  { name: 'STATUS', read: str('status'), column: 'status', type: 'crm_enum_activitystatus', title: 'Status' },
  {
    name: 'RESPONSIBLE_ID',
    read: str('responsible_id'),
    column: 'responsible_id',
    type: 'user',
    title: 'Responsible',
    flags: { isRequired: true },
  },
  { name: 'PRIORITY', read: str('priority'), column: 'priority', type: 'crm_enum_activitypriority', title: 'Priority' },
  { name: 'NOTIFY_TYPE', read: str('notify_type'), column: 'notify_type', type: 'crm_enum_activitynotifytype', title: 'Notification Type' },
  { name: 'NOTIFY_VALUE', read: str('notify_value'), column: 'notify_value', type: 'integer', title: 'Notification Parameter' },
  { name: 'DESCRIPTION', read: str('description'), column: 'description', type: 'string', title: 'Description' },
  {
    name: 'DESCRIPTION_TYPE',
    read: str('description_type'),
    column: 'description_type',
    type: 'crm_enum_contenttype',
    title: 'Description Type',
  },
  { name: 'DIRECTION', read: str('direction'), column: 'direction', type: 'crm_enum_activitydirection', title: 'Direction' },
  { name: 'LOCATION', read: str('location'), column: 'location', type: 'string', title: 'Location' },
  { name: 'SETTINGS', read: json('settings'), column: null, type: 'object', title: 'Settings' },
  { name: 'ORIGINATOR_ID', read: nullable('originator_id'), column: 'originator_id', type: 'string', title: 'External Source' },
  { name: 'ORIGIN_ID', read: nullable('origin_id'), column: 'origin_id', type: 'string', title: 'External Code' },
  { name: 'AUTHOR_ID', read: str('author_id'), column: 'author_id', type: 'user', title: 'Created By', flags: RO },
  { name: 'EDITOR_ID', read: str('editor_id'), column: 'editor_id', type: 'user', title: 'Edited By', flags: RO },
  { name: 'PROVIDER_PARAMS', read: json('provider_params'), column: null, type: 'object', title: 'Provider Parameters' },
  { name: 'PROVIDER_DATA', read: nullable('provider_data'), column: null, type: 'string', title: 'Provider Data' },
  { name: 'RESULT_MARK', read: str('result_mark'), column: 'result_mark', type: 'integer', title: 'RESULT_MARK' },
  { name: 'RESULT_VALUE', read: nullable('result_value'), column: 'result_value', type: 'double', title: 'RESULT_VALUE' },
  { name: 'RESULT_SUM', read: nullable('result_sum'), column: 'result_sum', type: 'double', title: 'RESULT_SUM' },
  {
    name: 'RESULT_CURRENCY_ID',
    read: nullable('result_currency_id'),
    column: 'result_currency_id',
    type: 'string',
    title: 'RESULT_CURRENCY_ID',
  },
  { name: 'RESULT_STATUS', read: str('result_status'), column: 'result_status', type: 'integer', title: 'RESULT_STATUS' },
  { name: 'RESULT_STREAM', read: str('result_stream'), column: 'result_stream', type: 'integer', title: 'RESULT_STREAM' },
  { name: 'RESULT_SOURCE_ID', read: nullable('result_source_id'), column: 'result_source_id', type: 'string', title: 'RESULT_SOURCE_ID' },
  { name: 'AUTOCOMPLETE_RULE', read: str('autocomplete_rule'), column: 'autocomplete_rule', type: 'integer', title: 'Autocomplete' },
];

const FIELD_BY_NAME = new Map(ACTIVITY_FIELDS.map((f) => [f.name, f]));

/** The order of crm.activity.fields (get answers in ACTIVITY_FIELDS order, I9). */
const FIELDS_ORDER = [
  ...['ID', 'OWNER_ID', 'OWNER_TYPE_ID', 'TYPE_ID', 'PROVIDER_ID', 'PROVIDER_TYPE_ID', 'PROVIDER_GROUP_ID', 'ASSOCIATED_ENTITY_ID'],
  ...['SUBJECT', 'START_TIME', 'END_TIME', 'DEADLINE', 'COMPLETED', 'STATUS', 'RESPONSIBLE_ID', 'PRIORITY', 'NOTIFY_TYPE', 'NOTIFY_VALUE'],
  ...['DESCRIPTION', 'DESCRIPTION_TYPE', 'DIRECTION', 'LOCATION', 'CREATED', 'AUTHOR_ID', 'LAST_UPDATED', 'EDITOR_ID', 'SETTINGS'],
  ...['ORIGIN_ID', 'ORIGINATOR_ID', 'RESULT_STATUS', 'RESULT_STREAM', 'RESULT_SOURCE_ID', 'PROVIDER_PARAMS', 'PROVIDER_DATA'],
  ...['RESULT_MARK', 'RESULT_VALUE', 'RESULT_SUM', 'RESULT_CURRENCY_ID', 'AUTOCOMPLETE_RULE', 'BINDINGS', 'COMMUNICATIONS', 'FILES'],
  ...['WEBDAV_ELEMENTS', 'IS_INCOMING_CHANNEL'],
];
const NUMERIC_TYPES = new Set(['integer', 'user', 'double', 'datetime']);

/** The provider of app activities whose PROVIDER_TYPE_ID is a type of crm.activity.type.add. */
const REST_APP_PROVIDER = 'REST_APP';

/** Who writes: the user, and the application for OAuth calls (null for a webhook). */
export interface ActivityWriter {
  userId: number;
  appId: number | null;
}

/** CRM activities: crm.activity.get|list|fields (I9–I11) and crm.activity.add|update|delete (their reference pages). */
export class CrmActivitiesService {
  constructor(
    private readonly storage: Storage,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
    private readonly queue: EventQueue,
  ) {}

  /** `fileLink` turns an attached recording into the URL shown in FILES. */
  async get(id: number, fileLink: (recordingId: number) => Promise<string | null>): Promise<Record<string, unknown>> {
    const row = await this.storage.crmActivities.findById(id);
    if (!row) throw restError('CRM_NOT_FOUND');
    // I9 decision: get includes COMMUNICATIONS, and FILES once a recording is attached (E54).
    const communications = await this.storage.crmActivities.communications([row.id]);
    const activity = this.present(row, [...ACTIVITY_FIELDS.map((f) => f.name), 'COMMUNICATIONS'], communications);
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
      if (!field?.column) {
        noteNearMiss(query.nearMisses, 'unknown-filter-field', `filter[${term.field}]`, 'not a filterable activity field: skipped');
        continue;
      }
      const scalars = term.values.filter((v) => v !== null && typeof v !== 'object');
      const isDate = field.type === 'datetime';
      const values = isDate ? scalars.map((v) => parsePortalDate(String(v), this.config.timeZone)) : scalars;
      if (values.some((v) => v === null)) return { items: [], total: 0 };
      const operator = scalars.length > 1 && term.operator === 'eq' ? 'in' : term.operator;
      const numeric = NUMERIC_TYPES.has(field.type) || field.type.startsWith('crm_enum');
      conditions.push({
        kind: 'compare',
        columns: [field.column],
        columnKind: numeric ? 'number' : 'string',
        operator,
        values: values.map((v) => {
          if (isDate) return Math.floor(Number(v) / 1000);
          if (field.type === 'double') return Number.isFinite(Number(v)) ? Number(v) : 0;
          return numeric ? phpInt(v) : String(v);
        }),
      });
    }
    // BINDINGS: the owner, and the objects the activity's communications name (every binding given must hold).
    for (const binding of bindings) {
      const inRange = [binding.ownerTypeId, binding.ownerId].every((n) => n > 0 && n <= MAX_ROW_ID);
      const ids = inRange ? await this.storage.crmActivities.idsBoundTo(binding.ownerTypeId, binding.ownerId) : [];
      conditions.push(
        ids.length > 0 ? { kind: 'compare', columns: ['id'], columnKind: 'number', operator: 'in', values: ids } : { kind: 'never' },
      );
    }
    // I10: default order START_TIME ascending.
    const order = query.order.length > 0 ? query.order : [{ field: 'START_TIME', direction: 'asc' as const }];
    const sort = order.flatMap(({ field, direction }) => {
      const column = FIELD_BY_NAME.get(field.toUpperCase())?.column;
      return column ? [{ column, direction }] : [];
    });
    const page = await this.storage.crmActivities.list(conditions, sort, query.page);
    const wanted = query.select.map((s) => s.toUpperCase());
    const base = ACTIVITY_FIELDS.map((f) => f.name);
    const fields = wanted.length === 0 || wanted.includes('*') ? base : base.filter((f) => wanted.includes(f) || f === 'ID');
    // COMMUNICATIONS only when named (I10).
    const withCommunications = wanted.includes('COMMUNICATIONS');
    if (withCommunications) fields.push('COMMUNICATIONS');
    const communications = withCommunications ? await this.storage.crmActivities.communications(page.items.map((r) => r.id)) : [];
    return {
      items: page.items.map((row) =>
        this.present(
          row,
          fields,
          communications.filter((c) => c.activity_id === row.id),
        ),
      ),
      total: page.total,
    };
  }

  /** crm.activity.fields, in the order of its reference page. */
  fields(): Record<string, unknown> {
    const all: Record<string, unknown> = {};
    for (const field of ACTIVITY_FIELDS) all[field.name] = fieldDescriptor(field.type, field.title, field.flags);
    all.BINDINGS = fieldDescriptor('crm_activity_binding', 'Bindings', { isReadOnly: true, isMultiple: true });
    all.COMMUNICATIONS = fieldDescriptor('crm_activity_communication', 'Communication Channel', { isRequired: true, isMultiple: true });
    all.FILES = fieldDescriptor('diskfile', 'Files', { isMultiple: true });
    const { title, ...webdav } = fieldDescriptor('diskfile', 'Added Files', { isMultiple: true });
    all.WEBDAV_ELEMENTS = { ...webdav, isDeprecated: true, title };
    all.IS_INCOMING_CHANNEL = fieldDescriptor('char', 'IS_INCOMING_CHANNEL', { isReadOnly: true });
    return Object.fromEntries(FIELDS_ORDER.map((name) => [name, all[name]]));
  }

  communicationFields(): Record<string, unknown> {
    return {
      ID: fieldDescriptor('integer', 'ID', { isReadOnly: true }),
      ACTIVITY_ID: fieldDescriptor('integer', 'ACTIVITY_ID', { isReadOnly: true }),
      ENTITY_ID: fieldDescriptor('integer', 'ENTITY_ID', { isRequired: true }),
      ENTITY_TYPE_ID: fieldDescriptor('integer', 'ENTITY_TYPE_ID', { isRequired: true }),
      TYPE: fieldDescriptor('string', 'TYPE', { isReadOnly: true }),
      VALUE: fieldDescriptor('string', 'VALUE', { isRequired: true }),
    };
  }

  // ---- crm.activity.add|update|delete -------------------------------------------------------

  /** Adds an activity: the checks in the order of the add page's error list; raises ONCRMACTIVITYADD. */
  async add(input: ActivityInput, writer: ActivityWriter): Promise<number> {
    const subject = input.subject ?? '';
    if (subject.trim() === '') throw restError('ACTIVITY_SUBJECT_EMPTY');
    const responsibleId = input.responsibleId;
    if (responsibleId === null) throw restError('ACTIVITY_RESPONSIBLE_INVALID');
    const typeId = input.typeId;
    if (typeId === undefined || typeId === null || !ACTIVITY_TYPES.includes(typeId)) throw restError('ACTIVITY_TYPE_INVALID');
    return this.storage.transaction(async (tx) => {
      if (responsibleId !== undefined && !(await tx.users.findById(responsibleId))) throw restError('ACTIVITY_RESPONSIBLE_INVALID');
      const communications = input.communications ?? [];
      if (input.communications === null || (typeId !== 6 && communications.length === 0)) {
        throw restError('ACTIVITY_COMMUNICATIONS_INVALID');
      }
      // A call or a meeting talks to one party.
      if ((typeId === 1 || typeId === 2) && communications.length > 1) throw restError('ACTIVITY_ONE_COMMUNICATION');
      const owner = await this.owner(tx, input, communications);
      if (!owner) throw restError('ACTIVITY_NO_BINDING');
      const providerId = input.columns.provider_id ?? DEFAULT_PROVIDERS[typeId]?.[0] ?? '';
      if (typeId === 6 && providerId === '') throw restError('ACTIVITY_CUSTOM_WITHOUT_PROVIDER');
      if (providerId === REST_APP_PROVIDER && writer.appId === null) throw restError('ACTIVITY_APP_CONTEXT_REQUIRED');

      const now = unixSeconds(this.clock);
      const start = input.columns.start_time ?? input.columns.end_time ?? now;
      const end = input.columns.end_time ?? start;
      const completed = input.columns.completed ?? 'N';
      const commType = communicationTypeOf(typeId);
      const first = communications[0];
      const row = await tx.crmActivities.insert({
        owner_type_id: owner.ownerTypeId,
        owner_id: owner.entity.entityId,
        type_id: typeId,
        provider_id: providerId,
        provider_type_id: input.columns.provider_type_id ?? DEFAULT_PROVIDERS[typeId]?.[1] ?? '',
        subject,
        direction: input.columns.direction ?? 0,
        start_time: start,
        end_time: end,
        deadline: deadlineOf(typeId, start, end),
        responsible_id: responsibleId ?? owner.entity.assignedById,
        author_id: writer.userId,
        editor_id: writer.userId,
        completed,
        status: input.columns.status ?? (completed === 'Y' ? 2 : 1),
        priority: input.columns.priority ?? 2,
        description: input.columns.description ?? '',
        description_type: input.columns.description_type ?? 1,
        origin_id: input.columns.origin_id ?? '',
        communication_type: commType,
        communication_value: first?.value ?? '',
        created: now,
        last_updated: now,
        ...optionalColumns(input.columns),
        app_id: providerId === REST_APP_PROVIDER ? writer.appId : null,
      });
      await tx.crmActivities.setCommunications(row.id, this.communicationRows(communications, commType, owner));
      await this.queue.raise(tx, 'ONCRMACTIVITYADD', { FIELDS: { ID: String(row.id) } }, writer.userId);
      return row.id;
    });
  }

  /** Changes the given fields of an activity; TYPE_ID and the owner are immutable. Raises ONCRMACTIVITYUPDATE. */
  async update(id: number, input: ActivityInput, writer: ActivityWriter): Promise<void> {
    await this.storage.transaction(async (tx) => {
      const row = await tx.crmActivities.findById(id);
      if (!row) throw restError('ACTIVITY_MISSING');
      this.checkAppContext(row, writer);
      if (input.subject !== undefined && input.subject.trim() === '') throw restError('ACTIVITY_SUBJECT_EMPTY');
      const responsibleId = input.responsibleId;
      if (responsibleId === null) throw restError('ACTIVITY_RESPONSIBLE_INVALID');
      if (responsibleId !== undefined && !(await tx.users.findById(responsibleId))) throw restError('ACTIVITY_RESPONSIBLE_INVALID');
      if (input.communications === null || (input.communications !== undefined && row.type_id !== 6 && input.communications.length === 0)) {
        throw restError('ACTIVITY_COMMUNICATIONS_INVALID');
      }
      if ((row.type_id === 1 || row.type_id === 2) && (input.communications?.length ?? 0) > 1) {
        throw restError('ACTIVITY_ONE_COMMUNICATION');
      }
      const start = input.columns.start_time ?? row.start_time;
      const end = input.columns.end_time ?? row.end_time;
      const changes: Partial<Omit<CrmActivityRow, 'id'>> = {
        ...optionalColumns(input.columns),
        deadline: deadlineOf(row.type_id, start, end),
        editor_id: writer.userId,
        last_updated: unixSeconds(this.clock),
      };
      if (input.subject !== undefined) changes.subject = input.subject;
      if (responsibleId !== undefined) changes.responsible_id = responsibleId;
      // COMPLETED moves STATUS along unless STATUS is given too.
      if (input.columns.completed !== undefined && input.columns.status === undefined) {
        changes.status = input.columns.completed === 'Y' ? 2 : 1;
      }
      if (input.communications !== undefined) {
        const commType = communicationTypeOf(row.type_id);
        const owner = { ownerTypeId: row.owner_type_id, entityId: row.owner_id };
        const rows = this.communicationRows(input.communications, commType, {
          ownerTypeId: owner.ownerTypeId,
          entity: { entityId: owner.entityId },
        });
        changes.communication_type = commType;
        changes.communication_value = rows[0]?.value ?? '';
        await tx.crmActivities.setCommunications(id, rows);
      }
      await tx.crmActivities.update(id, changes);
      await this.queue.raise(tx, 'ONCRMACTIVITYUPDATE', { FIELDS: { ID: String(id) } }, writer.userId);
    });
  }

  /** Deletes an activity with its communications; raises ONCRMACTIVITYDELETE. */
  async delete(id: number, writer: ActivityWriter): Promise<void> {
    await this.storage.transaction(async (tx) => {
      const row = await tx.crmActivities.findById(id);
      if (!row) throw restError('ACTIVITY_MISSING');
      this.checkAppContext(row, writer);
      await tx.crmActivities.delete(id);
      await this.queue.raise(tx, 'ONCRMACTIVITYDELETE', { FIELDS: { ID: String(id) } }, writer.userId);
    });
  }

  // ---- crm.activity.type.* ----------------------------------------------------------------------

  async addType(appId: number, type: { typeId: string; name: string; configurable: boolean }): Promise<void> {
    await this.storage.transaction(async (tx) => {
      if (await tx.crmActivities.findType(appId, type.typeId)) throw restError('ACTIVITY_TYPE_EXISTS');
      await tx.crmActivities.insertType({
        app_id: appId,
        type_id: type.typeId,
        name: type.name,
        is_configurable_type: type.configurable ? 'Y' : 'N',
      });
    });
  }

  async types(appId: number): Promise<Record<string, unknown>[]> {
    return (await this.storage.crmActivities.typesOf(appId)).map((t) => ({
      TYPE_ID: t.type_id,
      NAME: t.name,
      IS_CONFIGURABLE_TYPE: t.is_configurable_type,
      ICON_ID: '0',
    }));
  }

  async deleteType(appId: number, typeId: string): Promise<void> {
    await this.storage.transaction(async (tx) => {
      if (!(await tx.crmActivities.findType(appId, typeId))) throw restError('ACTIVITY_TYPE_UNKNOWN');
      await tx.crmActivities.deleteType(appId, typeId);
    });
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** An app's REST_APP activity is changed by that application only. */
  private checkAppContext(row: CrmActivityRow, writer: ActivityWriter): void {
    if (row.provider_id === REST_APP_PROVIDER && row.app_id !== null && row.app_id !== writer.appId) {
      throw restError('ACTIVITY_APP_CONTEXT_REQUIRED');
    }
  }

  /** OWNER_TYPE_ID + OWNER_ID when given, else the first communication's entity; null when it does not exist. */
  private async owner(
    tx: Storage,
    input: ActivityInput,
    communications: readonly ActivityCommunicationInput[],
  ): Promise<{ ownerTypeId: number; entity: { entityId: number; assignedById: number } } | null> {
    const candidate =
      input.ownerTypeId !== undefined && input.ownerId !== undefined
        ? { ownerTypeId: input.ownerTypeId, ownerId: input.ownerId }
        : communications[0]?.entityTypeId && communications[0]?.entityId
          ? { ownerTypeId: communications[0].entityTypeId, ownerId: communications[0].entityId }
          : null;
    if (!candidate) return null;
    const type = crmObjectOfOwnerType(candidate.ownerTypeId);
    const owner = type && (await findCrmOwner(tx, type, candidate.ownerId));
    return owner ? { ownerTypeId: candidate.ownerTypeId, entity: { entityId: owner.id, assignedById: owner.assignedById } } : null;
  }

  private communicationRows(
    communications: readonly ActivityCommunicationInput[],
    type: string,
    owner: { ownerTypeId: number; entity: { entityId: number } },
  ) {
    // A communication without its own entity belongs to the owner.
    return communications.map((c) => ({
      type,
      value: c.value,
      entity_type_id: c.entityTypeId ?? owner.ownerTypeId,
      entity_id: c.entityId ?? owner.entity.entityId,
    }));
  }

  private present(row: CrmActivityRow, fields: readonly string[], communications: readonly CrmActivityCommunicationRow[]) {
    const formatDate = (seconds: number) => formatPortalDate(seconds * 1000, this.config.timeZone);
    const out: Record<string, unknown> = {};
    for (const name of fields) {
      if (name === 'COMMUNICATIONS') {
        out.COMMUNICATIONS =
          communications.length > 0
            ? communications.map((c) => ({
                ID: String(c.id),
                TYPE: c.type,
                VALUE: c.value,
                ENTITY_ID: String(c.entity_id),
                ENTITY_TYPE_ID: String(c.entity_type_id),
              }))
            : // A call activity of finish keeps its one communication in its own row (E38).
              [
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
      if (field) out[name] = field.read(row, formatDate);
    }
    return out;
  }
}

/** PROVIDER_ID and PROVIDER_TYPE_ID of the classic activity types. */
const DEFAULT_PROVIDERS: Record<number, [string, string]> = {
  1: ['CRM_MEETING', 'MEETING'],
  2: ['VOXIMPLANT_CALL', 'CALL'],
  3: ['TASKS', 'TASK'],
  4: ['CRM_EMAIL', 'EMAIL'],
};

/** DEADLINE is never set directly: START_TIME for meetings and calls, END_TIME otherwise (add page). */
function deadlineOf(typeId: number, start: number, end: number): number {
  return typeId === 1 || typeId === 2 ? start : end;
}

/** The migration-017 columns of the input, as the insert and the update write them. */
function optionalColumns(columns: ActivityColumns): Partial<ActivityColumns> {
  const out: Partial<ActivityColumns> = {};
  for (const [key, value] of Object.entries(columns)) if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  return out;
}
