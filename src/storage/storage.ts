import { PostgresAdapter } from 'kysely';
import type { Db, TransactionRunner } from './database.js';
import { CommitGroup } from './commit-group.js';
import { CompiledStatements } from './compiled-statements.js';
import { afterUnitCommit, currentUnit, HeldUnit } from './held-unit.js';
import { AppsStore } from './stores/apps-store.js';
import { OAuthTokensStore } from './stores/oauth-tokens-store.js';
import { SettingsStore } from './stores/settings-store.js';
import { UsersStore } from './stores/users-store.js';
import { WebhooksStore } from './stores/webhooks-store.js';
import { ActiveCallsStore } from './stores/active-calls-store.js';
import { CallStatisticsStore } from './stores/call-statistics-store.js';
import { RollupCounting } from './stores/hourly-rollup.js';
import { NotificationsStore } from './stores/notifications-store.js';
import { TelephonyLinesStore } from './stores/telephony-lines-store.js';
import { CrmActivitiesStore } from './stores/crm-activities-store.js';
import { CrmDictionariesStore } from './stores/crm-dictionaries-store.js';
import { CrmBindingsStore } from './stores/crm-bindings-store.js';
import { CrmEntitiesStore } from './stores/crm-entities-store.js';
import { CrmMultifieldsStore } from './stores/crm-multifields-store.js';
import { CrmTimelineStore } from './stores/crm-timeline-store.js';
import { CallCardsStore } from './stores/call-cards-store.js';
import { RecordingsStore } from './stores/recordings-store.js';
import { StoredFilesStore } from './stores/stored-files-store.js';
import { TranscriptsStore } from './stores/transcripts-store.js';
import { EventsStore } from './stores/events-store.js';
import { IdempotencyStore } from './stores/idempotency-store.js';
import { RateBucketsStore } from './stores/rate-buckets-store.js';
import { AppDataStore } from './stores/app-data-store.js';
import { ConsoleAccessStore } from './stores/console-access-store.js';
import { CallChartsStore } from './stores/call-statistics-charts-store.js';
import { CallEventsStore } from './stores/call-events-store.js';
import { ShownCardsStore } from './stores/shown-cards-store.js';
import { wipePortalData } from './portal-wipe.js';

/** The storage interface the features see: one store per aggregate, any supported database behind it. */
export interface Storage {
  users: UsersStore;
  apps: AppsStore;
  tokens: OAuthTokensStore;
  webhooks: WebhooksStore;
  settings: SettingsStore;
  activeCalls: ActiveCallsStore;
  statistics: CallStatisticsStore;
  lines: TelephonyLinesStore;
  notifications: NotificationsStore;
  crmEntities: CrmEntitiesStore;
  crmBindings: CrmBindingsStore;
  crmMultifields: CrmMultifieldsStore;
  crmActivities: CrmActivitiesStore;
  crmDictionaries: CrmDictionariesStore;
  crmTimeline: CrmTimelineStore;
  callCards: CallCardsStore;
  recordings: RecordingsStore;
  files: StoredFilesStore;
  transcripts: TranscriptsStore;
  events: EventsStore;
  idempotency: IdempotencyStore;
  rateBuckets: RateBucketsStore;
  appData: AppDataStore;
  consoleAccess: ConsoleAccessStore;
  callCharts: CallChartsStore;
  /** Each call's history (the console's call page). */
  callEvents: CallEventsStore;
  /** The cards shown right now, across all calls (the console's live view). */
  shownCards: ShownCardsStore;
  /** The Kysely handle these stores run on; stores of other features are built over it. */
  db: Db;
  /**
   * Runs `work` in one transaction, with stores bound to it: everything it writes commits together
   * or not at all. Nested calls join the outer transaction.
   */
  transaction<T>(work: (tx: Storage) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` once the writes made so far are committed: at once, or, inside a held unit of work,
   * when the unit commits (never, if it rolls back). Call it after your own transaction returned.
   */
  afterCommit(fn: () => void): void;
  /** A unit of work whose transactions commit together with its seal (see HeldUnit). */
  holdUnit(): HeldUnit<Storage>;
  /** Empties every data table in one transaction, back to a freshly migrated database (ids from 1 again). */
  wipeData(): Promise<void>;
}

export interface StorageOptions {
  /** Commit concurrent transactions together (SQLite: one writer, so grouping saves a commit each). */
  groupCommits?: boolean;
  /**
   * How many rows each cell of the charts' hourly rollup is spread over (default 1). Concurrent writers
   * (PostgreSQL) then update different rows instead of waiting on one row lock for each other's commit.
   */
  rollupStripes?: number;
  /** OpenDatabase.inTransaction: the hot statements run through it inside transactions. */
  inTransaction?: TransactionRunner | null;
}

export function createStorage(db: Db, options: StorageOptions = {}): Storage {
  // Shared by every transaction's stores: hot statements are compiled once per database.
  const shared: SharedByStores = {
    rollup: new RollupCounting(options.rollupStripes ?? 1, db.getExecutor().adapter instanceof PostgresAdapter),
    statements: new CompiledStatements(options.inTransaction ?? null),
  };
  const group = options.groupCommits ? new CommitGroup<Storage>(db, (trx) => bindStorage(trx, shared), shared.statements) : null;
  const transaction: Storage['transaction'] = (work) =>
    group ? group.run(work) : db.transaction().execute((trx) => work(bindStorage(trx, shared)));
  const largeTransaction: Storage['transaction'] = (work) => (group ? group.runLarge(work) : transaction(work));
  return routeToHeldUnit(buildStorage(db, transaction, shared, largeTransaction), transaction);
}

interface SharedByStores {
  rollup: RollupCounting;
  statements: CompiledStatements;
}

/** Stores bound to an open transaction; a transaction started on them joins it. */
function bindStorage(trx: Db, shared: SharedByStores): Storage {
  const storage: Storage = buildStorage(trx, (work) => work(storage), shared);
  return storage;
}

type StoreKey = Exclude<keyof Storage, 'transaction' | 'afterCommit' | 'holdUnit'>;

/**
 * The server's storage: inside a held unit of work, every store and transaction is the unit's;
 * elsewhere the plain ones. Services keep this one object and never need to know which.
 */
function routeToHeldUnit(base: Storage, realTransaction: Storage['transaction']): Storage {
  const routed = {
    transaction: (work) => {
      const unit = currentUnit<Storage>();
      return unit ? unit.transaction(work) : realTransaction(work);
    },
    afterCommit: afterUnitCommit,
    holdUnit: () => new HeldUnit(realTransaction),
  } as Storage;
  for (const key of Object.keys(base) as StoreKey[]) {
    if (key in routed) continue;
    Object.defineProperty(routed, key, { enumerable: true, get: () => (currentUnit<Storage>()?.current() ?? base)[key] });
  }
  return routed;
}

/** `largeTransaction`: for work that may change much of the database (commit-group.ts, runLarge). */
function buildStorage(
  db: Db,
  transaction: Storage['transaction'],
  shared: SharedByStores,
  largeTransaction: Storage['transaction'] = transaction,
): Storage {
  const { statements } = shared;
  return {
    users: new UsersStore(db, statements),
    apps: new AppsStore(db, statements),
    tokens: new OAuthTokensStore(db),
    webhooks: new WebhooksStore(db),
    settings: new SettingsStore(db),
    activeCalls: new ActiveCallsStore(db, statements),
    statistics: new CallStatisticsStore(db, shared.rollup, statements),
    lines: new TelephonyLinesStore(db),
    notifications: new NotificationsStore(db, statements),
    crmEntities: new CrmEntitiesStore(db, statements),
    crmBindings: new CrmBindingsStore(db),
    crmMultifields: new CrmMultifieldsStore(db, statements),
    crmActivities: new CrmActivitiesStore(db, statements),
    crmDictionaries: new CrmDictionariesStore(db),
    crmTimeline: new CrmTimelineStore(db, statements),
    callCards: new CallCardsStore(db, statements),
    recordings: new RecordingsStore(db),
    files: new StoredFilesStore(db),
    transcripts: new TranscriptsStore(db),
    events: new EventsStore(db),
    idempotency: new IdempotencyStore(db),
    rateBuckets: new RateBucketsStore(db),
    appData: new AppDataStore(db),
    consoleAccess: new ConsoleAccessStore(db),
    callCharts: new CallChartsStore(db),
    callEvents: new CallEventsStore(db, statements),
    shownCards: new ShownCardsStore(db),
    db,
    transaction,
    afterCommit: afterUnitCommit,
    holdUnit: () => new HeldUnit(transaction),
    wipeData: () => largeTransaction((tx) => wipePortalData(tx.db)),
  };
}
