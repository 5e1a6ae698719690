import type { ColumnKind } from '../../kernel/filter.js';
import type { CrmEntityType, CrmObjectType } from '../../storage/schema.js';

/** Field types as crm.*.fields reports them. */
export type CrmFieldType =
  | 'integer'
  | 'string'
  | 'char'
  | 'date'
  | 'datetime'
  | 'double'
  | 'user'
  | 'crm_status'
  | 'crm_company'
  | 'crm_contact'
  | 'crm_lead'
  | 'crm_currency'
  | 'crm_category'
  | 'crm_quote'
  | 'location'
  | 'file'
  | 'crm_multifield';

/**
 * Where a field's value lives: a column of the entity's table, its multifields (PHONE…), whether it
 * has one (HAS_PHONE…), its bindings (CONTACT_IDS…), or nowhere this portal keeps (files, quotes).
 */
export type CrmFieldStorage = 'column' | 'multifield' | 'has' | 'bindings' | 'none';

/** One field of a CRM entity, as crm.*.fields describes it and as add/update/get/list treat it. */
export interface CrmFieldSpec {
  name: string;
  type: CrmFieldType;
  title: string;
  readOnly: boolean;
  required: boolean;
  immutable: boolean;
  multiple: boolean;
  statusType?: string;
  deprecated?: boolean;
  parentEntityTypeId?: number;
  storage: CrmFieldStorage;
  /** The column (storage `column`). */
  column: string;
  /** How filters compare it. */
  kind: ColumnKind;
  /** Longest text the column holds (the older varchar columns); texts are cut to it. */
  maxLength?: number;
  /** The column cannot hold null (the first schema's columns): an emptied value is stored as "". */
  notNull?: boolean;
}

/** Multifield kinds an entity carries, in answer order. */
export const MULTIFIELDS = ['PHONE', 'EMAIL', 'WEB', 'IM', 'LINK'] as const;
export type MultifieldType = (typeof MULTIFIELDS)[number];

const NUMBER_TYPES = new Set<CrmFieldType>([
  'integer',
  'user',
  'crm_company',
  'crm_contact',
  'crm_lead',
  'crm_category',
  'crm_quote',
  'double',
  'datetime',
]);

/** Columns of the first schema: varchar(255) texts, varchar(50) dictionary codes. */
const LEGACY_VARCHAR = new Set(['title', 'name', 'second_name', 'last_name', 'company_title', 'post']);
const LEGACY_CODES = new Set(['source_id', 'status_id', 'type_id', 'company_type', 'industry']);

type Row = [
  name: string,
  type: CrmFieldType,
  flags: string,
  title: string,
  extra?: { statusType?: string; deprecated?: boolean; parent?: number },
];

function storageOf(name: string, type: CrmFieldType, flags: string): CrmFieldStorage {
  if (type === 'crm_multifield') return 'multifield';
  if (name.startsWith('HAS_')) return 'has';
  if (name === 'CONTACT_IDS' || name === 'COMPANY_IDS' || (name === 'CONTACT_ID' && flags.includes('M'))) return 'bindings';
  if (type === 'file' || type === 'crm_quote' || name === 'LAST_COMMUNICATION_TIME') return 'none';
  return 'column';
}

function build(rows: Row[], legacy: ReadonlySet<string>): Record<string, CrmFieldSpec> {
  const out: Record<string, CrmFieldSpec> = {};
  for (const [name, type, flags, title, extra] of rows) {
    const column = name.toLowerCase();
    out[name] = {
      name,
      type,
      title,
      readOnly: flags.includes('R'),
      required: flags.includes('Q'),
      immutable: flags.includes('I'),
      multiple: flags.includes('M'),
      ...(extra?.statusType ? { statusType: extra.statusType } : {}),
      ...(extra?.deprecated ? { deprecated: true } : {}),
      ...(extra?.parent ? { parentEntityTypeId: extra.parent } : {}),
      storage: storageOf(name, type, flags),
      column,
      kind: NUMBER_TYPES.has(type) ? 'number' : 'string',
      ...(legacy.has(column) && LEGACY_VARCHAR.has(column) ? { maxLength: 255 } : {}),
      ...(legacy.has(column) && LEGACY_CODES.has(column) ? { maxLength: 50 } : {}),
      ...(legacy.has(column) ? { notNull: true } : {}),
    };
  }
  return out;
}

const ADDRESS: Row[] = [
  ['ADDRESS', 'string', '', 'Address'],
  ['ADDRESS_2', 'string', '', 'Address (Line 2)'],
  ['ADDRESS_CITY', 'string', '', 'City'],
  ['ADDRESS_POSTAL_CODE', 'string', '', 'Postal Code'],
  ['ADDRESS_REGION', 'string', '', 'Region'],
  ['ADDRESS_PROVINCE', 'string', '', 'Province'],
  ['ADDRESS_COUNTRY', 'string', '', 'Country'],
  ['ADDRESS_COUNTRY_CODE', 'string', '', 'Country Code'],
  ['ADDRESS_LOC_ADDR_ID', 'integer', '', 'Location Address ID'],
];

const UTM = (termTitle: string): Row[] => [
  ['UTM_SOURCE', 'string', '', 'Advertising System'],
  ['UTM_MEDIUM', 'string', '', 'Traffic Type'],
  ['UTM_CAMPAIGN', 'string', '', 'Campaign Identifier'],
  ['UTM_CONTENT', 'string', '', 'Campaign Content'],
  ['UTM_TERM', 'string', '', termTitle],
];

const MULTIFIELD_ROWS: Row[] = [
  ['PHONE', 'crm_multifield', 'M', 'Phone'],
  ['EMAIL', 'crm_multifield', 'M', 'E-mail'],
  ['WEB', 'crm_multifield', 'M', 'Website'],
  ['IM', 'crm_multifield', 'M', 'Messenger'],
  ['LINK', 'crm_multifield', 'M', 'LINK'],
];

/** The columns of the first schema: not null, some of limited length. */
const COMMON_LEGACY = ['opened', 'comments', 'source_id'];
const LEAD_LEGACY = new Set([
  ...COMMON_LEGACY,
  'title',
  'name',
  'second_name',
  'last_name',
  'company_title',
  'status_id',
  'source_description',
]);
const CONTACT_LEGACY = new Set([...COMMON_LEGACY, 'name', 'second_name', 'last_name', 'post', 'type_id']);
const COMPANY_LEGACY = new Set([...COMMON_LEGACY, 'title', 'company_type', 'industry']);

/** Fields of each kind in the reference's order (crm.<kind>.fields); the answers of get follow it. */
export const CRM_ENTITY_FIELDS: Record<CrmObjectType, Record<string, CrmFieldSpec>> = {
  LEAD: build(
    [
      ['ID', 'integer', 'R', 'ID'],
      ['TITLE', 'string', '', 'Lead Title'],
      ['HONORIFIC', 'crm_status', '', 'Salutation', { statusType: 'HONORIFIC' }],
      ['NAME', 'string', '', 'First Name'],
      ['SECOND_NAME', 'string', '', 'Middle Name'],
      ['LAST_NAME', 'string', '', 'Last Name'],
      ['BIRTHDATE', 'date', '', 'Birthdate'],
      ['COMPANY_TITLE', 'string', '', 'Company Name'],
      ['SOURCE_ID', 'crm_status', '', 'Source', { statusType: 'SOURCE' }],
      ['SOURCE_DESCRIPTION', 'string', '', 'Source Description'],
      ['STATUS_ID', 'crm_status', '', 'Stage', { statusType: 'STATUS' }],
      ['STATUS_DESCRIPTION', 'string', '', 'Stage Description'],
      ['STATUS_SEMANTIC_ID', 'string', 'R', 'Status Semantic'],
      ['POST', 'string', '', 'Position'],
      ...ADDRESS,
      ['CURRENCY_ID', 'crm_currency', '', 'Currency'],
      ['OPPORTUNITY', 'double', '', 'Amount'],
      ['IS_MANUAL_OPPORTUNITY', 'char', '', 'IS_MANUAL_OPPORTUNITY'],
      ['OPENED', 'char', '', 'Available to All'],
      ['COMMENTS', 'string', '', 'Comments'],
      ['HAS_PHONE', 'char', 'R', 'Phone Provided'],
      ['HAS_EMAIL', 'char', 'R', 'Email Provided'],
      ['HAS_IMOL', 'char', 'R', 'Open Line Assigned'],
      ['ASSIGNED_BY_ID', 'user', '', 'Responsible User'],
      ['CREATED_BY_ID', 'user', 'R', 'Created By'],
      ['MODIFY_BY_ID', 'user', 'R', 'Modified By'],
      ['MOVED_BY_ID', 'user', 'R', 'MOVED_BY_ID'],
      ['DATE_CREATE', 'datetime', 'R', 'Creation Date'],
      ['DATE_MODIFY', 'datetime', 'R', 'Modification Date'],
      ['MOVED_TIME', 'datetime', 'R', 'MOVED_TIME'],
      ['COMPANY_ID', 'crm_company', '', 'Company', { parent: 4 }],
      ['CONTACT_ID', 'crm_contact', '', 'Contact', { deprecated: true }],
      ['CONTACT_IDS', 'crm_contact', 'M', 'CONTACT_IDS'],
      ['IS_RETURN_CUSTOMER', 'char', 'R', 'Returning Lead'],
      ['DATE_CLOSED', 'datetime', 'R', 'Closing Date'],
      ['ORIGINATOR_ID', 'string', '', 'External Source'],
      ['ORIGIN_ID', 'string', '', 'Identifier in External Source'],
      ...UTM('Campaign Search Term'),
      ['LAST_ACTIVITY_TIME', 'datetime', 'R', 'LAST_ACTIVITY_TIME'],
      ['LAST_ACTIVITY_BY', 'user', 'R', 'LAST_ACTIVITY_BY'],
      ...MULTIFIELD_ROWS,
    ],
    LEAD_LEGACY,
  ),
  CONTACT: build(
    [
      ['ID', 'integer', 'R', 'ID'],
      ['HONORIFIC', 'crm_status', '', 'Salutation', { statusType: 'HONORIFIC' }],
      ['NAME', 'string', 'Q', 'First Name'],
      ['SECOND_NAME', 'string', 'Q', 'Middle Name'],
      ['LAST_NAME', 'string', 'Q', 'Last Name'],
      ['PHOTO', 'file', '', 'Photo'],
      ['BIRTHDATE', 'date', '', 'Birthdate'],
      ['TYPE_ID', 'crm_status', '', 'Contact Type', { statusType: 'CONTACT_TYPE' }],
      ['SOURCE_ID', 'crm_status', '', 'Source', { statusType: 'SOURCE' }],
      ['SOURCE_DESCRIPTION', 'string', '', 'Additional Source Information'],
      ['POST', 'string', '', 'Position'],
      ...ADDRESS,
      ['COMMENTS', 'string', '', 'Comment'],
      ['OPENED', 'char', '', 'Available to All'],
      ['EXPORT', 'char', '', 'Participates in Contact Export'],
      ['HAS_PHONE', 'char', 'R', 'Phone Set'],
      ['HAS_EMAIL', 'char', 'R', 'E-mail Set'],
      ['HAS_IMOL', 'char', 'R', 'Open Line Set'],
      ['ASSIGNED_BY_ID', 'user', '', 'Responsible Person'],
      ['CREATED_BY_ID', 'user', 'R', 'Created By'],
      ['MODIFY_BY_ID', 'user', 'R', 'Modified By'],
      ['DATE_CREATE', 'datetime', 'R', 'Creation Date'],
      ['DATE_MODIFY', 'datetime', 'R', 'Modification Date'],
      ['COMPANY_ID', 'crm_company', '', 'Company', { deprecated: true }],
      ['COMPANY_IDS', 'crm_company', 'M', 'COMPANY_IDS'],
      // Read-only, as on the reference: set when a lead is converted, which this portal does not do.
      ['LEAD_ID', 'crm_lead', 'R', 'Lead', { parent: 1 }],
      ['ORIGINATOR_ID', 'string', '', 'External Source'],
      ['ORIGIN_ID', 'string', '', 'Identifier in External Source'],
      ['ORIGIN_VERSION', 'string', '', 'Original Version'],
      ...UTM('Campaign Search Condition'),
      ['LAST_ACTIVITY_TIME', 'datetime', 'R', 'Last Activity'],
      ['LAST_ACTIVITY_BY', 'user', 'R', 'Last Activity By'],
      ...MULTIFIELD_ROWS,
    ],
    CONTACT_LEGACY,
  ),
  COMPANY: build(
    [
      ['ID', 'integer', 'R', 'ID'],
      ['TITLE', 'string', 'Q', 'Company Name'],
      ['COMPANY_TYPE', 'crm_status', '', 'Company Type', { statusType: 'COMPANY_TYPE' }],
      ['LOGO', 'file', '', 'Logo'],
      ['ADDRESS', 'string', '', 'Physical Address'],
      ['ADDRESS_2', 'string', '', 'Address (line 2)'],
      ...ADDRESS.slice(2),
      ['ADDRESS_LEGAL', 'string', '', 'Legal Address'],
      ['REG_ADDRESS', 'string', '', 'Legal Address'],
      ['REG_ADDRESS_2', 'string', '', 'Legal Address (line 2)'],
      ['REG_ADDRESS_CITY', 'string', '', 'Legal Address City'],
      ['REG_ADDRESS_POSTAL_CODE', 'string', '', 'Legal Address Postal Code'],
      ['REG_ADDRESS_REGION', 'string', '', 'Legal Address Region'],
      ['REG_ADDRESS_PROVINCE', 'string', '', 'Legal Address Province'],
      ['REG_ADDRESS_COUNTRY', 'string', '', 'Legal Address Country'],
      ['REG_ADDRESS_COUNTRY_CODE', 'string', '', 'Legal Address Country Code'],
      ['REG_ADDRESS_LOC_ADDR_ID', 'integer', '', 'Legal Address Location ID'],
      ['BANKING_DETAILS', 'string', '', 'Banking Details'],
      ['INDUSTRY', 'crm_status', '', 'Industry', { statusType: 'INDUSTRY' }],
      ['EMPLOYEES', 'crm_status', '', 'Number of Employees', { statusType: 'EMPLOYEES' }],
      ['CURRENCY_ID', 'crm_currency', '', 'Currency'],
      ['REVENUE', 'double', '', 'Annual Revenue'],
      ['OPENED', 'char', '', 'Available to Everyone'],
      ['COMMENTS', 'string', '', 'Comment'],
      ['HAS_PHONE', 'char', 'R', 'Phone Set'],
      ['HAS_EMAIL', 'char', 'R', 'E-mail Set'],
      ['HAS_IMOL', 'char', 'R', 'Open Line Set'],
      ['IS_MY_COMPANY', 'char', '', 'My Company'],
      ['ASSIGNED_BY_ID', 'user', '', 'Responsible Person'],
      ['CREATED_BY_ID', 'user', 'R', 'Created By'],
      ['MODIFY_BY_ID', 'user', 'R', 'Modified By'],
      ['DATE_CREATE', 'datetime', 'R', 'Creation Date'],
      ['DATE_MODIFY', 'datetime', 'R', 'Modification Date'],
      ['CONTACT_ID', 'crm_contact', 'M', 'Contact'],
      ['LEAD_ID', 'crm_lead', 'R', 'Lead', { parent: 1 }],
      ['ORIGINATOR_ID', 'string', '', 'External Source'],
      ['ORIGIN_ID', 'string', '', 'Identifier in External Source'],
      ['ORIGIN_VERSION', 'string', '', 'Original Version'],
      ...UTM('Campaign Search Term'),
      ['LAST_ACTIVITY_TIME', 'datetime', '', 'Last Activity Time'],
      ['LAST_ACTIVITY_BY', 'user', '', 'Last Activity Author'],
      ['LAST_COMMUNICATION_TIME', 'string', 'R', 'Last Communication Date'],
      ...MULTIFIELD_ROWS,
    ],
    COMPANY_LEGACY,
  ),
  DEAL: build(
    [
      ['ID', 'integer', 'R', 'ID'],
      ['TITLE', 'string', '', 'Title'],
      ['TYPE_ID', 'crm_status', '', 'Type', { statusType: 'DEAL_TYPE' }],
      ['CATEGORY_ID', 'crm_category', 'I', 'Sales Funnel'],
      ['STAGE_ID', 'crm_status', '', 'Deal Stage', { statusType: 'DEAL_STAGE' }],
      ['STAGE_SEMANTIC_ID', 'string', 'R', 'Stage Group'],
      ['IS_NEW', 'char', 'R', 'New Deal'],
      ['IS_RECURRING', 'char', '', 'Recurring Deal'],
      ['IS_RETURN_CUSTOMER', 'char', '', 'Repeat Deal'],
      ['IS_REPEATED_APPROACH', 'char', '', 'Repeated Approach'],
      ['PROBABILITY', 'integer', '', 'Probability'],
      ['CURRENCY_ID', 'crm_currency', '', 'Currency'],
      ['OPPORTUNITY', 'double', '', 'Amount'],
      ['IS_MANUAL_OPPORTUNITY', 'char', '', 'IS_MANUAL_OPPORTUNITY'],
      ['TAX_VALUE', 'double', '', 'Tax Rate'],
      ['COMPANY_ID', 'crm_company', '', 'Company', { parent: 4 }],
      ['CONTACT_ID', 'crm_contact', '', 'Contact', { deprecated: true }],
      ['CONTACT_IDS', 'crm_contact', 'M', 'Contacts'],
      ['QUOTE_ID', 'crm_quote', 'R', 'Estimate', { parent: 7 }],
      ['BEGINDATE', 'date', '', 'Start Date'],
      ['CLOSEDATE', 'date', '', 'Close Date'],
      ['OPENED', 'char', '', 'Available to All'],
      ['CLOSED', 'char', '', 'Closed'],
      ['COMMENTS', 'string', '', 'Comment'],
      ['ASSIGNED_BY_ID', 'user', '', 'Responsible'],
      ['CREATED_BY_ID', 'user', 'R', 'Created By'],
      ['MODIFY_BY_ID', 'user', 'R', 'Modified By'],
      ['MOVED_BY_ID', 'user', 'R', 'MOVED_BY_ID'],
      ['DATE_CREATE', 'datetime', 'R', 'Creation Date'],
      ['DATE_MODIFY', 'datetime', 'R', 'Modification Date'],
      ['MOVED_TIME', 'datetime', 'R', 'MOVED_TIME'],
      ['SOURCE_ID', 'crm_status', '', 'Source', { statusType: 'SOURCE' }],
      ['SOURCE_DESCRIPTION', 'string', '', 'Additional Info about Source'],
      ['LEAD_ID', 'crm_lead', 'R', 'Lead', { parent: 1 }],
      ['ADDITIONAL_INFO', 'string', '', 'Additional Information'],
      ['LOCATION_ID', 'location', '', 'Location'],
      ['ORIGINATOR_ID', 'string', '', 'External Source'],
      ['ORIGIN_ID', 'string', '', 'Identifier in External Source'],
      ...UTM('Campaign Search Condition'),
      ['LAST_ACTIVITY_TIME', 'datetime', 'R', 'LAST_ACTIVITY_TIME'],
      ['LAST_ACTIVITY_BY', 'user', 'R', 'LAST_ACTIVITY_BY'],
    ],
    new Set(),
  ),
};

/** The multifield kinds of an entity kind (deals have none). */
export function multifieldsOf(type: CrmObjectType): readonly MultifieldType[] {
  return type === 'DEAL' ? [] : MULTIFIELDS;
}

/** The display name telephony shows for an entity (E62). */
export function entityDisplayName(type: CrmEntityType, row: Record<string, unknown>): string {
  const person = [row.name, row.second_name, row.last_name].filter((p) => typeof p === 'string' && p !== '').join(' ');
  if (type === 'CONTACT') return person;
  if (type === 'COMPANY') return String(row.title ?? '');
  return String(row.title ?? '') || person;
}
