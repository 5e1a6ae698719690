import type { Db } from './database.js';
import { AppsStore } from './stores/apps-store.js';
import { OAuthTokensStore } from './stores/oauth-tokens-store.js';
import { SettingsStore } from './stores/settings-store.js';
import { UsersStore } from './stores/users-store.js';
import { WebhooksStore } from './stores/webhooks-store.js';

/** The storage interface the domain sees: one store per aggregate, any supported database behind it. */
export interface Storage {
  users: UsersStore;
  apps: AppsStore;
  tokens: OAuthTokensStore;
  webhooks: WebhooksStore;
  settings: SettingsStore;
}

export function createStorage(db: Db): Storage {
  return {
    users: new UsersStore(db),
    apps: new AppsStore(db),
    tokens: new OAuthTokensStore(db),
    webhooks: new WebhooksStore(db),
    settings: new SettingsStore(db),
  };
}
