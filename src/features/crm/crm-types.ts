import type { CrmEntityType, CrmObjectType } from '../../storage/schema.js';

/** CRM object type IDs (I12): activity OWNER_TYPE_ID, communication ENTITY_TYPE_ID. */
export const OWNER_TYPE_ID: Record<CrmObjectType, number> = { LEAD: 1, DEAL: 2, CONTACT: 3, COMPANY: 4 };

/** A CRM entity as telephony sees it. */
export interface CrmEntitySummary {
  entityType: CrmEntityType;
  entityId: number;
  /** Contact: full name; company: title; lead: title, else the person's name (E62). */
  name: string;
  assignedById: number;
}

/** What the call lifecycle needs from the CRM. Implemented by CrmService over one Storage (or transaction). */
export interface CrmForCalls {
  /** Entities with this phone number: contacts, then companies, then leads, each by ascending ID (E63, E64). */
  findByPhone(phone: string): Promise<CrmEntitySummary[]>;
  /** The entity, or null when it does not exist. */
  getEntity(type: CrmEntityType, id: number): Promise<CrmEntitySummary | null>;
  /** Creates the lead of an unknown caller (E13); returns its ID. */
  createLeadForCall(input: { phone: string; title: string; sourceId: string; userId: number }): Promise<number>;
  /** Moves an entity to another responsible user (E30). */
  reassign(type: CrmEntityType, id: number, userId: number): Promise<void>;
  /** Whether `statusId` is in the SOURCE dictionary (I15). */
  sourceExists(statusId: string): Promise<boolean>;
  /** Whether the portal has this currency (crm.currency.list). */
  currencyExists(code: string): Promise<boolean>;
  /** Writes the completed call activity of a finished call (E38); returns its ID. */
  addCallActivity(input: CallActivityInput): Promise<number>;
}

/** The facts of a finished call its CRM activity is made of (E38). */
export interface CallActivityInput {
  ownerTypeId: number;
  ownerId: number;
  subject: string;
  /** 1 incoming, 2 outgoing. */
  direction: 1 | 2;
  /** Unix seconds. */
  startTime: number;
  endTime: number;
  /** The finishing user: responsible, author and editor. */
  userId: number;
  phone: string;
  originId: string;
}
