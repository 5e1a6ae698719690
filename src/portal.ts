import type { Logger } from 'pino';
import { Dispatcher } from './dispatch/dispatcher.js';
import { OperatingTimeMeter } from './dispatch/operating-time.js';
import { MethodRegistry } from './dispatch/registry.js';
import { EventDeliverer } from './features/events/event-deliverer.js';
import { ALL_METHODS } from './features/methods.js';
import { createServices, type Services } from './features/services.js';
import { controllableClock, systemClock, type Clock, type ControllableClock } from './kernel/clock.js';
import type { ServerConfig } from './kernel/config.js';
import { openDatabase, type OpenDatabase } from './storage/database.js';
import { createStorage, type Storage } from './storage/storage.js';
import { buildApp, type HttpApp } from './transport/app.js';
import { MemoryRateLimiter, SharedRateLimiter } from './transport/rate-limiter.js';
import { PortalMetrics } from './transport/portal-metrics.js';
import { databaseProbe } from './storage/database-probe.js';
import { portalGauges } from './storage/portal-gauges.js';

/** A running portal: its database, services and HTTP app, ready to listen or be injected. The composition root. */
export interface Portal {
  app: HttpApp;
  services: Services;
  database: OpenDatabase;
  /** The stores over the database (tests and the composition root; handlers go through the services). */
  storage: Storage;
  /** Sends queued events to their handlers in the background. */
  deliverer: EventDeliverer;
  /** The same portal over TLS, when a certificate was given. */
  tlsApp: HttpApp | null;
  /** The portal's clock (the same object as `services.clock`): advance, set, freeze or restore it. */
  clock: ControllableClock;
  close(): Promise<void>;
}

/** Opens (and migrates) the database and builds the services, the dispatcher and the HTTP app on top. */
export async function createPortal(
  config: ServerConfig,
  options: {
    logger?: Logger | false;
    /** 'system' (default): the machine's time; 'manual': frozen at the start until moved; or a clock of the caller's. */
    clock?: 'system' | 'manual' | Clock;
    deliverEvents?: boolean;
    tls?: { cert: string; key: string };
  } = {},
): Promise<Portal> {
  const clock = controllableClock(options.clock);
  // Made first: it times the queries from the first one on.
  const metrics = config.metrics ? new PortalMetrics() : null;
  const database = await openDatabase({
    location: config.database,
    durability: config.durability,
    backgroundCheckpoints: true,
    onQueryTime: metrics ? (ms) => metrics.observeQuery(ms) : undefined,
  });
  metrics?.readGaugesFrom(portalGauges(database.db));
  const observability = { probe: databaseProbe(database), metrics };
  const storage = storageOf(database);
  const services = createServices({ config, clock, storage });
  const now = () => clock.nowMs();
  // The meter's window is reported in answers (time.operating_reset_at): it is dated by the portal's clock.
  const meter = new OperatingTimeMeter(config.operatingLimitSeconds, now);
  const dispatcher = new Dispatcher(new MethodRegistry(ALL_METHODS), meter, services);
  const limit = config.rateLimit;
  // The rate limit guards the process against floods as they happen: its buckets drain in real time (the
  // clock's base, never shifted), so a frozen portal clock cannot keep them full and an advanced one cannot empty them.
  const wallNow = () => clock.machineTime();
  // On PostgreSQL several instances may serve one portal: they share the buckets in the database.
  const rateLimiter = !limit
    ? null
    : database.dialect === 'postgres'
      ? new SharedRateLimiter(storage.rateBuckets, limit.burst, limit.drainPerSecond, wallNow)
      : new MemoryRateLimiter(limit.burst, limit.drainPerSecond, wallNow);
  const logger = options.logger ?? false;
  const app = await buildApp({ services, dispatcher, logger, rateLimiter, observability });
  const tlsApp = options.tls ? await buildApp({ services, dispatcher, logger, https: options.tls, rateLimiter, observability }) : null;
  const deliverer = new EventDeliverer(storage, services.identity, services.portal, config, clock, options.logger || null);
  deliverer.faults = services.faults;
  services.deliveries.wakeWith(() => deliverer.wake());
  if (metrics) deliverer.attempts.subscribe((attempt) => metrics.observeDelivery(attempt));
  services.control.onReset(() => {
    meter.clear();
    rateLimiter?.clear();
    deliverer.forgetTokens();
  });
  if (options.deliverEvents !== false) deliverer.start();
  return {
    app,
    services,
    database,
    storage,
    deliverer,
    tlsApp,
    clock,
    async close() {
      await deliverer.stop();
      await app.close();
      await tlsApp?.close();
      await services.retrySafety.stop();
      await database.close();
    },
  };
}

/** Services over an open database, without HTTP (the CLI's administration commands use this). */
export function openServices(database: OpenDatabase, config: ServerConfig, clock: Clock = systemClock): Services {
  return createServices({ config, clock, storage: storageOf(database) });
}

/** PostgreSQL: enough stripes that the concurrent finishes of two instances' pools rarely share a rollup row. */
const POSTGRES_ROLLUP_STRIPES = 16;

function storageOf(database: OpenDatabase): Storage {
  const sqlite = database.dialect === 'sqlite';
  return createStorage(database.db, {
    groupCommits: sqlite,
    rollupStripes: sqlite ? 1 : POSTGRES_ROLLUP_STRIPES,
    inTransaction: database.inTransaction,
  });
}
