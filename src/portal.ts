import type { Logger } from 'pino';
import { Dispatcher } from './dispatch/dispatcher.js';
import { OperatingTimeMeter } from './dispatch/operating-time.js';
import { MethodRegistry } from './dispatch/registry.js';
import { EventDeliverer } from './features/events/event-deliverer.js';
import { ALL_METHODS } from './features/methods.js';
import { createServices, type Services } from './features/services.js';
import { systemClock, type Clock } from './kernel/clock.js';
import type { ServerConfig } from './kernel/config.js';
import { openDatabase, type OpenDatabase } from './storage/database.js';
import { createStorage, type Storage } from './storage/storage.js';
import { buildApp, type HttpApp } from './transport/app.js';
import { MemoryRateLimiter, SharedRateLimiter } from './transport/rate-limiter.js';

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
  close(): Promise<void>;
}

/** Opens (and migrates) the database and builds the services, the dispatcher and the HTTP app on top. */
export async function createPortal(
  config: ServerConfig,
  options: { logger?: Logger | false; clock?: Clock; deliverEvents?: boolean; tls?: { cert: string; key: string } } = {},
): Promise<Portal> {
  const clock = options.clock ?? systemClock;
  const database = await openDatabase({ location: config.database, durability: config.durability, backgroundCheckpoints: true });
  const storage = storageOf(database);
  const services = createServices({ config, clock, storage });
  const now = () => clock.nowMs();
  const dispatcher = new Dispatcher(new MethodRegistry(ALL_METHODS), new OperatingTimeMeter(config.operatingLimitSeconds, now), services);
  const limit = config.rateLimit;
  // On PostgreSQL several instances may serve one portal: they share the buckets in the database.
  const rateLimiter = !limit
    ? null
    : database.dialect === 'postgres'
      ? new SharedRateLimiter(storage.rateBuckets, limit.burst, limit.drainPerSecond, now)
      : new MemoryRateLimiter(limit.burst, limit.drainPerSecond, now);
  const logger = options.logger ?? false;
  const app = await buildApp({ services, dispatcher, logger, rateLimiter });
  const tlsApp = options.tls ? await buildApp({ services, dispatcher, logger, https: options.tls, rateLimiter }) : null;
  const deliverer = new EventDeliverer(storage, services.identity, services.portal, config, options.logger || null);
  if (options.deliverEvents !== false) deliverer.start();
  return {
    app,
    services,
    database,
    storage,
    deliverer,
    tlsApp,
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

function storageOf(database: OpenDatabase): Storage {
  return createStorage(database.db, { groupCommits: database.dialect === 'sqlite' });
}
