import { PortalAdminError } from '../portal/portal-service.js';
import type { Storage } from '../../storage/storage.js';
import type { AppRow } from '../../storage/schema.js';
import { readablePhoneDigits } from '../../util/phone.js';
import type { CrmEntityType } from '../crm/crm-types.js';
import type { EventsService } from '../events/events-service.js';
import type { CallsService } from './calls-service.js';

/**
 * Calls the portal starts itself, which a UI would trigger: a click on a phone number in the CRM
 * (ONEXTERNALCALLSTART, H11) and a submitted callback form (ONEXTERNALCALLBACKSTART, H12).
 */
export class PortalInitiatedCalls {
  constructor(
    private readonly storage: Storage,
    private readonly calls: CallsService,
    private readonly events: EventsService,
  ) {}

  /** Registers an outgoing call for `userId` with the telephony app, then tells that app to dial (H11). */
  async clickToCall(input: { userId: number; phone: string; appId?: number; crmEntity?: { type: CrmEntityType; id: number } | null }) {
    const phone = input.phone.trim();
    if (readablePhoneDigits(phone) === null) throw new PortalAdminError(`"${phone}" is not a phone number`);
    const app = await this.telephonyApp(input.appId);
    const line = (await this.storage.lines.forApp(app.id))[0] ?? null;
    const registered = await this.calls.register(
      {
        app,
        user: { userId: input.userId },
        phoneNumber: phone,
        type: 1,
        startAt: Math.floor(Date.now() / 1000),
        // A click dials a number the CRM already knows, or one typed in: no lead is created for it.
        crmCreate: false,
        crmSource: null,
        crmEntity: input.crmEntity ?? null,
        show: true,
        addToChat: true,
        callListId: null,
        lineNumber: line?.number ?? null,
        externalCallId: null,
        reuseRecent: false,
      },
      // The event is queued with the call it announces: both exist or neither does.
      (tx, call) =>
        this.events.raise(
          tx,
          'ONEXTERNALCALLSTART',
          {
            PHONE_NUMBER: phone,
            PHONE_NUMBER_INTERNATIONAL: `+${readablePhoneDigits(phone)}`,
            EXTENSION: '',
            USER_ID: String(input.userId),
            CALL_LIST_ID: '0',
            LINE_NUMBER: line?.number ?? '',
            IS_MOBILE: '0',
            CALL_ID: call.CALL_ID,
            CRM_ENTITY_TYPE: call.CRM_ENTITY_TYPE ?? '',
            CRM_ENTITY_ID: call.CRM_ENTITY_ID === null ? '' : String(call.CRM_ENTITY_ID),
          },
          input.userId,
          app.id,
        ),
    );
    return { appId: app.id, ...registered };
  }

  /** A callback request for the app's line (H12): the app registers the call itself. */
  async callback(input: { phone: string; text?: string; appId?: number; crmEntity?: { type: CrmEntityType; id: number } | null }) {
    const phone = input.phone.trim();
    if (readablePhoneDigits(phone) === null) throw new PortalAdminError(`"${phone}" is not a phone number`);
    const app = await this.telephonyApp(input.appId);
    const line = (await this.storage.lines.forApp(app.id))[0] ?? null;
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
        app.id,
        // H12: outgoing webhooks may subscribe to callback requests too.
        true,
      ),
    );
    return { appId: app.id };
  }

  /** The app given, else the only installed app with the telephony scope. */
  private async telephonyApp(appId: number | undefined): Promise<AppRow> {
    if (appId !== undefined) {
      const app = await this.storage.apps.findById(appId);
      if (!app || app.installed !== 1) throw new PortalAdminError(`no installed application with id ${appId}`);
      return app;
    }
    const candidates = (await this.storage.apps.all()).filter((a) => a.installed === 1 && a.scopes.split(',').includes('telephony') && a.client_id !== 'webhook');
    if (candidates.length !== 1) throw new PortalAdminError('name the telephony application with --app (the portal has none or several)');
    return candidates[0]!;
  }
}
