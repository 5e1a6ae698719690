import type { CrmObjectType } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import { OWNER_TYPE_ID } from './crm-types.js';

/** The CRM object kind of an owner type ID (I12: 1 lead, 2 deal, 3 contact, 4 company), or null for any other. */
export function crmObjectOfOwnerType(ownerTypeId: number): CrmObjectType | null {
  const found = (Object.entries(OWNER_TYPE_ID) as Array<[CrmObjectType, number]>).find(([, id]) => id === ownerTypeId);
  return found ? found[0] : null;
}

/** The CRM object kind of an ENTITY_TYPE name in any letter case (lead, deal, contact, company), or null. */
export function crmObjectOfName(name: string): CrmObjectType | null {
  const upper = name.trim().toUpperCase();
  return upper in OWNER_TYPE_ID ? (upper as CrmObjectType) : null;
}

/** An existing CRM object an activity or a comment can belong to: its ID and responsible user; null when there is none. */
export async function findCrmOwner(tx: Storage, type: CrmObjectType, id: number): Promise<{ id: number; assignedById: number } | null> {
  const row = (await tx.crmEntities.findById(type, id)) as { id: number; assigned_by_id: number } | undefined;
  return row ? { id: Number(row.id), assignedById: Number(row.assigned_by_id) } : null;
}
