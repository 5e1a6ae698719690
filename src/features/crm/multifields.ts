import { comparablePhoneDigits } from '../../kernel/phone.js';
import type { CrmEntityType, CrmMultifieldRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import type { MultifieldType } from './crm-entity-fields.js';
import { MAX_MULTIFIELD_VALUE, type MultifieldChange } from './entity-input.js';

/** The form a value is compared in: digits for phones, lower case for e-mail (E64, I16). */
export function normalizeMultifield(type: MultifieldType, value: string): string {
  return (type === 'PHONE' ? comparablePhoneDigits(value) : value.trim().toLowerCase()).slice(0, MAX_MULTIFIELD_VALUE);
}

/** Applies add/update multifield items to one entity. Items naming another entity's ID are ignored. */
export async function applyMultifields(
  tx: Storage,
  entityType: CrmEntityType,
  entityId: number,
  type: MultifieldType,
  changes: readonly MultifieldChange[],
): Promise<void> {
  for (const change of changes) {
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
