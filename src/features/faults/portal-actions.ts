import { unixSeconds, type Clock } from '../../kernel/clock.js';
import { restError } from '../../kernel/errors/rest-error.js';
import { hashSecret } from '../../kernel/secrets.js';
import type { Storage } from '../../storage/storage.js';
import type { PortalService } from '../platform/portal-service.js';
import type { UsersService } from '../users/users-service.js';
import type { ActionSpec } from './fault-spec.js';

/** Client ids of applications deleted from the portal: a setting, so it lasts as long as the data and goes with a reset. */
const DELETED_CLIENTS = 'deleted_app_client_ids';

/** What a one-time action did. */
export interface AppliedAction {
  applied: true;
  kind: ActionSpec['kind'];
  /** Token pairs touched (expire_token, revoke_token, delete_app). */
  tokens?: number;
  userId?: number;
  appId?: number;
}

/**
 * The one-time faults: changes of the portal's data that make the cloud's refusals appear the way
 * they do there — through the same paths an administrator's change takes (dismissal, uninstalling).
 */
export class PortalActions {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly users: UsersService,
    private readonly portal: PortalService,
    /** Checked credentials are remembered for a moment: a change of them must be seen at once. */
    private readonly forgetCredentials: () => void,
  ) {}

  async apply(spec: ActionSpec): Promise<AppliedAction> {
    const applied = await this.carryOut(spec);
    this.forgetCredentials();
    return applied;
  }

  /** Whether `clientId` was an application deleted from this portal (/oauth/token/ answers APPLICATION_NOT_FOUND). */
  async isDeletedClient(clientId: string): Promise<boolean> {
    return (await this.deletedClients()).includes(clientId);
  }

  private async carryOut(spec: ActionSpec): Promise<AppliedAction> {
    const now = unixSeconds(this.clock);
    switch (spec.kind) {
      case 'expire_token': {
        const hash = spec.token === undefined ? undefined : await this.knownTokenHash(spec.token);
        return { applied: true, kind: spec.kind, tokens: await this.storage.tokens.expireAccess(now, hash) };
      }
      case 'revoke_token': {
        const hash = spec.token === undefined ? undefined : await this.knownTokenHash(spec.token);
        return { applied: true, kind: spec.kind, tokens: await this.storage.tokens.remove({ accessHash: hash }) };
      }
      case 'dismiss_user':
        await this.knownUser(spec.userId);
        await this.users.setActive(spec.userId, false);
        return { applied: true, kind: spec.kind, userId: spec.userId };
      case 'extranet_user':
        await this.knownUser(spec.userId);
        // For real: user.get shows USER_TYPE "extranet" too.
        await this.storage.users.update(spec.userId, { user_type: 'extranet', timestamp_x: now });
        return { applied: true, kind: spec.kind, userId: spec.userId };
      case 'uninstall_app': {
        const app = await this.knownApp(spec.appId);
        // The administrator's uninstall: the application's event handlers go with it (H6).
        if (app.installed === 1) await this.portal.uninstallApp(app.id, { clean: spec.clean ?? false });
        return { applied: true, kind: spec.kind, appId: app.id };
      }
      case 'delete_app': {
        const app = await this.knownApp(spec.appId);
        if (app.installed === 1) await this.portal.uninstallApp(app.id);
        // Its tokens become tokens the portal never issued (invalid_token); its client id is remembered as deleted.
        const tokens = await this.storage.tokens.remove({ appId: app.id });
        const deleted = await this.deletedClients();
        if (!deleted.includes(app.client_id)) await this.storage.settings.set(DELETED_CLIENTS, JSON.stringify([...deleted, app.client_id]));
        return { applied: true, kind: spec.kind, appId: app.id, tokens };
      }
    }
  }

  private async deletedClients(): Promise<string[]> {
    const raw = await this.storage.settings.get(DELETED_CLIENTS);
    const list: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(list) ? list.filter((id): id is string => typeof id === 'string') : [];
  }

  private async knownTokenHash(token: string): Promise<string> {
    const hash = hashSecret(token);
    if (!(await this.storage.tokens.findByAccessHash(hash))) throw restError('FAULT_NO_TOKEN');
    return hash;
  }

  private async knownUser(userId: number): Promise<void> {
    if (!(await this.storage.users.findById(userId))) throw restError('FAULT_NO_USER', { userId });
  }

  private async knownApp(appId: number) {
    const app = await this.storage.apps.findById(appId);
    if (!app) throw restError('FAULT_NO_APP', { appId });
    return app;
  }
}
