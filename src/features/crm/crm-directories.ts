import { restError } from '../../kernel/errors/rest-error.js';
import type { Storage } from '../../storage/storage.js';

/** `fields` of crm.status.add, read; absent values are undefined. */
export interface StatusInput {
  entityId?: string;
  statusId?: string;
  name?: string;
  sort?: number;
  color?: string;
  semantics?: '' | 'S' | 'F';
}

/** `fields` of crm.currency.add|update, read. */
export interface CurrencyInput {
  currency?: string;
  base?: boolean;
  amountCnt?: number;
  amount?: number;
  sort?: number;
  /** The first language block of LANG (the portal speaks one language). */
  lang?: { fullName?: string; formatString?: string; decPoint?: string; thousandsSep?: string; decimals?: number };
}

/** Directories of a portal (crm.status.entity.types), in the cloud's order; deal pipelines follow DEAL_STAGE. */
const DIRECTORY_TYPES: Array<{ id: string; name: string; entityTypeId?: number; stages?: [string, string, string] }> = [
  { id: 'STATUS', name: 'Lead stages', entityTypeId: 1, stages: ['NEW', 'CONVERTED', 'JUNK'] },
  { id: 'SOURCE', name: 'Sources' },
  { id: 'CONTACT_TYPE', name: 'Contact type' },
  { id: 'COMPANY_TYPE', name: 'Company type' },
  { id: 'EMPLOYEES', name: 'Number of employees' },
  { id: 'INDUSTRY', name: 'Industry' },
  { id: 'DEAL_TYPE', name: 'Deal type' },
  { id: 'DEAL_STAGE', name: 'General deal stages', entityTypeId: 2, stages: ['NEW', 'WON', 'LOSE'] },
  { id: 'HONORIFIC', name: 'Salutations' },
];

/** Writes to the status directories and currencies (crm.status.*, crm.currency.* reference pages). */
export class CrmDirectories {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => number,
  ) {}

  /** crm.status.entity.types: the fixed directories, plus DEAL_STAGE_<n> for every further deal pipeline with stages. */
  async entityTypes(): Promise<Record<string, unknown>[]> {
    const pipelines = (await this.storage.crmDictionaries.statusEntityIds())
      .map((id) => /^DEAL_STAGE_(\d+)$/.exec(id)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    const out: Record<string, unknown>[] = [];
    for (const type of DIRECTORY_TYPES) {
      if (type.id === 'DEAL_STAGE') {
        for (const n of pipelines) {
          out.push({
            ID: `DEAL_STAGE_${n}`,
            NAME: `Deal stages (pipeline ${n})`,
            PARENT_ID: 'DEAL_STAGE',
            SEMANTIC_INFO: semanticInfo(['NEW', 'WON', 'LOSE'], `C${n}:`),
            PREFIX: `C${n}`,
            FIELD_ATTRIBUTE_SCOPE: `category_${n}`,
            ENTITY_TYPE_ID: 2,
            CATEGORY_ID: String(n),
          });
        }
        out.push({
          ID: 'DEAL_STAGE',
          NAME: type.name,
          SEMANTIC_INFO: semanticInfo(type.stages!, ''),
          FIELD_ATTRIBUTE_SCOPE: '',
          ENTITY_TYPE_ID: 2,
          CATEGORY_ID: 0,
        });
        continue;
      }
      out.push({
        ID: type.id,
        NAME: type.name,
        ...(type.stages ? { SEMANTIC_INFO: semanticInfo(type.stages, '') } : {}),
        ...(type.entityTypeId ? { ENTITY_TYPE_ID: type.entityTypeId } : {}),
      });
    }
    return out;
  }

  /** crm.status.entity.items: NAME, SORT (integer), STATUS_ID of one directory, by SORT. */
  async entityItems(entityId: string): Promise<Record<string, unknown>[]> {
    if (!(await this.isDirectory(entityId))) throw restError('STATUS_ENTITY_ID_INVALID');
    return (await this.storage.crmDictionaries.statuses(entityId)).map((row) => ({
      NAME: row.name,
      SORT: row.sort,
      STATUS_ID: row.status_id,
    }));
  }

  async addStatus(input: StatusInput): Promise<number> {
    if (!input.entityId && !input.statusId) throw restError('STATUS_BOTH_REQUIRED');
    if (!input.entityId) throw restError('STATUS_ENTITY_ID_REQUIRED');
    if (!input.statusId) throw restError('STATUS_STATUS_ID_REQUIRED');
    const entityId = input.entityId;
    if (!(await this.isDirectory(entityId))) throw restError('STATUS_ENTITY_UNSUPPORTED');
    if (!input.name) throw restError('STATUS_NAME_REQUIRED');
    // A stage of a further pipeline carries the pipeline's prefix (DEAL_STAGE_1: "C1:").
    const pipeline = /^DEAL_STAGE_(\d+)$/.exec(entityId)?.[1];
    const prefix = pipeline === undefined ? '' : `C${pipeline}:`;
    const statusId = (input.statusId.startsWith(prefix) ? input.statusId : prefix + input.statusId).slice(0, 50);
    const sort = input.sort ?? 10;
    const semantics = input.semantics ?? '';
    return this.storage.transaction(async (tx) => {
      if (await tx.crmDictionaries.findStatus(entityId, statusId)) throw restError('STATUS_EXISTS');
      if (entityId.startsWith('DEAL_STAGE') && semantics === '') {
        const won = (await tx.crmDictionaries.statuses(entityId)).find((s) => s.semantics === 'S');
        if (won && sort > won.sort) throw restError('STATUS_AFTER_FINAL');
      }
      return tx.crmDictionaries.insertStatus({
        entity_id: entityId,
        status_id: statusId,
        name: input.name!.slice(0, 255),
        name_init: '',
        sort,
        system: 'N',
        color: (input.color ?? '').slice(0, 20),
        semantics,
      });
    });
  }

  async updateStatus(id: number | null, changes: { name?: string; sort?: number; color?: string }): Promise<void> {
    if (id === null) throw restError('STATUS_INVALID_ID');
    await this.storage.transaction(async (tx) => {
      if (!(await tx.crmDictionaries.findStatusById(id))) throw restError('STATUS_NOT_FOUND');
      if (changes.name !== undefined && changes.name === '') throw restError('STATUS_NAME_REQUIRED');
      await tx.crmDictionaries.updateStatus(id, {
        ...(changes.name === undefined ? {} : { name: changes.name.slice(0, 255) }),
        ...(changes.sort === undefined ? {} : { sort: changes.sort }),
        ...(changes.color === undefined ? {} : { color: changes.color.slice(0, 20) }),
      });
    });
  }

  /** A system entry only with FORCED=Y; a lead stage some lead is in stays. */
  async deleteStatus(id: number | null, forced: boolean): Promise<void> {
    if (id === null) throw restError('STATUS_INVALID_ID');
    await this.storage.transaction(async (tx) => {
      const row = await tx.crmDictionaries.findStatusById(id);
      if (!row) throw restError('STATUS_NOT_FOUND');
      if (row.system === 'Y' && !forced) throw restError('STATUS_SYSTEM');
      if (row.entity_id === 'STATUS') {
        const leads = await tx.crmEntities.list(
          'LEAD',
          [{ kind: 'compare', columns: ['status_id'], columnKind: 'string', operator: 'eq', values: [row.status_id] }],
          [],
          { offset: 0, limit: 1, count: false },
        );
        if (leads.items.length > 0) throw restError('STATUS_IN_USE');
      }
      await tx.crmDictionaries.deleteStatus(id);
    });
  }

  // ---- currencies -------------------------------------------------------------------------------

  async addCurrency(input: CurrencyInput): Promise<string> {
    if (input.currency === undefined) throw restError('CURRENCY_FIELD_MISSING', { field: 'CURRENCY' });
    if (input.amountCnt === undefined) throw restError('CURRENCY_FIELD_MISSING', { field: 'AMOUNT_CNT' });
    if (input.amount === undefined) throw restError('CURRENCY_FIELD_MISSING', { field: 'AMOUNT' });
    const code = input.currency.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(code)) throw restError('CURRENCY_CODE_INVALID');
    const lang = input.lang ?? {};
    return this.storage.transaction(async (tx) => {
      if (await tx.crmDictionaries.findCurrency(code)) throw restError('CURRENCY_EXISTS', { code });
      await tx.crmDictionaries.insertCurrency({
        currency: code,
        amount_cnt: input.amountCnt!,
        amount: input.amount!,
        sort: input.sort ?? 100,
        base: 'N',
        full_name: (lang.fullName ?? code).slice(0, 100),
        format_string: (lang.formatString ?? `# ${code}`).slice(0, 50),
        dec_point: (lang.decPoint ?? '.').slice(0, 5),
        thousands_sep: (lang.thousandsSep ?? ' ').slice(0, 5),
        decimals: lang.decimals ?? 2,
        date_update: this.now(),
      });
      if (input.base) await tx.crmDictionaries.setBaseCurrency(code);
      return code;
    });
  }

  async updateCurrency(code: string | null, input: CurrencyInput): Promise<void> {
    await this.storage.transaction(async (tx) => {
      const row = code === null ? undefined : await tx.crmDictionaries.findCurrency(code);
      if (!row) throw restError('CRM_NOT_FOUND');
      const lang = input.lang ?? {};
      await tx.crmDictionaries.updateCurrency(row.currency, {
        ...(input.amountCnt === undefined ? {} : { amount_cnt: input.amountCnt }),
        ...(input.amount === undefined ? {} : { amount: input.amount }),
        ...(input.sort === undefined ? {} : { sort: input.sort }),
        ...(lang.fullName === undefined ? {} : { full_name: lang.fullName.slice(0, 100) }),
        ...(lang.formatString === undefined ? {} : { format_string: lang.formatString.slice(0, 50) }),
        ...(lang.decPoint === undefined ? {} : { dec_point: lang.decPoint.slice(0, 5) }),
        ...(lang.thousandsSep === undefined ? {} : { thousands_sep: lang.thousandsSep.slice(0, 5) }),
        ...(lang.decimals === undefined ? {} : { decimals: lang.decimals }),
        date_update: this.now(),
      });
      // Base currency: one always; BASE=N of the base currency changes nothing.
      if (input.base === true) await tx.crmDictionaries.setBaseCurrency(row.currency);
    });
  }

  /** The base currency cannot be deleted. */
  async deleteCurrency(code: string): Promise<void> {
    if (!/^[A-Z]{3}$/.test(code)) throw restError('CURRENCY_CODE_INVALID');
    await this.storage.transaction(async (tx) => {
      const row = await tx.crmDictionaries.findCurrency(code);
      if (!row) throw restError('CRM_NOT_FOUND');
      if (row.base === 'Y') throw restError('CURRENCY_BASE_DELETE');
      await tx.crmDictionaries.deleteCurrency(code);
    });
  }

  async baseCurrency(): Promise<string> {
    const base = (await this.storage.crmDictionaries.currencies()).find((c) => c.base === 'Y');
    return base?.currency ?? '';
  }

  async setBaseCurrency(code: string | null): Promise<void> {
    await this.storage.transaction(async (tx) => {
      const row = code === null ? undefined : await tx.crmDictionaries.findCurrency(code);
      if (!row) throw restError('CRM_NOT_FOUND');
      await tx.crmDictionaries.setBaseCurrency(row.currency);
    });
  }

  private async isDirectory(entityId: string): Promise<boolean> {
    if (DIRECTORY_TYPES.some((t) => t.id === entityId)) return true;
    // A further deal pipeline exists once it has stages.
    return /^DEAL_STAGE_\d+$/.test(entityId) && (await this.storage.crmDictionaries.statuses(entityId)).length > 0;
  }
}

function semanticInfo([start, success, failure]: [string, string, string], prefix: string) {
  return { START_FIELD: prefix + start, FINAL_SUCCESS_FIELD: prefix + success, FINAL_UNSUCCESS_FIELD: prefix + failure, FINAL_SORT: 0 };
}
