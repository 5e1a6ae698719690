import type { ServerConfig } from '../../kernel/config.js';
import { restError } from '../../kernel/errors/rest-error.js';
import { phpInt } from '../../kernel/params/readers.js';
import type { CrmEntityType, CrmMultifieldRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import { formatPortalDate, parsePortalDate } from '../../kernel/portal-time.js';
import type { FilterCondition, FilterOperator, Page, PageRequest, SortSpec } from '../../kernel/filter.js';
import { CRM_ENTITY_FIELDS, entityDisplayName, MULTIFIELDS, type MultifieldType } from './crm-entity-fields.js';
import type { CallActivityInput, CrmEntitySummary, CrmForCalls } from './crm-types.js';
import { applyMultifields, normalizeMultifield, presentMultifield } from './multifields.js';
import { readEntityInput, type CrmEntityInput } from './entity-input.js';

export interface CrmFilterTerm {
  field: string;
  operator: FilterOperator;
  values: unknown[];
}

export interface CrmListQuery {
  filter: CrmFilterTerm[];
  order: Array<{ field: string; direction: 'asc' | 'desc' }>;
  select: string[];
  page: PageRequest;
}

/** Type order of phone matches (E63): contacts, then companies, then leads. */
const MATCH_ORDER: readonly CrmEntityType[] = ['CONTACT', 'COMPANY', 'LEAD'];

/** Leads, contacts, companies and their call activities, over one Storage (or one transaction). */
export class CrmService implements CrmForCalls {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly config: ServerConfig,
  ) {}

  // ---- entities: crm.lead|contact|company.* -------------------------------------------------

  async add(type: CrmEntityType, input: CrmEntityInput, userId: number): Promise<number> {
    const now = unixSeconds(this.clock);
    return this.storage.transaction(async (tx) => {
      const assignedById = await this.assignee(tx, input);
      const id = await tx.crmEntities.insert(type, {
        ...input.columns,
        assigned_by_id: assignedById ?? userId,
        created_by_id: userId,
        modify_by_id: userId,
        date_create: now,
        date_modify: now,
      });
      await this.applyMultifields(tx, type, id, input);
      return id;
    });
  }

  async update(type: CrmEntityType, id: number, input: CrmEntityInput, userId: number): Promise<void> {
    await this.storage.transaction(async (tx) => {
      if (!(await tx.crmEntities.findById(type, id))) throw restError('CRM_NOT_FOUND');
      const assignedById = await this.assignee(tx, input);
      const changes = { ...input.columns, ...(assignedById === null ? {} : { assigned_by_id: assignedById }) };
      await tx.crmEntities.update(type, id, { ...changes, modify_by_id: userId, date_modify: unixSeconds(this.clock) });
      await this.applyMultifields(tx, type, id, input);
    });
  }

  async get(type: CrmEntityType, id: number): Promise<Record<string, unknown>> {
    const row = await this.storage.crmEntities.findById(type, id);
    if (!row) throw restError('CRM_NOT_FOUND');
    const multifields = await this.storage.crmMultifields.forEntities(type, [id]);
    return this.present(type, row as Record<string, unknown>, multifields, [
      ...Object.keys(CRM_ENTITY_FIELDS[type]),
      'HAS_PHONE',
      'HAS_EMAIL',
      ...MULTIFIELDS,
    ]);
  }

  async list(type: CrmEntityType, query: CrmListQuery): Promise<Page<Record<string, unknown>>> {
    const conditions: FilterCondition[] = [];
    for (const term of query.filter) conditions.push(await this.condition(type, term));
    const specs = CRM_ENTITY_FIELDS[type];
    const sort: SortSpec[] = query.order.flatMap(({ field, direction }) => {
      const spec = specs[field.toUpperCase()];
      return spec ? [{ column: spec.column, direction }] : [];
    });
    const page = await this.storage.crmEntities.list(type, conditions, sort, query.page);
    const fields = selectedFields(type, query.select);
    const wantsMultifields = fields.some((f) => (MULTIFIELDS as readonly string[]).includes(f));
    const multifields = wantsMultifields
      ? await this.storage.crmMultifields.forEntities(
          type,
          page.items.map((r) => r.id),
        )
      : [];
    return {
      items: page.items.map((row) =>
        this.present(
          type,
          row as Record<string, unknown>,
          multifields.filter((m) => m.entity_id === row.id),
          fields,
        ),
      ),
      total: page.total,
    };
  }

  /** Field descriptors of crm.*.fields. */
  fieldDescriptors(type: CrmEntityType): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(CRM_ENTITY_FIELDS[type])) {
      out[name] = descriptor(spec.type, spec.title, { isReadOnly: !spec.writable });
    }
    out.HAS_PHONE = descriptor('char', 'Has phone', { isReadOnly: true });
    out.HAS_EMAIL = descriptor('char', 'Has e-mail', { isReadOnly: true });
    out.PHONE = descriptor('crm_multifield', 'Phone', { isMultiple: true });
    out.EMAIL = descriptor('crm_multifield', 'E-mail', { isMultiple: true });
    return out;
  }

  /** IDs per entity type owning any of `values` (crm.duplicate.findbycomm, I16). */
  async findIdsByCommunication(type: MultifieldType, values: readonly string[]): Promise<Record<CrmEntityType, number[]>> {
    const normalized = values.map((v) => normalizeMultifield(type, v)).filter(Boolean);
    const owners = await this.storage.crmMultifields.findOwners(type, normalized);
    const pick = (t: CrmEntityType) =>
      [...new Set(owners.filter((o) => o.entity_type === t).map((o) => o.entity_id))].sort((a, b) => a - b);
    return { LEAD: pick('LEAD'), CONTACT: pick('CONTACT'), COMPANY: pick('COMPANY') };
  }

  // ---- CrmForCalls: what the call lifecycle needs ---------------------------------------------

  async findByPhone(phone: string): Promise<CrmEntitySummary[]> {
    const digits = normalizeMultifield('PHONE', phone);
    if (digits === '') return [];
    const owners = await this.storage.crmMultifields.findOwners('PHONE', [digits]);
    const out: CrmEntitySummary[] = [];
    for (const type of MATCH_ORDER) {
      const ids = owners.filter((o) => o.entity_type === type).map((o) => o.entity_id);
      for (const row of await this.storage.crmEntities.findByIds(type, ids)) out.push(summary(type, row as Record<string, unknown>));
    }
    return out;
  }

  async getEntity(type: CrmEntityType, id: number): Promise<CrmEntitySummary | null> {
    const row = await this.storage.crmEntities.findById(type, id);
    return row ? summary(type, row as Record<string, unknown>) : null;
  }

  async createLeadForCall(input: { phone: string; title: string; sourceId: string; userId: number }): Promise<number> {
    const fields = {
      TITLE: input.title,
      SOURCE_ID: input.sourceId,
      STATUS_ID: 'NEW',
      OPENED: 'Y',
      PHONE: [{ VALUE: input.phone, VALUE_TYPE: 'WORK' }],
    };
    return this.add('LEAD', readEntityInput('LEAD', fields), input.userId);
  }

  async reassign(type: CrmEntityType, id: number, userId: number): Promise<void> {
    await this.storage.crmEntities.update(type, id, { assigned_by_id: userId, date_modify: unixSeconds(this.clock) });
  }

  async sourceExists(statusId: string): Promise<boolean> {
    return !!(await this.storage.crmDictionaries.findStatus('SOURCE', statusId));
  }

  async currencyExists(code: string): Promise<boolean> {
    return !!(await this.storage.crmDictionaries.findCurrency(code.toUpperCase()));
  }

  async addCallActivity(input: CallActivityInput): Promise<number> {
    const now = unixSeconds(this.clock);
    const row = await this.storage.crmActivities.insert({
      owner_type_id: input.ownerTypeId,
      owner_id: input.ownerId,
      type_id: 2,
      provider_id: 'VOXIMPLANT_CALL',
      provider_type_id: 'CALL',
      subject: input.subject,
      direction: input.direction,
      start_time: input.startTime,
      end_time: input.endTime,
      deadline: input.startTime,
      responsible_id: input.userId,
      author_id: input.userId,
      editor_id: input.userId,
      completed: 'Y',
      status: 2,
      priority: 2,
      description: '',
      description_type: 1,
      origin_id: input.originId,
      communication_type: 'PHONE',
      communication_value: input.phone,
      created: now,
      last_updated: now,
    });
    return row.id;
  }

  // ---- helpers --------------------------------------------------------------------------------

  private formatDate(seconds: number): string {
    return formatPortalDate(seconds * 1000, this.config.timeZone);
  }

  /** The answer form of an entity (I13): string values, null for unset, multifields as lists. */
  private present(type: CrmEntityType, row: Record<string, unknown>, multifields: CrmMultifieldRow[], fields: readonly string[]) {
    const specs = CRM_ENTITY_FIELDS[type];
    const out: Record<string, unknown> = {};
    for (const field of fields) {
      const spec = specs[field];
      if (spec) {
        const value = row[spec.column];
        out[field] = value === null || value === undefined ? null : spec.date ? this.formatDate(Number(value)) : String(value);
      } else if (field === 'HAS_PHONE' || field === 'HAS_EMAIL') {
        out[field] = multifields.some((m) => m.type_id === field.slice(4)) ? 'Y' : 'N';
      } else if ((MULTIFIELDS as readonly string[]).includes(field)) {
        const items = multifields.filter((m) => m.type_id === field).map(presentMultifield);
        if (items.length > 0) out[field] = items;
      }
    }
    return out;
  }

  /** ASSIGNED_BY_ID of add/update: it counts only when it names a user. */
  private async assignee(tx: Storage, input: CrmEntityInput): Promise<number | null> {
    return input.assignedById !== null && (await tx.users.findById(input.assignedById)) ? input.assignedById : null;
  }

  private async applyMultifields(tx: Storage, type: CrmEntityType, id: number, input: CrmEntityInput): Promise<void> {
    for (const multifield of MULTIFIELDS) {
      const changes = input.multifields[multifield];
      if (changes !== undefined) await applyMultifields(tx, type, id, multifield, changes);
    }
  }

  /** One list filter term (I14): I2 prefixes on scalar fields; PHONE/EMAIL find by value. */
  private async condition(type: CrmEntityType, term: CrmFilterTerm): Promise<FilterCondition> {
    const field = term.field.toUpperCase();
    const scalars = term.values.filter((v) => v !== null && v !== undefined && typeof v !== 'object');
    if (field === 'PHONE' || field === 'EMAIL') {
      const values = scalars.map((v) => normalizeMultifield(field as MultifieldType, String(v))).filter(Boolean);
      const owners = await this.storage.crmMultifields.findOwners(field as MultifieldType, values);
      const ids = owners.filter((o) => o.entity_type === type).map((o) => o.entity_id);
      return { kind: 'compare', columns: ['id'], columnKind: 'number', operator: 'in', values: ids };
    }
    const spec = CRM_ENTITY_FIELDS[type][field];
    if (!spec) return { kind: 'compare', columns: ['id'], columnKind: 'number', operator: 'gte', values: [0] };
    const operator: FilterOperator =
      scalars.length > 1 && term.operator === 'eq' ? 'in' : scalars.length > 1 && term.operator === 'neq' ? 'notIn' : term.operator;
    if (spec.date) {
      const instants = scalars.map((v) => parsePortalDate(String(v), this.config.timeZone));
      if (instants.some((i) => i === null)) return { kind: 'never' };
      return {
        kind: 'compare',
        columns: [spec.column],
        columnKind: 'number',
        operator,
        values: (instants as number[]).map((ms) => Math.floor(ms / 1000)),
      };
    }
    if (spec.kind === 'number')
      return { kind: 'compare', columns: [spec.column], columnKind: 'number', operator, values: scalars.map((v) => phpInt(v)) };
    return { kind: 'compare', columns: [spec.column], columnKind: 'string', operator, values: scalars.map(String) };
  }
}

function summary(type: CrmEntityType, row: Record<string, unknown>): CrmEntitySummary {
  return { entityType: type, entityId: Number(row.id), name: entityDisplayName(type, row), assignedById: Number(row.assigned_by_id) };
}

/** `select` of crm.*.list (I14): empty or `*` means all scalar fields; PHONE/EMAIL only when named. */
function selectedFields(type: CrmEntityType, select: readonly string[]): string[] {
  const scalars = [...Object.keys(CRM_ENTITY_FIELDS[type]), 'HAS_PHONE', 'HAS_EMAIL'];
  const wanted = select.map((s) => s.toUpperCase());
  if (wanted.length === 0) return scalars;
  const base = wanted.includes('*') ? scalars : scalars.filter((f) => wanted.includes(f));
  const extra = MULTIFIELDS.filter((m) => wanted.includes(m));
  // ID always comes back: clients page by it.
  return [...new Set(['ID', ...base, ...extra])];
}

export function descriptor(type: string, title: string, flags: { isReadOnly?: boolean; isMultiple?: boolean; isRequired?: boolean } = {}) {
  return {
    type,
    isRequired: flags.isRequired ?? false,
    isReadOnly: flags.isReadOnly ?? false,
    isImmutable: false,
    isMultiple: flags.isMultiple ?? false,
    isDynamic: false,
    title,
  };
}
