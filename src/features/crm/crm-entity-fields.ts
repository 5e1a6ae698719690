import type { ColumnKind } from '../../kernel/filter.js';
import type { CrmEntityType } from '../../storage/schema.js';

/** One field of a CRM entity: where it is stored, how it is typed in crm.*.fields, whether add/update may set it. */
export interface CrmFieldSpec {
  column: string;
  kind: ColumnKind;
  /** The field's type as crm.*.fields reports it. */
  type: 'integer' | 'string' | 'char' | 'datetime' | 'user' | 'crm_status' | 'crm_company' | 'crm_lead';
  title: string;
  writable: boolean;
  date?: boolean;
}

const f = (column: string, type: CrmFieldSpec['type'], title: string, writable = true, kind: ColumnKind = 'string'): CrmFieldSpec => ({
  column,
  kind,
  type,
  title,
  writable,
  ...(type === 'datetime' ? { date: true, kind: 'number' as const } : {}),
});

const COMMON_TAIL: Record<string, CrmFieldSpec> = {
  OPENED: f('opened', 'char', 'Available to everyone'),
  ASSIGNED_BY_ID: f('assigned_by_id', 'user', 'Responsible', true, 'number'),
  CREATED_BY_ID: f('created_by_id', 'user', 'Created by', false, 'number'),
  MODIFY_BY_ID: f('modify_by_id', 'user', 'Modified by', false, 'number'),
  DATE_CREATE: f('date_create', 'datetime', 'Created', false),
  DATE_MODIFY: f('date_modify', 'datetime', 'Modified', false),
  COMMENTS: f('comments', 'string', 'Comment'),
};

/** Scalar fields of each entity kind, in answer order. Multifields (PHONE, EMAIL) are handled apart. */
export const CRM_ENTITY_FIELDS: Record<CrmEntityType, Record<string, CrmFieldSpec>> = {
  LEAD: {
    ID: f('id', 'integer', 'ID', false, 'number'),
    TITLE: f('title', 'string', 'Lead name'),
    NAME: f('name', 'string', 'First name'),
    SECOND_NAME: f('second_name', 'string', 'Second name'),
    LAST_NAME: f('last_name', 'string', 'Last name'),
    COMPANY_TITLE: f('company_title', 'string', 'Company name'),
    SOURCE_ID: f('source_id', 'crm_status', 'Source'),
    SOURCE_DESCRIPTION: f('source_description', 'string', 'Source information'),
    STATUS_ID: f('status_id', 'crm_status', 'Stage'),
    ...COMMON_TAIL,
  },
  CONTACT: {
    ID: f('id', 'integer', 'ID', false, 'number'),
    NAME: f('name', 'string', 'First name'),
    SECOND_NAME: f('second_name', 'string', 'Second name'),
    LAST_NAME: f('last_name', 'string', 'Last name'),
    POST: f('post', 'string', 'Position'),
    // Read-only, as on the reference: set when a lead is converted, which this portal does not do.
    LEAD_ID: f('lead_id', 'crm_lead', 'Lead', false, 'number'),
    TYPE_ID: f('type_id', 'crm_status', 'Contact type'),
    SOURCE_ID: f('source_id', 'crm_status', 'Source'),
    COMPANY_ID: f('company_id', 'crm_company', 'Company', true, 'number'),
    ...COMMON_TAIL,
  },
  COMPANY: {
    ID: f('id', 'integer', 'ID', false, 'number'),
    TITLE: f('title', 'string', 'Company name'),
    COMPANY_TYPE: f('company_type', 'crm_status', 'Company type'),
    INDUSTRY: f('industry', 'crm_status', 'Industry'),
    SOURCE_ID: f('source_id', 'crm_status', 'Source'),
    ...COMMON_TAIL,
  },
};

/** Multifield kinds an entity carries. */
export const MULTIFIELDS = ['PHONE', 'EMAIL'] as const;
export type MultifieldType = (typeof MULTIFIELDS)[number];

/** The display name telephony shows for an entity (E62). */
export function entityDisplayName(type: CrmEntityType, row: Record<string, unknown>): string {
  const person = [row.name, row.second_name, row.last_name].filter((p) => typeof p === 'string' && p !== '').join(' ');
  if (type === 'CONTACT') return person;
  if (type === 'COMPANY') return String(row.title ?? '');
  return String(row.title ?? '') || person;
}
