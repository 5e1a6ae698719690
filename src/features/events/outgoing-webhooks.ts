import type { ServerConfig } from '../../kernel/config.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import { adminError } from '../../kernel/errors/admin-error.js';
import { isHttpUrl } from '../../kernel/http-url.js';
import { randomHex } from '../../kernel/secrets.js';
import { OUTGOING_WEBHOOK_APP_ID } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import { EVENT_SCOPES } from './event-catalogue.js';
import type { EventQueue } from './event-queue.js';
import { handlerRefusal } from './handler-policy.js';

/**
 * Events an outgoing webhook may not receive: ONAPPTEST is for the app testing, ONAPPUNINSTALL for
 * the application uninstalled (B16). (ONEXTERNALCALLSTART it may: it then gets click-to-calls when it
 * is the chosen outgoing line, H11 revised.)
 */
const NOT_FOR_OUTGOING_WEBHOOKS = new Set(['ONAPPTEST', 'ONAPPUNINSTALL']);

/**
 * Outgoing webhooks (H5): an event posted to a handler with only the portal's identity and a token
 * of the webhook's own. ONEXTERNALCALLSTART reaches one only as the chosen outgoing line (H11 revised).
 */
export class OutgoingWebhooks {
  constructor(
    private readonly storage: Storage,
    private readonly queue: EventQueue,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
  ) {}

  async add(
    event: string,
    handler: string,
    /** The CLI runs without the server's configuration: it says itself whether local handlers are fine. */
    allowPrivate = this.config.allowPrivateEventHandlers,
  ): Promise<{ id: number; event: string; handler: string; applicationToken: string }> {
    const code = event.trim().toUpperCase();
    if (!EVENT_SCOPES[code] || NOT_FOR_OUTGOING_WEBHOOKS.has(code)) {
      const allowed = Object.keys(EVENT_SCOPES).filter((e) => !NOT_FOR_OUTGOING_WEBHOOKS.has(e));
      throw adminError('EVENT_NOT_FOR_OUTGOING_WEBHOOKS', { event: code, events: allowed.join(', ') });
    }
    const url = handler.trim();
    if (!isHttpUrl(url)) throw adminError('HANDLER_NOT_HTTP');
    const refusal = await handlerRefusal(url, allowPrivate);
    if (refusal)
      throw refusal.kind === 'not-a-url'
        ? adminError('HANDLER_REFUSED_INVALID')
        : adminError('HANDLER_REFUSED_PRIVATE', { reason: refusal.reason });
    const token = randomHex(16);
    const row = await this.storage.events.bind({
      app_id: OUTGOING_WEBHOOK_APP_ID,
      event: code,
      handler: url,
      auth_type: 0,
      offline: 0,
      created_at: unixSeconds(this.clock),
      outgoing_token: token,
    });
    this.queue.forgetBindings();
    return { id: row.id, event: code, handler: url, applicationToken: token };
  }

  async list(): Promise<Array<{ id: number; event: string; handler: string }>> {
    return (await this.storage.events.bindingsOfApp(OUTGOING_WEBHOOK_APP_ID)).map((b) => ({
      id: b.id,
      event: b.event,
      handler: b.handler,
    }));
  }

  async delete(id: number): Promise<void> {
    const binding = await this.storage.events.findBinding(id);
    if (!binding || binding.app_id !== OUTGOING_WEBHOOK_APP_ID) throw adminError('NO_OUTGOING_WEBHOOK', { id });
    await this.storage.events.unbind([id]);
    this.queue.forgetBindings();
  }
}
