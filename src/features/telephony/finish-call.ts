import { restError } from '../../kernel/errors/rest-error.js';
import type { ActiveCallRow, AppRow, CrmEntityType } from '../../storage/schema.js';
import { resolveActiveUser, type UserReference } from '../users/user-resolver.js';
import type { Storage } from '../../storage/storage.js';
import { OWNER_TYPE_ID, type CrmForCalls } from '../crm/crm-types.js';
import { notifyCallFinished } from '../notifications/call-notification.js';
import { activityDirection, isIncoming } from './call-types.js';
import { callOutcome } from './call-outcome.js';
import { restAppIdText } from './call-owner.js';
import type { RaiseEvent } from '../events/event-queue.js';
import { formatPortalDate } from '../../kernel/portal-time.js';

/** A validated finish request; the user is resolved, the call not yet. */
export interface FinishCallInput {
  callId: string;
  user: UserReference;
  duration: number;
  cost: number;
  costCurrency: string;
  statusCode: string | null;
  failedReason: string;
  vote: number | null;
  /** null: take the value given at registration (E21). */
  addToChat: boolean | null;
  recordUrl: string | null;
  /**
   * The application that sent the finish, as authentication read it for this request: when the call is
   * its own (the usual case) the statistics row takes its name from it instead of reading it again.
   */
  callerApp?: AppRow | null;
}

/** The finish answer (E40), keys in the reference's order. */
export interface FinishCallResult {
  CALL_ID: string;
  EXTERNAL_CALL_ID: string | null;
  PORTAL_USER_ID: number;
  PHONE_NUMBER: string;
  PORTAL_NUMBER: string;
  INCOMING: string;
  CALL_DURATION: number;
  CALL_START_DATE: Record<string, never>;
  CALL_STATUS: number;
  CALL_VOTE: number | null;
  COST: number;
  COST_CURRENCY: string;
  CALL_FAILED_CODE: string;
  CALL_FAILED_REASON: string;
  REST_APP_ID: string;
  REST_APP_NAME: string;
  CRM_ACTIVITY_ID: number | null;
  COMMENT: null;
  CRM_ENTITY_TYPE: string | null;
  CRM_ENTITY_ID: number | null;
  ID: number;
}

/**
 * Finishes a registered call inside one transaction (E37): claims the active call, writes the
 * statistics row, the CRM call activity, reassigns auto-created entities, notifies the employee.
 * Any failure rolls all of it back; a second or concurrent finish finds no call (E27, E45).
 */
export async function finishCall(
  tx: Storage,
  crm: CrmForCalls,
  input: FinishCallInput,
  now: number,
  raise: RaiseEvent,
  timeZone: string,
): Promise<FinishCallResult> {
  // Checks in the catalogued order (E29): the call first, then the user. Claiming the call is the
  // first write; a failing user check after it rolls the claim back with the transaction.
  const call = await tx.activeCalls.claim(input.callId);
  if (!call) throw restError('CALL_NOT_FOUND');
  const finisher = await resolveActiveUser(tx, input.user);
  // E37(3): a finished call's card closes for everyone.
  const viewers = await tx.callCards.hide(call.call_id, null);
  const app = input.callerApp?.id === call.app_id ? input.callerApp : await tx.apps.findById(call.app_id);
  const outcome = callOutcome({ duration: input.duration, statusCode: input.statusCode, vote: input.vote });

  const entity =
    call.crm_entity_type && call.crm_entity_id !== null
      ? await crm.getEntity(call.crm_entity_type as CrmEntityType, call.crm_entity_id)
      : null;
  if (call.created_lead_id !== null && entity && entity.assignedById !== finisher.id) {
    await crm.reassign('LEAD', call.created_lead_id, finisher.id);
    await raise('ONCRMLEADUPDATE', { FIELDS: { ID: String(call.created_lead_id) } }, finisher.id);
  }
  const activityId = entity
    ? await crm.addCallActivity({
        ownerTypeId: OWNER_TYPE_ID[entity.entityType],
        ownerId: entity.entityId,
        subject: `${isIncoming(call.call_type) ? 'Incoming' : 'Outgoing'} call ${entity.name}`.trim(),
        direction: activityDirection(call.call_type),
        startTime: call.start_at,
        endTime: call.start_at + outcome.duration,
        userId: finisher.id,
        phone: call.phone_number,
        originId: `VI_${call.call_id}`,
      })
    : null;

  const row = await tx.statistics.insert({
    call_id: call.call_id,
    portal_user_id: finisher.id,
    portal_number: portalNumber(call),
    phone_number: call.phone_number,
    external_call_id: call.external_call_id,
    call_category: 'external',
    call_type: call.call_type,
    call_duration: outcome.duration,
    call_start_date: call.start_at,
    call_status: outcome.status,
    call_vote: outcome.vote,
    cost: input.cost,
    cost_currency: input.costCurrency,
    call_failed_code: outcome.failedCode,
    call_failed_reason: input.failedReason,
    call_record_url: input.recordUrl,
    record_file_id: null,
    record_duration: null,
    crm_entity_type: entity?.entityType ?? null,
    crm_entity_id: entity?.entityId ?? null,
    crm_activity_id: activityId,
    // A call of no application (a webhook's) has neither id nor name (B9 revised).
    rest_app_id: call.app_id,
    rest_app_name: app?.name ?? '',
    transcript_id: null,
    call_log: null,
    session_id: null,
    redial_attempt: null,
    comment: null,
  });

  await tx.callEvents.add(
    ...viewers.map((userId) => ({
      call_id: row.call_id,
      at: now,
      kind: 'card_hidden' as const,
      user_id: userId,
      detail: JSON.stringify({ by: 'finish' }),
    })),
    {
      call_id: row.call_id,
      at: now,
      kind: 'finished',
      user_id: finisher.id,
      detail: JSON.stringify({ duration: row.call_duration, status: row.call_status, failedCode: row.call_failed_code }),
    },
  );

  if (activityId !== null) await raise('ONCRMACTIVITYADD', { FIELDS: { ID: String(activityId) } }, finisher.id);
  // H15: every successful finish.
  await raise(
    'ONVOXIMPLANTCALLEND',
    {
      CALL_ID: row.call_id,
      CALL_TYPE: String(row.call_type),
      PHONE_NUMBER: row.phone_number,
      PORTAL_NUMBER: row.portal_number,
      PORTAL_USER_ID: String(row.portal_user_id),
      CALL_DURATION: String(row.call_duration),
      CALL_START_DATE: formatPortalDate(row.call_start_date * 1000, timeZone),
      COST: row.cost.toFixed(4),
      COST_CURRENCY: row.cost_currency,
      CALL_FAILED_CODE: row.call_failed_code,
      CALL_FAILED_REASON: row.call_failed_reason,
      CRM_ACTIVITY_ID: row.crm_activity_id === null ? '' : String(row.crm_activity_id),
    },
    finisher.id,
  );

  const addToChat = input.addToChat ?? call.add_to_chat === 1;
  if (addToChat) await notifyCallFinished(tx, { call, statistics: row, entityName: entity?.name ?? null, userId: finisher.id, now });

  return {
    CALL_ID: row.call_id,
    EXTERNAL_CALL_ID: row.external_call_id,
    PORTAL_USER_ID: row.portal_user_id,
    PHONE_NUMBER: row.phone_number,
    PORTAL_NUMBER: row.portal_number,
    INCOMING: String(row.call_type),
    CALL_DURATION: row.call_duration,
    // The reference prints the start date here as an empty object (E41); the ISO value is in the statistics.
    CALL_START_DATE: {},
    CALL_STATUS: row.call_status,
    CALL_VOTE: row.call_vote,
    COST: row.cost,
    COST_CURRENCY: row.cost_currency,
    CALL_FAILED_CODE: row.call_failed_code,
    CALL_FAILED_REASON: row.call_failed_reason,
    REST_APP_ID: restAppIdText(row.rest_app_id),
    REST_APP_NAME: row.rest_app_name,
    CRM_ACTIVITY_ID: row.crm_activity_id,
    COMMENT: null,
    CRM_ENTITY_TYPE: row.crm_entity_type,
    CRM_ENTITY_ID: row.crm_entity_id,
    ID: row.id,
  };
}

/** The call's line, else "REST_APP:<app id>" (F9); "REST_APP:" for a call of no application. */
function portalNumber(call: ActiveCallRow): string {
  return call.line_number ?? `REST_APP:${restAppIdText(call.app_id)}`;
}
