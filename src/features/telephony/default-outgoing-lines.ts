import type { Storage } from '../../storage/storage.js';
import { adminError, PortalAdminError } from '../../kernel/errors/admin-error.js';
import { OUTGOING_WEBHOOK_APP_ID, type AppRow, type EventBindingRow } from '../../storage/schema.js';
import { LEGACY_WEBHOOK_APP_CLIENT_ID } from '../platform/portal-service.js';

/** The event a click on a phone number raises (H11). */
export const CLICK_TO_CALL_EVENT = 'ONEXTERNALCALLSTART';

/** What a click-to-call dials through (H11 revised): an application, or an outgoing webhook bound to ONEXTERNALCALLSTART. */
export type OutgoingLine = { kind: 'app'; app: AppRow } | { kind: 'outgoing-webhook'; binding: EventBindingRow };

/** A line as an administrator names it. */
export type OutgoingLineChoice = { app: number } | { outgoingWebhook: number };

const PORTAL_KEY = 'default_outgoing_line';
const settingKey = (userId?: number) => (userId === undefined ? PORTAL_KEY : `${PORTAL_KEY}:user:${userId}`);

/**
 * The default line for outgoing calls (H11): one for the portal, and one of a user's own that wins
 * over it. Kept in the portal settings as "app:<id>" or "outgoing-webhook:<id>".
 */
export class DefaultOutgoingLines {
  constructor(private readonly storage: Storage) {}

  /** Makes `choice` the portal's default line, or with `userId` that user's own. */
  async set(choice: OutgoingLineChoice, userId?: number): Promise<OutgoingLine> {
    const line = await this.line(choice);
    if (userId !== undefined && !(await this.storage.users.findById(userId))) throw adminError('NO_USER', { userId });
    await this.storage.settings.set(
      settingKey(userId),
      'app' in choice ? `app:${choice.app}` : `outgoing-webhook:${choice.outgoingWebhook}`,
    );
    return line;
  }

  /** Forgets the portal's default (or the user's own): the portal falls back to its only telephony app. */
  async clear(userId?: number): Promise<void> {
    await this.storage.settings.set(settingKey(userId), '');
  }

  /** The choice as stored, whether or not what it names still exists. */
  async get(userId?: number): Promise<OutgoingLineChoice | null> {
    const match = /^(app|outgoing-webhook):(\d+)$/.exec((await this.storage.settings.get(settingKey(userId))) ?? '');
    if (!match) return null;
    return match[1] === 'app' ? { app: Number(match[2]) } : { outgoingWebhook: Number(match[2]) };
  }

  /**
   * The line `userId`'s click dials through: `explicit` when given, else the user's own default, else
   * the portal's, else the only installed telephony application. A default whose app was uninstalled
   * or whose webhook was deleted no longer counts, as the portal would reset it.
   */
  async forUser(userId: number, explicit?: OutgoingLineChoice): Promise<OutgoingLine> {
    if (explicit) return this.line(explicit);
    for (const choice of [await this.get(userId), await this.get()]) {
      if (!choice) continue;
      const line = await this.line(choice).catch((error: unknown) => {
        if (error instanceof PortalAdminError) return null;
        throw error;
      });
      if (line) return line;
    }
    const candidates = await installedTelephonyApps(this.storage);
    if (candidates.length !== 1) {
      throw adminError('NO_DEFAULT_LINE');
    }
    return { kind: 'app', app: candidates[0]! };
  }

  /** What `choice` names, checked: an installed app, or an outgoing webhook bound to ONEXTERNALCALLSTART. */
  async line(choice: OutgoingLineChoice): Promise<OutgoingLine> {
    if ('app' in choice) {
      const app = await this.storage.apps.findById(choice.app);
      if (!app || app.installed !== 1) throw adminError('NO_INSTALLED_APP', { appId: choice.app });
      return { kind: 'app', app };
    }
    const binding = await this.storage.events.findBinding(choice.outgoingWebhook);
    if (!binding || binding.app_id !== OUTGOING_WEBHOOK_APP_ID || binding.event !== CLICK_TO_CALL_EVENT) {
      throw adminError('NO_CLICK_TO_CALL_WEBHOOK', { id: choice.outgoingWebhook });
    }
    return { kind: 'outgoing-webhook', binding };
  }
}

/** Installed applications with the telephony scope: the candidates when no line is named. */
export async function installedTelephonyApps(storage: Storage): Promise<AppRow[]> {
  return (await storage.apps.all()).filter(
    (a) => a.installed === 1 && a.scopes.split(',').includes('telephony') && a.client_id !== LEGACY_WEBHOOK_APP_CLIENT_ID,
  );
}
