import { isPlainRecord, listValues, positiveIntOrNull, scalarText } from '../../kernel/params/readers.js';
import type { CrmEntityType } from '../../storage/schema.js';
import { CRM_ENTITY_FIELDS, MULTIFIELDS, type MultifieldType } from './crm-entity-fields.js';

/** Column lengths of multifields (PostgreSQL enforces them): longer values are cut, as for the entities' own fields. */
export const MAX_MULTIFIELD_VALUE = 255;
const MAX_VALUE_TYPE = 20;

/** One multifield item of add/update: `{VALUE, VALUE_TYPE}`, `{ID, VALUE}` to change, `{ID, DELETE: "Y"}` to remove. */
export interface MultifieldChange {
  id: number | null;
  value: string;
  valueType: string;
  remove: boolean;
}

/** What crm.*.add and crm.*.update may set (I13), read from their `fields`. */
export interface CrmEntityInput {
  /** Writable scalar fields as columns, cut to their column; ASSIGNED_BY_ID is apart. */
  columns: Record<string, string | number | null>;
  /** ASSIGNED_BY_ID when given as an ID: it counts only if it names a user. */
  assignedById: number | null;
  /** Multifield changes per kind, for the kinds given. */
  multifields: Partial<Record<MultifieldType, MultifieldChange[]>>;
}

/** Reads `fields` of an entity kind: unknown and read-only keys are ignored. */
export function readEntityInput(type: CrmEntityType, fields: Record<string, unknown>): CrmEntityInput {
  const input: CrmEntityInput = { columns: {}, assignedById: null, multifields: {} };
  for (const [name, spec] of Object.entries(CRM_ENTITY_FIELDS[type])) {
    if (!spec.writable || !Object.prototype.hasOwnProperty.call(fields, name)) continue;
    const raw = fields[name];
    if (spec.kind === 'number') {
      const id = positiveIntOrNull(raw);
      if (name === 'ASSIGNED_BY_ID') input.assignedById = id;
      else input.columns[spec.column] = id;
      continue;
    }
    const text = scalarText(raw);
    if (text === undefined) continue;
    // Cut to the column (PostgreSQL enforces varchar lengths): status ids hold 50 characters, texts 255.
    input.columns[spec.column] =
      spec.type === 'char' ? (text.toUpperCase() === 'N' ? 'N' : 'Y') : text.slice(0, spec.type === 'crm_status' ? 50 : 255);
  }
  for (const multifield of MULTIFIELDS) {
    if (fields[multifield] !== undefined) input.multifields[multifield] = readMultifieldChanges(fields[multifield]);
  }
  return input;
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
