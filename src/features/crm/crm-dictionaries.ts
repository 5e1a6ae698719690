import type { ServerConfig } from '../../kernel/config.js';
import type { CrmCurrencyRow, CrmStatusRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import { formatPortalDate } from '../../kernel/portal-time.js';
import { restError } from '../../kernel/errors/rest-error.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import { descriptor } from './crm-service.js';
import { fieldDescriptor } from './field-descriptor.js';
import { CrmDirectories } from './crm-directories.js';

/** Status dictionaries and currencies (I7, I8, I15; crm.status.*, crm.currency.* reference pages). */
export class CrmDictionariesService {
  /** crm.status.add|update|delete|get|entity.*, crm.currency.add|update|delete|base.*. */
  readonly directories: CrmDirectories;

  constructor(
    private readonly storage: Storage,
    private readonly config: ServerConfig,
    clock: Clock,
  ) {
    this.directories = new CrmDirectories(storage, () => unixSeconds(clock));
  }

  async statuses(entityId: string | null): Promise<Record<string, unknown>[]> {
    return (await this.storage.crmDictionaries.statuses(entityId)).map(presentStatus);
  }

  /** One directory entry by ID; unknown → "" "Status is not found." */
  async status(id: number | null): Promise<Record<string, unknown>> {
    const row = id === null ? undefined : await this.storage.crmDictionaries.findStatusById(id);
    if (!row) throw restError('STATUS_NOT_FOUND');
    return presentStatus(row);
  }

  statusFields(): Record<string, unknown> {
    return {
      ID: fieldDescriptor('integer', 'ID', { isReadOnly: true }),
      ENTITY_ID: fieldDescriptor('string', 'Entity ID', { isRequired: true, isImmutable: true }),
      STATUS_ID: fieldDescriptor('string', 'Status', { isRequired: true, isImmutable: true }),
      SORT: fieldDescriptor('integer', 'Sorting'),
      NAME: fieldDescriptor('string', 'Name', { isRequired: true }),
      NAME_INIT: fieldDescriptor('string', 'Default Name', { isReadOnly: true }),
      SYSTEM: fieldDescriptor('char', 'System', { isReadOnly: true }),
      CATEGORY_ID: fieldDescriptor('integer', 'CATEGORY_ID', { isImmutable: true }),
      COLOR: fieldDescriptor('string', 'COLOR'),
      SEMANTICS: fieldDescriptor('char', 'SEMANTICS', { isImmutable: true }),
      EXTRA: fieldDescriptor('crm_status_extra', 'Additional Fields'),
    };
  }

  async currencies(order: Array<{ field: string; direction: 'asc' | 'desc' }>): Promise<Record<string, unknown>[]> {
    const rows = (await this.storage.crmDictionaries.currencies()).map((row) => this.presentCurrency(row));
    for (const { field, direction } of [...order].reverse()) {
      const key = field.toUpperCase();
      rows.sort((a, b) => compare(a[key], b[key]) * (direction === 'desc' ? -1 : 1));
    }
    return rows;
  }

  /** One currency by its code, upper case; null names none. */
  async currency(code: string | null): Promise<Record<string, unknown>> {
    const row = code === null ? undefined : await this.storage.crmDictionaries.findCurrency(code);
    if (!row) throw restError('CRM_NOT_FOUND');
    const presented = this.presentCurrency(row);
    const language = {
      FORMAT_STRING: row.format_string,
      FULL_NAME: row.full_name,
      DEC_POINT: row.dec_point,
      THOUSANDS_SEP: row.thousands_sep,
      DECIMALS: String(row.decimals),
      THOUSANDS_VARIANT: row.thousands_sep === ' ' ? 'S' : 'C',
      HIDE_ZERO: 'Y',
    };
    return { ...presented, LANG: { en: language } };
  }

  currencyFields(): Record<string, unknown> {
    return {
      CURRENCY: descriptor('string', 'Currency', { isRequired: true }),
      AMOUNT_CNT: descriptor('integer', 'Nominal', { isRequired: true }),
      AMOUNT: descriptor('double', 'Exchange rate', { isRequired: true }),
      SORT: descriptor('integer', 'Sort'),
      BASE: descriptor('char', 'Base currency', { isReadOnly: true }),
      FULL_NAME: descriptor('string', 'Name'),
      LID: descriptor('string', 'Language', { isReadOnly: true }),
      FORMAT_STRING: descriptor('string', 'Format'),
      DEC_POINT: descriptor('string', 'Decimal separator'),
      THOUSANDS_SEP: descriptor('string', 'Thousands separator'),
      DECIMALS: descriptor('integer', 'Decimals'),
      DATE_UPDATE: descriptor('datetime', 'Updated', { isReadOnly: true }),
      LANG: descriptor('currency_localization', 'Localizations', { isMultiple: true }),
    };
  }

  private presentCurrency(row: CrmCurrencyRow): Record<string, unknown> {
    return {
      CURRENCY: row.currency,
      AMOUNT_CNT: String(row.amount_cnt),
      AMOUNT: row.amount.toFixed(4),
      SORT: String(row.sort),
      BASE: row.base,
      FULL_NAME: row.full_name,
      LID: 'en',
      FORMAT_STRING: row.format_string,
      DEC_POINT: row.dec_point,
      THOUSANDS_SEP: row.thousands_sep,
      DECIMALS: String(row.decimals),
      DATE_UPDATE: formatPortalDate(row.date_update * 1000, this.config.timeZone),
    };
  }
}

function presentStatus(row: CrmStatusRow): Record<string, unknown> {
  const semantics = row.semantics === 'S' ? 'success' : row.semantics === 'F' ? 'failure' : 'process';
  // Stages of a pipeline other than the general one carry its ID (DEAL_STAGE_1 → "1").
  const category = /^DEAL_STAGE_(\d+)$/.exec(row.entity_id)?.[1] ?? null;
  const isStages = row.entity_id === 'STATUS' || row.entity_id.startsWith('DEAL_STAGE');
  return {
    ID: String(row.id),
    ENTITY_ID: row.entity_id,
    STATUS_ID: row.status_id,
    NAME: row.name,
    NAME_INIT: row.name_init,
    SORT: String(row.sort),
    SYSTEM: row.system,
    CATEGORY_ID: category,
    COLOR: row.color || null,
    SEMANTICS: row.semantics || null,
    ...(isStages ? { EXTRA: { SEMANTICS: semantics, COLOR: row.color } } : {}),
  };
}

function compare(a: unknown, b: unknown): number {
  const x = String(a ?? '');
  const y = String(b ?? '');
  const nx = Number(x);
  const ny = Number(y);
  return Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y);
}
