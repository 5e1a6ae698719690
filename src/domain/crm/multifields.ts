import type { CrmMultifieldRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import { comparablePhoneDigits } from '../../util/phone.js';
import { isPlainRecord, listValues, positiveIntOrNull, scalarText } from '../../rest/params.js';
import type { MultifieldType } from './crm-entity-fields.js';
import type { CrmEntityType } from './crm-types.js';

/** Column lengths (PostgreSQL enforces them): longer values are cut, as for the entities' own fields. */
const MAX_VALUE = 255;
const MAX_VALUE_TYPE = 20;

/** The form a value is compared in: digits for phones, lower case for e-mail (E64, I16). */
export function normalizeMultifield(type: MultifieldType, value: string): string {
  return (type === 'PHONE' ? comparablePhoneDigits(value) : value.trim().toLowerCase()).slice(0, MAX_VALUE);
}

/** One multifield item of add/update: `{VALUE, VALUE_TYPE}`, `{ID, VALUE}` to change, `{ID, DELETE: "Y"}` to remove. */
interface MultifieldChange {
  id: number | null;
  value: string;
  valueType: string;
  remove: boolean;
}

export function readMultifieldChanges(input: unknown): MultifieldChange[] {
  return listValues(input)
    .filter(isPlainRecord)
    .map((item) => ({
      id: positiveIntOrNull(item.ID),
      value: (scalarText(item.VALUE) ?? '').trim().slice(0, MAX_VALUE),
      valueType: (scalarText(item.VALUE_TYPE) ?? 'WORK').trim().toUpperCase().slice(0, MAX_VALUE_TYPE) || 'WORK',
      remove: String(scalarText(item.DELETE) ?? '').toUpperCase() === 'Y',
    }));
}

/** Applies add/update multifield items to one entity. Items naming another entity's ID are ignored. */
export async function applyMultifields(tx: Storage, entityType: CrmEntityType, entityId: number, type: MultifieldType, input: unknown): Promise<void> {
  for (const change of readMultifieldChanges(input)) {
    if (change.id !== null) {
      const existing = await tx.crmMultifields.findById(change.id);
      if (!existing || existing.entity_type !== entityType || existing.entity_id !== entityId || existing.type_id !== type) continue;
      if (change.remove || change.value === '') await tx.crmMultifields.delete(change.id);
      else await tx.crmMultifields.updateValue(change.id, change.value, change.valueType, normalizeMultifield(type, change.value));
      continue;
    }
    if (change.remove || change.value === '') continue;
    await tx.crmMultifields.insert({
      entity_type: entityType,
      entity_id: entityId,
      type_id: type,
      value_type: change.valueType,
      value: change.value,
      normalized: normalizeMultifield(type, change.value),
    });
  }
}

/** The answer form of multifields (I13): string IDs, TYPE_ID repeated. */
export function presentMultifield(row: CrmMultifieldRow) {
  return { ID: String(row.id), VALUE_TYPE: row.value_type, VALUE: row.value, TYPE_ID: row.type_id };
}
