import { boolOrNull, intPrefixOrNull, isPlainRecord, listValues, positiveIntOrNull, scalarText } from '../../kernel/params/readers.js';
import type { CrmObjectType } from '../../storage/schema.js';
import { readFileValue, type FileValue } from '../../kernel/params/file-values.js';
import { CRM_ENTITY_FIELDS, multifieldsOf, type CrmFieldSpec, type MultifieldType } from './crm-entity-fields.js';

/** Column lengths of multifields (PostgreSQL enforces them): longer values are cut, as for the entities' own fields. */
export const MAX_MULTIFIELD_VALUE = 255;
const MAX_VALUE_TYPE = 20;
/** The largest value an `integer` column holds on PostgreSQL. */
const MAX_INT32 = 2_147_483_647;

/** One multifield item of add/update: `{VALUE, VALUE_TYPE}`, `{ID, VALUE}` to change, `{ID, DELETE: "Y"}` to remove. */
export interface MultifieldChange {
  id: number | null;
  value: string;
  valueType: string;
  remove: boolean;
}

/** What crm.*.add and crm.*.update may set (I13), read from their `fields`. */
export interface CrmEntityInput {
  /** Writable column fields as columns, cut to their column; ASSIGNED_BY_ID is apart. */
  columns: Record<string, string | number | null>;
  /** ASSIGNED_BY_ID when given as an ID: it counts only if it names a user. */
  assignedById: number | null;
  /** Multifield changes per kind, for the kinds given. */
  multifields: Partial<Record<MultifieldType, MultifieldChange[]>>;
  /** The whole list of bound entities (CONTACT_IDS, COMPANY_IDS, a company's CONTACT_ID), when given. */
  bindingIds: number[] | null;
  /** The primary bound entity named by the deprecated single field (a contact's COMPANY_ID, a deal's or lead's CONTACT_ID). */
  primaryBindingId: number | null;
  /** File fields given (PHOTO, LOGO): the new file, or an empty list to clear the field. */
  files: Record<string, FileValue[]>;
  /** Field names given (known and writable ones). */
  given: Set<string>;
}

/** The field whose list replaces an entity's bindings, and the deprecated single one. */
export const BINDING_FIELDS: Partial<Record<CrmObjectType, { list: string; single: string | null }>> = {
  CONTACT: { list: 'COMPANY_IDS', single: 'COMPANY_ID' },
  COMPANY: { list: 'CONTACT_ID', single: null },
  DEAL: { list: 'CONTACT_IDS', single: 'CONTACT_ID' },
  LEAD: { list: 'CONTACT_IDS', single: 'CONTACT_ID' },
};

/** Reads `fields` of an entity kind: unknown and read-only keys are ignored. */
export function readEntityInput(type: CrmObjectType, fields: Record<string, unknown>): CrmEntityInput {
  const input: CrmEntityInput = {
    columns: {},
    assignedById: null,
    multifields: {},
    bindingIds: null,
    primaryBindingId: null,
    files: {},
    given: new Set(),
  };
  const binding = BINDING_FIELDS[type];
  for (const [name, spec] of Object.entries(CRM_ENTITY_FIELDS[type])) {
    if (spec.readOnly || !Object.prototype.hasOwnProperty.call(fields, name)) continue;
    const raw = fields[name];
    if (spec.storage === 'bindings') {
      input.bindingIds = [...new Set(listValues(raw).map(positiveIntOrNull))].filter((id): id is number => id !== null);
      input.given.add(name);
      continue;
    }
    if (spec.type === 'file') {
      const value = readFileValue(raw);
      if (value) {
        input.files[name] = value.kind === 'set' ? [value] : [];
        input.given.add(name);
      }
      continue;
    }
    if (spec.storage !== 'column') continue;
    if (name === 'ASSIGNED_BY_ID') {
      input.assignedById = positiveIntOrNull(raw);
      input.given.add(name);
      continue;
    }
    const value = columnValue(spec, raw);
    if (value === undefined) continue;
    input.columns[spec.column] = value;
    input.given.add(name);
    if (binding?.single === name) input.primaryBindingId = typeof value === 'number' ? value : null;
  }
  // The deprecated single field of a contact is its primary company binding, not a column of its own.
  if (type === 'CONTACT' && 'company_id' in input.columns) delete input.columns.company_id;
  for (const multifield of multifieldsOf(type)) {
    if (fields[multifield] !== undefined) {
      input.multifields[multifield] = readMultifieldChanges(fields[multifield]);
      input.given.add(multifield);
    }
  }
  return input;
}

/** One field value as its column stores it; undefined when it cannot be read at all (an object for a text). */
function columnValue(spec: CrmFieldSpec, raw: unknown): string | number | null | undefined {
  if (raw === null) return null;
  switch (spec.type) {
    case 'user':
    case 'crm_company':
    case 'crm_contact':
    case 'crm_lead':
      return positiveIntOrNull(raw);
    case 'integer':
    case 'crm_category': {
      const number = intPrefixOrNull(raw);
      return number === null ? null : Math.max(-MAX_INT32, Math.min(MAX_INT32, number));
    }
    case 'double': {
      const text = scalarText(raw);
      if (text === undefined) return undefined;
      const number = Number.parseFloat(text.replace(',', '.'));
      return Number.isFinite(number) ? number : text.trim() === '' ? 0 : null;
    }
    case 'char': {
      const flag = boolOrNull(raw);
      return flag === null ? (scalarText(raw) === undefined ? undefined : 'Y') : flag ? 'Y' : 'N';
    }
    case 'date': {
      const text = scalarText(raw)?.trim();
      if (text === undefined) return undefined;
      const match = /^(\d{4}-\d{2}-\d{2})/.exec(text);
      return match ? match[1]! : null;
    }
    case 'datetime': {
      const text = scalarText(raw)?.trim();
      // Kept as given; the service reads it in the portal's zone.
      return text === undefined ? undefined : text;
    }
    default: {
      const text = scalarText(raw);
      if (text === undefined) return undefined;
      const value = spec.type === 'crm_currency' ? text.trim().toUpperCase() : text;
      return spec.maxLength ? value.slice(0, spec.maxLength) : value;
    }
  }
}

function readMultifieldChanges(input: unknown): MultifieldChange[] {
  return listValues(input)
    .filter(isPlainRecord)
    .map((item) => ({
      id: positiveIntOrNull(item.ID),
      value: (scalarText(item.VALUE) ?? '').trim().slice(0, MAX_MULTIFIELD_VALUE),
      valueType: (scalarText(item.VALUE_TYPE) ?? 'WORK').trim().toUpperCase().slice(0, MAX_VALUE_TYPE) || 'WORK',
      remove: String(scalarText(item.DELETE) ?? '').toUpperCase() === 'Y',
    }));
}
