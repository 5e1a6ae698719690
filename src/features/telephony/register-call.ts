import type { AppRow, CrmEntityType, NewCallEvent } from '../../storage/schema.js';
import { resolveActiveUser, type UserReference } from '../users/user-resolver.js';
import type { Storage } from '../../storage/storage.js';
import type { CrmEntitySummary, CrmForCalls } from '../crm/crm-types.js';
import { newCallId } from './call-id.js';
import { CALL_TYPE, isIncoming } from './call-types.js';
import { NO_APP_ID, restAppIdText } from './call-owner.js';
import type { RaiseEvent } from '../events/event-queue.js';

/** A validated registration request; parameter rules live in the method definition. */
export interface RegisterCallInput {
  /** null: the call belongs to no application (a webhook's, B9 revised); its line is then the portal's. */
  app: AppRow | null;
  user: UserReference;
  phoneNumber: string;
  type: number;
  startAt: number;
  crmCreate: boolean;
  crmSource: string | null;
  crmEntity: { type: CrmEntityType; id: number } | null;
  show: boolean;
  addToChat: boolean;
  callListId: number | null;
  lineNumber: string | null;
  externalCallId: string | null;
  /** False for calls the portal starts itself (click-to-call): always a new call. */
  reuseRecent?: boolean;
}

/** The register answer (E14), keys in the reference's order. */
export interface RegisterCallResult {
  CALL_ID: string;
  CRM_CREATED_LEAD: number | null;
  CRM_CREATED_ENTITIES: Array<{ ENTITY_TYPE: 'LEAD'; ENTITY_ID: number }>;
  CRM_ENTITY_TYPE: CrmEntityType | null;
  CRM_ENTITY_ID: number | null;
  LEAD_CREATION_ERROR?: string;
}

/** A registration of the same call within this many seconds returns the same CALL_ID (E15). */
export const REREGISTRATION_WINDOW = 30 * 60;

/** Registers an external call inside one transaction: dedupe, line, CRM binding, active call. */
export async function registerCall(
  tx: Storage,
  crm: CrmForCalls,
  input: RegisterCallInput,
  now: number,
  raise: RaiseEvent,
): Promise<RegisterCallResult> {
  const user = await resolveActiveUser(tx, input.user);
  const appId = input.app?.id ?? NO_APP_ID;
  const duplicate =
    input.reuseRecent === false
      ? undefined
      : await tx.activeCalls.findDuplicate({
          appId,
          phoneNumber: input.phoneNumber,
          callType: input.type,
          userId: user.id,
          lineNumber: input.lineNumber,
          externalCallId: input.externalCallId,
          registeredSince: now - REREGISTRATION_WINDOW,
        });
  if (duplicate) {
    // E15(d): SHOW=1 shows the card again.
    if (input.show) {
      await tx.callCards.show(duplicate.call_id, [user.id], now);
      await tx.callEvents.add(cardShownByRegister(duplicate.call_id, user.id, now));
    }
    return {
      CALL_ID: duplicate.call_id,
      CRM_CREATED_LEAD: null,
      CRM_CREATED_ENTITIES: [],
      CRM_ENTITY_TYPE: (duplicate.crm_entity_type as CrmEntityType | null) ?? null,
      CRM_ENTITY_ID: duplicate.crm_entity_id,
    };
  }

  const line = input.lineNumber ? await tx.lines.ensure(appId, input.lineNumber, now) : null;
  const bound = await bindCrm(tx, crm, input, user, line?.crm_auto_create ?? null);
  const call = await tx.activeCalls.insert({
    call_id: newCallId(now),
    app_id: appId,
    user_id: user.id,
    phone_number: input.phoneNumber,
    call_type: input.type,
    start_at: input.startAt,
    line_number: input.lineNumber,
    external_call_id: input.externalCallId,
    crm_entity_type: bound.entity?.entityType ?? null,
    crm_entity_id: bound.entity?.entityId ?? null,
    created_lead_id: bound.createdLeadId,
    crm_source: input.crmSource,
    add_to_chat: input.addToChat ? 1 : 0,
    show_card: input.show ? 1 : 0,
    call_list_id: input.callListId,
    registered_at: now,
  });
  const registered: NewCallEvent = {
    call_id: call.call_id,
    at: now,
    kind: 'registered',
    user_id: user.id,
    detail: JSON.stringify({ phone: input.phoneNumber, type: input.type, line: input.lineNumber, createdLeadId: bound.createdLeadId }),
  };
  // E16: the card opens for the registering user at once, unless registered silently. Both events in one statement.
  if (input.show) await tx.callCards.show(call.call_id, [user.id], now);
  await tx.callEvents.add(registered, ...(input.show ? [cardShownByRegister(call.call_id, user.id, now)] : []));
  // H16, H13: a new lead, then the call's initialisation (never on a re-registration, E15).
  if (bound.createdLeadId !== null) await raise('ONCRMLEADADD', { FIELDS: { ID: String(bound.createdLeadId) } }, user.id);
  await raise(
    'ONVOXIMPLANTCALLINIT',
    { CALL_ID: call.call_id, CALL_TYPE: String(input.type), CALLER_ID: input.phoneNumber, REST_APP_ID: restAppIdText(appId) },
    user.id,
  );
  return {
    CALL_ID: call.call_id,
    CRM_CREATED_LEAD: bound.createdLeadId,
    CRM_CREATED_ENTITIES: bound.createdLeadId === null ? [] : [{ ENTITY_TYPE: 'LEAD', ENTITY_ID: bound.createdLeadId }],
    CRM_ENTITY_TYPE: bound.entity?.entityType ?? null,
    CRM_ENTITY_ID: bound.entity?.entityId ?? null,
  };
}

interface CrmBinding {
  entity: CrmEntitySummary | null;
  createdLeadId: number | null;
}

/** E12: the named entity, else the first match by number, else (E13) a new lead, else nothing. */
async function bindCrm(
  tx: Storage,
  crm: CrmForCalls,
  input: RegisterCallInput,
  user: { id: number },
  lineAutoCreate: string | null,
): Promise<CrmBinding> {
  if (input.crmEntity) {
    const named = await crm.getEntity(input.crmEntity.type, input.crmEntity.id);
    if (named) return { entity: named, createdLeadId: null };
  }
  const [match] = await crm.findByPhone(input.phoneNumber);
  if (match) return { entity: match, createdLeadId: null };
  if (!(await mayCreateLead(tx, input, lineAutoCreate))) return { entity: null, createdLeadId: null };

  const sourceId = input.crmSource && (await crm.sourceExists(input.crmSource)) ? input.crmSource : 'CALL';
  const title = `${input.phoneNumber} - ${isIncoming(input.type) ? 'incoming' : 'outgoing'} call`;
  const leadId = await crm.createLeadForCall({ phone: input.phoneNumber, title, sourceId, userId: user.id });
  return { entity: await crm.getEntity('LEAD', leadId), createdLeadId: leadId };
}

/** E13: CRM_CREATE decides; outgoing calls on a line of the app also need its CRM_AUTO_CREATE. Never for an employee's extension. */
async function mayCreateLead(tx: Storage, input: RegisterCallInput, lineAutoCreate: string | null): Promise<boolean> {
  if (!input.crmCreate) return false;
  if (input.type === CALL_TYPE.OUTGOING && lineAutoCreate !== null && lineAutoCreate !== 'Y') return false;
  const employee = await tx.users.findActiveByInnerNumber(input.phoneNumber.trim());
  return !employee;
}

/** The history's note that register opened the card for the registering user. */
function cardShownByRegister(callId: string, userId: number, now: number): NewCallEvent {
  return { call_id: callId, at: now, kind: 'card_shown', user_id: userId, detail: JSON.stringify({ by: 'register' }) };
}
