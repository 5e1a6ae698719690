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
  /** The Kysely handle these stores run on; stores of other features are built over it. */
  db: Db;
  /**
   * Runs `work` in one transaction, with stores bound to it: everything it writes commits together
   * or not at all. Nested calls join the outer transaction.
   */
  transaction<T>(work: (tx: Storage) => Promise<T>): Promise<T>;
}

export function createStorage(db: Db, inTransaction = false): Storage {
  const storage: Storage = {
    users: new UsersStore(db),
    apps: new AppsStore(db),
    tokens: new OAuthTokensStore(db),
    webhooks: new WebhooksStore(db),
    settings: new SettingsStore(db),
    db,
    transaction: (work) =>
      inTransaction ? work(storage) : db.transaction().execute((trx) => work(createStorage(trx, true))),
  };
  return storage;
}
