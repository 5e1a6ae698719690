import type { ServerConfig } from '../../kernel/config.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import { restError } from '../../kernel/errors/rest-error.js';
import { noteNearMiss, type NearMissNotes } from '../../kernel/near-misses.js';
import type { FilterCondition, FilterOperator, Page, PageRequest, SortSpec } from '../../kernel/filter.js';
import { phpInt } from '../../kernel/params/readers.js';
import { formatPortalDate, parsePortalDate } from '../../kernel/portal-time.js';
import type { CrmEntityType, CrmMultifieldRow, CrmObjectType } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import type { BindingSide, CrmBindingRow } from '../../storage/stores/crm-bindings-store.js';
import type { EventQueue } from '../events/event-queue.js';
import { CRM_ENTITY_FIELDS, multifieldsOf, type CrmFieldSpec, type MultifieldType } from './crm-entity-fields.js';
import { OWNER_TYPE_ID } from './crm-types.js';
import { BINDING_FIELDS, type CrmEntityInput, type MultifieldChange } from './entity-input.js';
import { applyMultifields, normalizeMultifield, presentMultifield } from './multifields.js';

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
  /** Where near misses go while the call is recorded (the request journal). */
  nearMisses?: NearMissNotes | null;
}

/** One way of looking at bindings: whose (`ownerType`) and of what (`itemType`, named `itemKey` in items). */
export interface BindingView {
  kind: 'CONTACT_COMPANY' | 'DEAL_CONTACT' | 'LEAD_CONTACT';
  side: BindingSide;
  ownerType: CrmObjectType;
  itemType: CrmObjectType;
  itemKey: 'COMPANY_ID' | 'CONTACT_ID';
}

/** crm.contact.company.*, crm.company.contact.*, crm.deal.contact.*, crm.lead.contact.*. */
export const BINDING_VIEWS = {
  CONTACT_COMPANY: { kind: 'CONTACT_COMPANY', side: 'owner', ownerType: 'CONTACT', itemType: 'COMPANY', itemKey: 'COMPANY_ID' },
  COMPANY_CONTACT: { kind: 'CONTACT_COMPANY', side: 'bound', ownerType: 'COMPANY', itemType: 'CONTACT', itemKey: 'CONTACT_ID' },
  DEAL_CONTACT: { kind: 'DEAL_CONTACT', side: 'owner', ownerType: 'DEAL', itemType: 'CONTACT', itemKey: 'CONTACT_ID' },
  LEAD_CONTACT: { kind: 'LEAD_CONTACT', side: 'owner', ownerType: 'LEAD', itemType: 'CONTACT', itemKey: 'CONTACT_ID' },
} as const satisfies Record<string, BindingView>;

/** The view of an entity kind's own binding list (CONTACT_IDS, COMPANY_IDS, a company's CONTACT_ID). */
const VIEW_OF: Record<CrmObjectType, BindingView> = {
  CONTACT: BINDING_VIEWS.CONTACT_COMPANY,
  COMPANY: BINDING_VIEWS.COMPANY_CONTACT,
  DEAL: BINDING_VIEWS.DEAL_CONTACT,
  LEAD: BINDING_VIEWS.LEAD_CONTACT,
};

/** The column mirroring the primary binding of a view's owner (a contact's COMPANY_ID, a deal's CONTACT_ID). */
const PRIMARY_COLUMN: Partial<Record<CrmObjectType, string>> = { CONTACT: 'company_id', DEAL: 'contact_id', LEAD: 'contact_id' };

/** One binding as add and items.set give it. */
export interface BindingItem {
  id: number;
  primary: boolean | null;
  sort: number | null;
}

const SEMANTIC = (semantics: string): 'P' | 'S' | 'F' => (semantics === 'S' ? 'S' : semantics === 'F' ? 'F' : 'P');
const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const EMAIL_LABELS: Record<string, string> = {
  WORK: 'Work e-mail',
  HOME: 'Personal e-mail',
  MAILING: 'E-mail for newsletters',
  OTHER: 'Other e-mail',
};

/**
 * Leads, contacts, companies and deals through crm.<kind>.* (I13, I14): every documented field kept,
 * their bindings, and the ONCRM<KIND>ADD|UPDATE|DELETE events raised in the transaction of the change.
 */
export class CrmRecords {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly config: ServerConfig,
    /** Null: no events (the call lifecycle raises its own). */
    private readonly queue: EventQueue | null,
  ) {}

  // ---- add / update / delete ------------------------------------------------------------------

  async add(type: CrmObjectType, input: CrmEntityInput, userId: number): Promise<number> {
    const now = unixSeconds(this.clock);
    return this.storage.transaction(async (tx) => {
      await this.validate(tx, type, input);
      const columns = await this.columnsOf(type, input);
      const assignedById = await this.assignee(tx, input);
      await this.applyDefaults(tx, type, columns, input);
      if (type === 'LEAD' || type === 'DEAL') {
        columns.moved_by_id = userId;
        columns.moved_time = now;
      }
      if (type === 'LEAD')
        columns.is_return_customer = columns.company_id || input.primaryBindingId || input.bindingIds?.length ? 'Y' : 'N';
      await this.applyStage(tx, type, columns, null, userId, now, true);
      const id = await tx.crmEntities.insert(type, {
        ...columns,
        assigned_by_id: assignedById ?? userId,
        created_by_id: userId,
        modify_by_id: userId,
        date_create: now,
        date_modify: now,
      });
      if (type === 'DEAL' && !input.given.has('TITLE')) await tx.crmEntities.update('DEAL', id, { title: `Deal #${id}` });
      await this.applyMultifields(tx, type, id, input);
      await this.applyBindingInput(tx, type, id, input);
      await this.raise(tx, type, 'ADD', id, userId);
      return id;
    });
  }

  async update(type: CrmObjectType, id: number, input: CrmEntityInput, userId: number): Promise<void> {
    const now = unixSeconds(this.clock);
    await this.storage.transaction(async (tx) => {
      const row = (await tx.crmEntities.findById(type, id)) as Record<string, unknown> | undefined;
      if (!row) throw restError('CRM_NOT_FOUND');
      await this.validate(tx, type, input);
      const columns = await this.columnsOf(type, input);
      // CATEGORY_ID is immutable: a deal stays in its pipeline.
      delete columns.category_id;
      if (type === 'DEAL') columns.category_id = Number(row.category_id ?? 0);
      const assignedById = await this.assignee(tx, input);
      await this.applyStage(tx, type, columns, row, userId, now, false);
      if (type === 'DEAL') delete columns.category_id;
      const changes = { ...columns, ...(assignedById === null ? {} : { assigned_by_id: assignedById }) };
      await tx.crmEntities.update(type, id, { ...changes, modify_by_id: userId, date_modify: now });
      await this.applyMultifields(tx, type, id, input);
      await this.applyBindingInput(tx, type, id, input);
      await this.raise(tx, type, 'UPDATE', id, userId);
    });
  }

  /** Removes an entity with its multifields, bindings, activities and comments; others' references to it are cleared. */
  async delete(type: CrmObjectType, id: number, userId: number): Promise<void> {
    await this.storage.transaction(async (tx) => {
      if (!(await tx.crmEntities.findById(type, id))) throw restError('CRM_NOT_FOUND');
      if (type !== 'DEAL') await tx.crmMultifields.deleteForEntity(type, id);
      for (const view of Object.values(BINDING_VIEWS)) {
        if (view.ownerType === type) await this.setBindings(tx, view, id, []);
        else if (view.itemType === type) {
          // The other side: every owner bound to this one loses it.
          const owners = await tx.crmBindings.idsBoundTo(view.kind, view.side, [id]);
          for (const owner of owners) await this.removeBinding(tx, view, owner, id);
        }
      }
      if (type === 'COMPANY') {
        await tx.crmEntities.replaceReference('DEAL', 'company_id', id, null);
        await tx.crmEntities.replaceReference('LEAD', 'company_id', id, null);
      }
      if (type === 'LEAD') {
        for (const other of ['CONTACT', 'COMPANY', 'DEAL'] as const) await tx.crmEntities.replaceReference(other, 'lead_id', id, null);
      }
      await tx.crmEntities.deleteOwnedRecords(OWNER_TYPE_ID[type], id, type);
      await tx.crmEntities.delete(type, id);
      await this.raise(tx, type, 'DELETE', id, userId);
    });
  }

  // ---- get / list / fields --------------------------------------------------------------------

  async get(type: CrmObjectType, id: number): Promise<Record<string, unknown>> {
    const row = await this.storage.crmEntities.findById(type, id);
    if (!row) throw restError('CRM_NOT_FOUND');
    const multifields = type === 'DEAL' ? [] : await this.storage.crmMultifields.forEntities(type, [id]);
    const fields = Object.values(CRM_ENTITY_FIELDS[type])
      .filter((spec) => spec.storage !== 'bindings')
      .map((spec) => spec.name);
    return this.present(type, row as Record<string, unknown>, multifields, new Map(), fields);
  }

  async list(type: CrmObjectType, query: CrmListQuery): Promise<Page<Record<string, unknown>>> {
    const conditions: FilterCondition[] = [];
    for (const term of query.filter) conditions.push(await this.condition(type, term, query.nearMisses));
    const specs = CRM_ENTITY_FIELDS[type];
    const sort: SortSpec[] = query.order.flatMap(({ field, direction }) => {
      const spec = specs[field.toUpperCase()];
      return spec && spec.storage === 'column' ? [{ column: spec.column, direction, nullsLow: true }] : [];
    });
    const page = await this.storage.crmEntities.list(type, conditions, sort, query.page);
    const fields = selectedFields(type, query.select, query.nearMisses);
    const ids = page.items.map((r) => Number(r.id));
    const wantsMultifields = fields.some((f) => specs[f]?.storage === 'multifield');
    const multifields = wantsMultifields && type !== 'DEAL' ? await this.storage.crmMultifields.forEntities(type, ids) : [];
    const bindings = new Map<number, number[]>();
    if (fields.some((f) => specs[f]?.storage === 'bindings')) {
      const view = VIEW_OF[type];
      for (const id of ids)
        bindings.set(
          id,
          (await this.storage.crmBindings.of(view.kind, view.side, id)).map((r) => otherId(view, r)),
        );
    }
    return {
      items: page.items.map((row) =>
        this.present(
          type,
          row as Record<string, unknown>,
          multifields.filter((m) => m.entity_id === row.id),
          bindings,
          fields,
        ),
      ),
      total: page.total,
    };
  }

  /** Field descriptors of crm.<kind>.fields, in the reference's key order. */
  fieldDescriptors(type: CrmObjectType): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const spec of Object.values(CRM_ENTITY_FIELDS[type])) {
      out[spec.name] = {
        type: spec.type,
        isRequired: spec.required,
        isReadOnly: spec.readOnly,
        isImmutable: spec.immutable,
        isMultiple: spec.multiple,
        isDynamic: false,
        ...(spec.deprecated ? { isDeprecated: true } : {}),
        ...(spec.statusType ? { statusType: spec.statusType } : {}),
        title: spec.title,
        ...(spec.parentEntityTypeId ? { settings: { parentEntityTypeId: spec.parentEntityTypeId } } : {}),
      };
    }
    return out;
  }

  // ---- bindings: crm.<owner>.<item>.* -----------------------------------------------------------

  /** The owner must exist: "Not found" otherwise. */
  async requireOwner(view: BindingView, id: number): Promise<void> {
    if (!(await this.storage.crmEntities.findById(view.ownerType, id))) throw restError('CRM_NOT_FOUND');
  }

  async bindingItems(view: BindingView, id: number): Promise<Array<Record<string, unknown>>> {
    await this.requireOwner(view, id);
    const rows = await this.storage.crmBindings.of(view.kind, view.side, id);
    return rows.map((row) => ({
      [view.itemKey]: otherId(view, row),
      SORT: view.side === 'owner' ? row.owner_sort : row.bound_sort,
      ROLE_ID: row.role_id,
      IS_PRIMARY: view.side === 'owner' ? row.owner_primary : row.bound_primary,
    }));
  }

  /** Adds one binding; false when it exists already. */
  async addBinding(view: BindingView, id: number, item: BindingItem, userId: number): Promise<boolean> {
    return this.storage.transaction(async (tx) => {
      if (!(await tx.crmEntities.findById(view.ownerType, id))) throw restError('CRM_NOT_FOUND');
      const added = await this.insertBinding(tx, view, id, item);
      if (added) await this.touchOwner(tx, view, id, userId);
      return added;
    });
  }

  async deleteBinding(view: BindingView, id: number, itemId: number, userId: number): Promise<boolean> {
    return this.storage.transaction(async (tx) => {
      if (!(await tx.crmEntities.findById(view.ownerType, id))) throw restError('CRM_NOT_FOUND');
      const removed = await this.removeBinding(tx, view, id, itemId);
      if (removed) await this.touchOwner(tx, view, id, userId);
      return removed;
    });
  }

  async setBindingItems(view: BindingView, id: number, items: readonly BindingItem[], userId: number): Promise<void> {
    await this.storage.transaction(async (tx) => {
      if (!(await tx.crmEntities.findById(view.ownerType, id))) throw restError('CRM_NOT_FOUND');
      await this.setBindings(tx, view, id, items);
      await this.touchOwner(tx, view, id, userId);
    });
  }

  // ---- helpers: input ---------------------------------------------------------------------------

  /** The documented validation errors: a deal's unknown currency, a contact's or company's malformed e-mail. */
  private async validate(tx: Storage, type: CrmObjectType, input: CrmEntityInput): Promise<void> {
    const currency = input.columns.currency_id;
    if (type === 'DEAL' && typeof currency === 'string' && currency !== '' && !(await tx.crmDictionaries.findCurrency(currency)))
      throw restError('CRM_CURRENCY_INVALID');
    if (type === 'CONTACT' || type === 'COMPANY') {
      for (const change of input.multifields.EMAIL ?? []) {
        if (change.remove || change.value === '' || EMAIL_PATTERN.test(change.value)) continue;
        if (type === 'COMPANY') throw restError('CRM_COMPANY_EMAIL_INVALID');
        throw restError('CRM_CONTACT_EMAIL_INVALID', { label: EMAIL_LABELS[change.valueType] ?? 'E-mail' });
      }
    }
  }

  /** The input's columns as stored: instants in seconds, nothing null where the column cannot hold it. */
  private async columnsOf(type: CrmObjectType, input: CrmEntityInput): Promise<Record<string, string | number | null>> {
    const specs = Object.values(CRM_ENTITY_FIELDS[type]);
    const columns: Record<string, string | number | null> = {};
    for (const [column, value] of Object.entries(input.columns)) {
      const spec = specs.find((s) => s.column === column && s.storage === 'column');
      if (!spec) continue;
      if (spec.type === 'datetime' && typeof value === 'string') {
        const ms = parsePortalDate(value, this.config.timeZone);
        columns[column] = ms === null ? null : Math.floor(ms / 1000);
      } else columns[column] = value === null && spec.notNull ? '' : value;
    }
    return columns;
  }

  /** Documented defaults of add: first entries of the dictionaries, the base currency, OPENED. */
  private async applyDefaults(tx: Storage, type: CrmObjectType, columns: Record<string, string | number | null>, input: CrmEntityInput) {
    const first = async (entityId: string) => (await tx.crmDictionaries.statuses(entityId))[0]?.status_id ?? null;
    type Value = string | number | null;
    const setDefault = async (column: string, value: Value | (() => Promise<Value>)) => {
      if (columns[column] === undefined || columns[column] === null || columns[column] === '') {
        const resolved = typeof value === 'function' ? await value() : value;
        if (resolved !== null) columns[column] = resolved;
      }
    };
    const baseCurrency = async () => (await tx.crmDictionaries.currencies()).find((c) => c.base === 'Y')?.currency ?? null;
    await setDefault('opened', 'Y');
    if (type !== 'CONTACT') await setDefault('currency_id', baseCurrency);
    switch (type) {
      case 'LEAD':
        await setDefault('status_id', async () => (await first('STATUS')) ?? 'NEW');
        await setDefault('opportunity', 0);
        await setDefault('is_manual_opportunity', 'N');
        break;
      case 'CONTACT':
        await setDefault('type_id', () => first('CONTACT_TYPE'));
        await setDefault('source_id', () => first('SOURCE'));
        await setDefault('honorific', () => first('HONORIFIC'));
        await setDefault('export', 'Y');
        break;
      case 'COMPANY':
        await setDefault('company_type', () => first('COMPANY_TYPE'));
        await setDefault('industry', () => first('INDUSTRY'));
        await setDefault('employees', () => first('EMPLOYEES'));
        await setDefault('is_my_company', 'N');
        break;
      case 'DEAL': {
        await setDefault('category_id', 0);
        await setDefault('type_id', () => first('DEAL_TYPE'));
        await setDefault('source_id', () => first('SOURCE'));
        await setDefault('opportunity', 0);
        await setDefault('tax_value', 0);
        for (const flag of ['is_manual_opportunity', 'is_recurring', 'is_return_customer', 'is_repeated_approach'])
          await setDefault(flag, 'N');
        const nowMs = this.clock.nowMs();
        await setDefault('begindate', formatPortalDate(nowMs, this.config.timeZone).slice(0, 10));
        await setDefault('closedate', formatPortalDate(nowMs + 7 * 86_400_000, this.config.timeZone).slice(0, 10));
        break;
      }
    }
    void input;
  }

  /**
   * A lead's status or a deal's stage: its default (the first of the dictionary), its semantics
   * (STATUS_SEMANTIC_ID, STAGE_SEMANTIC_ID), who moved it when, and whether it is closed.
   */
  private async applyStage(
    tx: Storage,
    type: CrmObjectType,
    columns: Record<string, string | number | null>,
    current: Record<string, unknown> | null,
    userId: number,
    now: number,
    adding: boolean,
  ): Promise<void> {
    if (type !== 'LEAD' && type !== 'DEAL') return;
    const column = type === 'LEAD' ? 'status_id' : 'stage_id';
    const category = type === 'DEAL' ? Number(columns.category_id ?? current?.category_id ?? 0) : 0;
    const dictionary = type === 'LEAD' ? 'STATUS' : category === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${category}`;
    const stages = await tx.crmDictionaries.statuses(dictionary);
    if (adding && (columns[column] === undefined || columns[column] === null || columns[column] === '')) {
      columns[column] = stages[0]?.status_id ?? (category === 0 ? 'NEW' : `C${category}:NEW`);
    }
    const stage = columns[column];
    if (stage === undefined || (!adding && stage === current?.[column])) return;
    const semantic = SEMANTIC(stages.find((s) => s.status_id === stage)?.semantics ?? '');
    if (type === 'LEAD') {
      columns.status_semantic_id = semantic;
      columns.date_closed = semantic === 'P' ? null : now;
    } else {
      columns.stage_semantic_id = semantic;
      columns.is_new = stages[0]?.status_id === stage ? 'Y' : 'N';
      if (semantic !== 'P') columns.closed = 'Y';
      else if (columns.closed === undefined) columns.closed = 'N';
    }
    if (!adding) {
      columns.moved_by_id = userId;
      columns.moved_time = now;
    }
  }

  /** ASSIGNED_BY_ID of add/update: it counts only when it names a user. */
  private async assignee(tx: Storage, input: CrmEntityInput): Promise<number | null> {
    return input.assignedById !== null && (await tx.users.findById(input.assignedById)) ? input.assignedById : null;
  }

  private async applyMultifields(tx: Storage, type: CrmObjectType, id: number, input: CrmEntityInput): Promise<void> {
    if (type === 'DEAL') return;
    for (const multifield of multifieldsOf(type)) {
      const changes: MultifieldChange[] | undefined = input.multifields[multifield];
      if (changes !== undefined) await applyMultifields(tx, type, id, multifield, changes);
    }
  }

  /** CONTACT_IDS (and the like) replace the bindings; the deprecated single field makes one primary. */
  private async applyBindingInput(tx: Storage, type: CrmObjectType, id: number, input: CrmEntityInput): Promise<void> {
    const view = VIEW_OF[type];
    const single = BINDING_FIELDS[type]?.single ?? null;
    if (input.bindingIds !== null) {
      const primary = input.primaryBindingId;
      const ids = primary !== null && !input.bindingIds.includes(primary) ? [primary, ...input.bindingIds] : input.bindingIds;
      await this.setBindings(
        tx,
        view,
        id,
        ids.map((itemId) => ({ id: itemId, primary: primary === null ? null : itemId === primary, sort: null })),
      );
    } else if (single !== null && input.given.has(single)) {
      if (input.primaryBindingId !== null)
        await this.insertBinding(tx, view, id, { id: input.primaryBindingId, primary: true, sort: null });
      // Emptied (0, ""): the entity is bound to nothing any more.
      else await this.setBindings(tx, view, id, []);
    }
    await this.syncPrimaryColumn(tx, view, id);
  }

  // ---- helpers: bindings ------------------------------------------------------------------------

  private async insertBinding(tx: Storage, view: BindingView, id: number, item: BindingItem): Promise<boolean> {
    const mine = await tx.crmBindings.of(view.kind, view.side, id);
    const existing = mine.find((row) => otherId(view, row) === item.id);
    if (existing) {
      if (item.primary === true) await this.makePrimary(tx, view, id, existing.id);
      return false;
    }
    const theirs = await tx.crmBindings.of(view.kind, opposite(view.side), item.id);
    const nextSort = (rows: CrmBindingRow[], side: BindingSide) =>
      rows.reduce((max, row) => Math.max(max, side === 'owner' ? row.owner_sort : row.bound_sort), 0) + 10;
    const myPrimary = mine.length === 0 || item.primary === true ? 'Y' : 'N';
    const theirPrimary = theirs.length === 0 ? 'Y' : 'N';
    const mySort = item.sort ?? nextSort(mine, view.side);
    const theirSort = nextSort(theirs, opposite(view.side));
    const [ownerId, boundId] = view.side === 'owner' ? [id, item.id] : [item.id, id];
    await tx.crmBindings.insert({
      kind: view.kind,
      owner_id: ownerId,
      bound_id: boundId,
      owner_sort: view.side === 'owner' ? mySort : theirSort,
      owner_primary: view.side === 'owner' ? myPrimary : theirPrimary,
      bound_sort: view.side === 'owner' ? theirSort : mySort,
      bound_primary: view.side === 'owner' ? theirPrimary : myPrimary,
      role_id: 0,
    });
    if (myPrimary === 'Y' && mine.length > 0) {
      const inserted = (await tx.crmBindings.of(view.kind, view.side, id)).find((row) => otherId(view, row) === item.id)!;
      await this.makePrimary(tx, view, id, inserted.id);
    }
    await this.syncPrimaryColumn(tx, view, id);
    await this.syncPrimaryColumn(tx, reverse(view), item.id);
    return true;
  }

  private async removeBinding(tx: Storage, view: BindingView, id: number, itemId: number): Promise<boolean> {
    const row = (await tx.crmBindings.of(view.kind, view.side, id)).find((r) => otherId(view, r) === itemId);
    if (!row) return false;
    await tx.crmBindings.delete(row.id);
    await this.ensurePrimary(tx, view, id);
    await this.ensurePrimary(tx, reverse(view), itemId);
    await this.syncPrimaryColumn(tx, view, id);
    await this.syncPrimaryColumn(tx, reverse(view), itemId);
    return true;
  }

  /** Replaces the bindings of `id` on its side by `items` (items.set, CONTACT_IDS). */
  private async setBindings(tx: Storage, view: BindingView, id: number, items: readonly BindingItem[]): Promise<void> {
    const wanted = new Map<number, BindingItem>();
    for (const item of items) if (!wanted.has(item.id)) wanted.set(item.id, item);
    for (const row of await tx.crmBindings.of(view.kind, view.side, id)) {
      if (!wanted.has(otherId(view, row))) await this.removeBinding(tx, view, id, otherId(view, row));
    }
    const list = [...wanted.values()];
    const primaryId = (list.find((item) => item.primary === true) ?? list[0])?.id ?? null;
    let maxSort = list.reduce((max, item) => Math.max(max, item.sort ?? 0), 0);
    for (const row of await tx.crmBindings.of(view.kind, view.side, id)) maxSort = Math.max(maxSort, mySortOf(view, row));
    for (const item of list) {
      const existing = (await tx.crmBindings.of(view.kind, view.side, id)).find((row) => otherId(view, row) === item.id);
      if (existing) {
        if (item.sort !== null)
          await tx.crmBindings.update(existing.id, view.side === 'owner' ? { owner_sort: item.sort } : { bound_sort: item.sort });
        continue;
      }
      const sort = item.sort ?? (maxSort += 10);
      await this.insertBinding(tx, view, id, { id: item.id, primary: false, sort });
    }
    if (primaryId !== null) {
      const row = (await tx.crmBindings.of(view.kind, view.side, id)).find((r) => otherId(view, r) === primaryId);
      if (row) await this.makePrimary(tx, view, id, row.id);
    }
    await this.syncPrimaryColumn(tx, view, id);
  }

  private async makePrimary(tx: Storage, view: BindingView, id: number, bindingId: number): Promise<void> {
    for (const row of await tx.crmBindings.of(view.kind, view.side, id)) {
      const flag = row.id === bindingId ? 'Y' : 'N';
      if (myPrimaryOf(view, row) !== flag)
        await tx.crmBindings.update(row.id, view.side === 'owner' ? { owner_primary: flag } : { bound_primary: flag });
    }
    await this.syncPrimaryColumn(tx, view, id);
  }

  /** After a removal: the first remaining binding becomes primary when none is. */
  private async ensurePrimary(tx: Storage, view: BindingView, id: number): Promise<void> {
    const rows = await tx.crmBindings.of(view.kind, view.side, id);
    if (rows.length > 0 && !rows.some((row) => myPrimaryOf(view, row) === 'Y')) await this.makePrimary(tx, view, id, rows[0]!.id);
  }

  /** A contact's COMPANY_ID, a deal's or lead's CONTACT_ID: the primary binding, kept as a column. */
  private async syncPrimaryColumn(tx: Storage, view: BindingView, id: number): Promise<void> {
    if (view.side !== 'owner') return;
    const column = PRIMARY_COLUMN[view.ownerType];
    if (!column) return;
    const rows = await tx.crmBindings.of(view.kind, view.side, id);
    const primary = rows.find((row) => row.owner_primary === 'Y') ?? rows[0];
    await tx.crmEntities.update(view.ownerType, id, { [column]: primary ? primary.bound_id : null });
  }

  private async touchOwner(tx: Storage, view: BindingView, id: number, userId: number): Promise<void> {
    await tx.crmEntities.update(view.ownerType, id, { modify_by_id: userId, date_modify: unixSeconds(this.clock) });
    await this.raise(tx, view.ownerType, 'UPDATE', id, userId);
  }

  private async raise(tx: Storage, type: CrmObjectType, change: 'ADD' | 'UPDATE' | 'DELETE', id: number, userId: number): Promise<void> {
    if (this.queue) await this.queue.raise(tx, `ONCRM${type}${change}`, { FIELDS: { ID: String(id) } }, userId);
  }

  // ---- helpers: answers and filters ---------------------------------------------------------------

  private formatDate(seconds: number): string {
    return formatPortalDate(seconds * 1000, this.config.timeZone);
  }

  /** The answer form of an entity (I13): string values, null for unset, multifields as lists. */
  private present(
    type: CrmObjectType,
    row: Record<string, unknown>,
    multifields: CrmMultifieldRow[],
    bindings: Map<number, number[]>,
    fields: readonly string[],
  ): Record<string, unknown> {
    const specs = CRM_ENTITY_FIELDS[type];
    const out: Record<string, unknown> = {};
    for (const field of fields) {
      const spec = specs[field];
      if (!spec) continue;
      switch (spec.storage) {
        case 'column':
          out[field] = this.presentValue(spec, row[spec.column]);
          break;
        case 'has':
          out[field] = hasValue(spec.name, multifields) ? 'Y' : 'N';
          break;
        case 'multifield': {
          // Only when the entity has some (I13, I14).
          const items = multifields.filter((m) => m.type_id === field).map(presentMultifield);
          if (items.length > 0) out[field] = items;
          break;
        }
        case 'bindings':
          out[field] = (bindings.get(Number(row.id)) ?? []).map(String);
          break;
        case 'none':
          out[field] = null;
          break;
      }
    }
    return out;
  }

  private presentValue(spec: CrmFieldSpec, value: unknown): unknown {
    if (value === null || value === undefined) return spec.type === 'date' || spec.name === 'DATE_CLOSED' ? '' : null;
    switch (spec.type) {
      case 'datetime':
        return this.formatDate(Number(value));
      case 'date': {
        const ms = parsePortalDate(String(value), this.config.timeZone);
        return ms === null ? '' : formatPortalDate(ms, this.config.timeZone);
      }
      case 'double':
        return spec.name === 'REVENUE' ? String(Number(value)) : Number(value).toFixed(2);
      default:
        return String(value);
    }
  }

  /** One list filter term (I14): I2 prefixes on column fields; multifields find by value; HAS_* and bindings by their rows. */
  private async condition(type: CrmObjectType, term: CrmFilterTerm, nearMisses?: NearMissNotes | null): Promise<FilterCondition> {
    const field = term.field.toUpperCase();
    const scalars = term.values.filter((v) => v !== null && v !== undefined && typeof v !== 'object');
    const spec = CRM_ENTITY_FIELDS[type][field];
    const negated = term.operator === 'neq' || term.operator === 'notIn';
    const idsCondition = (ids: number[], exclude: boolean): FilterCondition => ({
      kind: 'compare',
      columns: ['id'],
      columnKind: 'number',
      operator: exclude ? 'notIn' : 'in',
      values: ids,
    });
    if (!spec || spec.storage === 'none') {
      noteNearMiss(
        nearMisses,
        'unknown-filter-field',
        `filter[${term.field}]`,
        `not a filterable field of ${type.toLowerCase()}s: skipped`,
      );
      return { kind: 'compare', columns: ['id'], columnKind: 'number', operator: 'gte', values: [0] };
    }
    if (spec.storage === 'multifield') {
      if (type === 'DEAL') return { kind: 'never' };
      const mf = field as MultifieldType;
      const values = scalars.map((v) => normalizeMultifield(mf, String(v))).filter(Boolean);
      const owners = await this.storage.crmMultifields.findOwners(mf, values);
      return idsCondition(
        owners.filter((o) => o.entity_type === type).map((o) => o.entity_id),
        negated,
      );
    }
    if (spec.storage === 'has') {
      if (type === 'DEAL') return { kind: 'never' };
      const wantsYes = String(scalars[0] ?? 'Y').toUpperCase() !== 'N';
      const ids = await this.storage.crmMultifields.entitiesWith(
        type as CrmEntityType,
        field === 'HAS_IMOL' ? 'IM' : (field.slice(4) as MultifieldType),
        field === 'HAS_IMOL' ? 'OPENLINE' : null,
      );
      return idsCondition(ids, wantsYes === negated);
    }
    if (spec.storage === 'bindings') {
      const view = VIEW_OF[type];
      const wanted = scalars.map((v) => phpInt(v)).filter((n) => n > 0);
      return idsCondition(await this.storage.crmBindings.idsBoundTo(view.kind, view.side, wanted), negated);
    }
    const operator: FilterOperator =
      scalars.length > 1 && term.operator === 'eq' ? 'in' : scalars.length > 1 && term.operator === 'neq' ? 'notIn' : term.operator;
    if (spec.type === 'datetime') {
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
    if (spec.type === 'date') {
      const days = scalars.map((v) => /^(\d{4}-\d{2}-\d{2})/.exec(String(v).trim())?.[1] ?? null);
      if (days.some((d) => d === null)) return { kind: 'never' };
      return { kind: 'compare', columns: [spec.column], columnKind: 'string', operator, values: days as string[] };
    }
    if (spec.type === 'double') {
      const numbers = scalars.map((v) => Number.parseFloat(String(v)));
      if (numbers.some((n) => !Number.isFinite(n))) return { kind: 'never' };
      return { kind: 'compare', columns: [spec.column], columnKind: 'number', operator, values: numbers };
    }
    if (spec.kind === 'number')
      return { kind: 'compare', columns: [spec.column], columnKind: 'number', operator, values: scalars.map((v) => phpInt(v)) };
    const text = scalars.map((v) => (spec.type === 'char' || spec.type === 'crm_currency' ? String(v).toUpperCase() : String(v)));
    return { kind: 'compare', columns: [spec.column], columnKind: 'string', operator, values: text };
  }
}

function opposite(side: BindingSide): BindingSide {
  return side === 'owner' ? 'bound' : 'owner';
}

/** The same bindings seen from the other side (a company's contacts for a contact's companies). */
function reverse(view: BindingView): BindingView {
  const found = Object.values(BINDING_VIEWS).find((v) => v.kind === view.kind && v.side !== view.side);
  // Deal and lead bindings have no view from the contact's side: one that keeps no column.
  return found ?? { kind: view.kind, side: opposite(view.side), ownerType: view.itemType, itemType: view.ownerType, itemKey: view.itemKey };
}

function otherId(view: BindingView, row: CrmBindingRow): number {
  return view.side === 'owner' ? row.bound_id : row.owner_id;
}

function mySortOf(view: BindingView, row: CrmBindingRow): number {
  return view.side === 'owner' ? row.owner_sort : row.bound_sort;
}

function myPrimaryOf(view: BindingView, row: CrmBindingRow): string {
  return view.side === 'owner' ? row.owner_primary : row.bound_primary;
}

function hasValue(name: string, multifields: readonly CrmMultifieldRow[]): boolean {
  if (name === 'HAS_IMOL') return multifields.some((m) => m.type_id === 'IM' && m.value_type === 'OPENLINE');
  return multifields.some((m) => m.type_id === name.slice(4));
}

/**
 * `select` of crm.<kind>.list (I14): empty or `*` means every field but multifields and binding lists,
 * which come only when named (`UF_*` names the user fields, of which this portal has none).
 */
function selectedFields(type: CrmObjectType, select: readonly string[], nearMisses?: NearMissNotes | null): string[] {
  const specs = Object.values(CRM_ENTITY_FIELDS[type]);
  const scalars = specs.filter((s) => s.storage !== 'multifield' && s.storage !== 'bindings').map((s) => s.name);
  const wanted = select.map((s) => s.toUpperCase());
  if (wanted.length === 0) return scalars;
  const named = specs.filter((s) => wanted.includes(s.name)).map((s) => s.name);
  for (const name of wanted) {
    if (name !== '*' && !named.includes(name))
      noteNearMiss(nearMisses, 'unknown-select-field', `select[${name}]`, `not a field of ${type.toLowerCase()}s: skipped`);
  }
  const base = wanted.includes('*') ? scalars : [];
  // ID always comes back: clients page by it.
  const chosen = new Set(['ID', ...base, ...named]);
  return specs.map((s) => s.name).filter((name) => chosen.has(name));
}
