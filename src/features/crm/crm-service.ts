import type { ServerConfig } from '../../kernel/config.js';
import type { CrmEntityType, CrmObjectType } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import type { Page } from '../../kernel/filter.js';
import type { EventQueue } from '../events/event-queue.js';
import { entityDisplayName, type MultifieldType } from './crm-entity-fields.js';
import { CrmRecords, type CrmListQuery } from './crm-records.js';
import type { CallActivityInput, CrmEntitySummary, CrmForCalls } from './crm-types.js';
import { normalizeMultifield } from './multifields.js';
import { readEntityInput, type CrmEntityInput } from './entity-input.js';

export type { CrmFilterTerm, CrmListQuery } from './crm-records.js';

/** Type order of phone matches (E63): contacts, then companies, then leads. */
const MATCH_ORDER: readonly CrmEntityType[] = ['CONTACT', 'COMPANY', 'LEAD'];

/** Leads, contacts, companies, deals and their call activities, over one Storage (or one transaction). */
export class CrmService implements CrmForCalls {
  /** crm.<kind>.* and the binding methods. */
  readonly records: CrmRecords;

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    config: ServerConfig,
    /** Raises the ONCRM* events of REST changes; none over a call's transaction (the call raises its own). */
    queue: EventQueue | null = null,
  ) {
    this.records = new CrmRecords(storage, clock, config, queue);
  }

  // ---- entities: crm.lead|contact|company|deal.* ------------------------------------------------

  add(type: CrmObjectType, input: CrmEntityInput, userId: number): Promise<number> {
    return this.records.add(type, input, userId);
  }

  update(type: CrmObjectType, id: number, input: CrmEntityInput, userId: number): Promise<void> {
    return this.records.update(type, id, input, userId);
  }

  delete(type: CrmObjectType, id: number, userId: number): Promise<void> {
    return this.records.delete(type, id, userId);
  }

  get(type: CrmObjectType, id: number): Promise<Record<string, unknown>> {
    return this.records.get(type, id);
  }

  list(type: CrmObjectType, query: CrmListQuery): Promise<Page<Record<string, unknown>>> {
    return this.records.list(type, query);
  }

  /** Field descriptors of crm.*.fields. */
  fieldDescriptors(type: CrmObjectType): Record<string, unknown> {
    return this.records.fieldDescriptors(type);
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
}

function summary(type: CrmEntityType, row: Record<string, unknown>): CrmEntitySummary {
  return { entityType: type, entityId: Number(row.id), name: entityDisplayName(type, row), assignedById: Number(row.assigned_by_id) };
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
