import { adminError } from '../../kernel/errors/admin-error.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import type { Storage } from '../../storage/storage.js';
import { type AppRow, type CrmEntityType, OUTGOING_WEBHOOK_APP_ID } from '../../storage/schema.js';
import { readablePhoneDigits } from '../../kernel/phone.js';
import type { EventQueue } from '../events/event-queue.js';
import type { OutgoingWebhooks } from '../events/outgoing-webhooks.js';
import type { CallsService } from './calls-service.js';
import { NO_APP_ID } from './call-owner.js';
import {
  CLICK_TO_CALL_EVENT,
  installedTelephonyApps,
  type DefaultOutgoingLines,
  type OutgoingLineChoice,
} from './default-outgoing-lines.js';

/**
 * Calls the portal starts itself, which a UI would trigger: a click on a phone number in the CRM
 * (ONEXTERNALCALLSTART, H11) and a submitted callback form (ONEXTERNALCALLBACKSTART, H12).
 */
export class PortalInitiatedCalls {
  constructor(
    private readonly storage: Storage,
    private readonly calls: CallsService,
    private readonly events: EventQueue,
    private readonly outgoingWebhooks: OutgoingWebhooks,
    private readonly defaultLines: DefaultOutgoingLines,
    private readonly clock: Clock,
  ) {}

  /**
   * Registers an outgoing call for `userId` on the line the click dials through (the one named, else
   * the default, H11), then tells that line's app or outgoing webhook to dial, and no one else.
   */
  async clickToCall(input: {
    userId: number;
    phone: string;
    appId?: number;
    outgoingWebhookId?: number;
    crmEntity?: { type: CrmEntityType; id: number } | null;
  }) {
    const phone = input.phone.trim();
    if (readablePhoneDigits(phone) === null) throw adminError('NOT_A_PHONE_NUMBER', { phone });
    if (input.appId !== undefined && input.outgoingWebhookId !== undefined) throw adminError('ONE_LINE_ONLY');
    const explicit: OutgoingLineChoice | undefined =
      input.appId !== undefined
        ? { app: input.appId }
        : input.outgoingWebhookId !== undefined
          ? { outgoingWebhook: input.outgoingWebhookId }
          : undefined;
    const line = await this.defaultLines.forUser(input.userId, explicit);
    // An outgoing webhook's call belongs to no application, like a call an incoming webhook registers (B9 revised).
    const app = line.kind === 'app' ? line.app : null;
    const lineNumber = (await this.storage.lines.forApp(app?.id ?? NO_APP_ID))[0]?.number ?? null;
    const registered = await this.calls.register(
      {
        app,
        user: { userId: input.userId },
        phoneNumber: phone,
        type: 1,
        startAt: unixSeconds(this.clock),
        // A click dials a number the CRM already knows, or one typed in: no lead is created for it.
        crmCreate: false,
        crmSource: null,
        crmEntity: input.crmEntity ?? null,
        show: true,
        addToChat: true,
        callListId: null,
        lineNumber,
        externalCallId: null,
        reuseRecent: false,
      },
      // The event is queued with the call it announces: both exist or neither does.
      (tx, call) => {
        const data = {
          PHONE_NUMBER: phone,
          PHONE_NUMBER_INTERNATIONAL: `+${readablePhoneDigits(phone)}`,
          EXTENSION: '',
          USER_ID: String(input.userId),
          CALL_LIST_ID: '0',
          LINE_NUMBER: lineNumber ?? '',
          IS_MOBILE: '0',
          CALL_ID: call.CALL_ID,
          CRM_ENTITY_TYPE: call.CRM_ENTITY_TYPE ?? '',
          CRM_ENTITY_ID: call.CRM_ENTITY_ID === null ? '' : String(call.CRM_ENTITY_ID),
        };
        return line.kind === 'app'
          ? this.events.raise(tx, CLICK_TO_CALL_EVENT, data, input.userId, line.app.id)
          : this.events.raiseTo(tx, line.binding, CLICK_TO_CALL_EVENT, data, input.userId);
      },
    );
    return { appId: app?.id ?? null, outgoingWebhookId: line.kind === 'outgoing-webhook' ? line.binding.id : null, ...registered };
  }

  /**
   * A callback request (H12): to the telephony app named (else the only one) and to every outgoing
   * webhook bound to it; with no telephony app, to the outgoing webhooks alone. The receiver registers the call.
   */
  async callback(input: { phone: string; text?: string; appId?: number; crmEntity?: { type: CrmEntityType; id: number } | null }) {
    const phone = input.phone.trim();
    if (readablePhoneDigits(phone) === null) throw adminError('NOT_A_PHONE_NUMBER', { phone });
    const app = await this.callbackApp(input.appId);
    if (!app && (await this.outgoingWebhooks.list()).every((hook) => hook.event !== 'ONEXTERNALCALLBACKSTART')) {
      throw adminError('NO_CALLBACK_RECEIVER');
    }
    const line = (await this.storage.lines.forApp(app?.id ?? NO_APP_ID))[0] ?? null;
    await this.storage.transaction((tx) =>
      this.events.raise(
        tx,
        'ONEXTERNALCALLBACKSTART',
        {
          PHONE_NUMBER: phone,
          TEXT: input.text ?? '',
          VOICE: '',
          CRM_ENTITY_TYPE: input.crmEntity?.type ?? '',
          CRM_ENTITY_ID: input.crmEntity ? String(input.crmEntity.id) : '',
          LINE_NUMBER: line?.number ?? '',
        },
        0,
        app?.id ?? OUTGOING_WEBHOOK_APP_ID,
        // H12: outgoing webhooks may subscribe to callback requests too.
        true,
      ),
    );
    return { appId: app?.id ?? null };
  }

  /** The app given, else the only installed telephony app; none at all is fine (outgoing webhooks only). */
  private async callbackApp(appId: number | undefined): Promise<AppRow | null> {
    if (appId !== undefined) {
      const app = await this.storage.apps.findById(appId);
      if (!app || app.installed !== 1) throw adminError('NO_INSTALLED_APP', { appId });
      return app;
    }
    const candidates = await installedTelephonyApps(this.storage);
    if (candidates.length > 1) throw adminError('SEVERAL_TELEPHONY_APPS', { appIds: candidates.map((app) => app.id).join(', ') });
    return candidates[0] ?? null;
  }
}
