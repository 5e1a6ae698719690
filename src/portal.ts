import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ServerConfig } from './config.js';
import { createServices, type Services } from './domain/services.js';
import { ALL_METHODS } from './methods/index.js';
import { MethodRegistry } from './rest/registry.js';
import { buildApp } from './server/app.js';
import { MemoryRateLimiter, SharedRateLimiter } from './server/rate-limiter.js';
import { openDatabase, type OpenDatabase } from './storage/database.js';
import { createStorage } from './storage/storage.js';
import { systemClock, type Clock } from './util/clock.js';
import { EventDeliverer } from './domain/events/event-deliverer.js';

/** A running portal: its database, domain services and HTTP app, ready to listen or be injected. */
export interface Portal {
  app: FastifyInstance;
  services: Services;
  database: OpenDatabase;
  /** Sends queued events to their handlers in the background. */
  deliverer: EventDeliverer;
  /** The same portal over TLS, when a certificate was given. */
  tlsApp: FastifyInstance | null;
  close(): Promise<void>;
}

/** Opens (and migrates) the database and builds the services and the HTTP app on top. */
export async function createPortal(
  config: ServerConfig,
  options: { logger?: Logger | false; clock?: Clock; deliverEvents?: boolean; tls?: { cert: string; key: string } } = {},
): Promise<Portal> {
  const database = await openDatabase({ location: config.database, durability: config.durability, backgroundCheckpoints: true });
  const services = await openServices(database, config, options.clock ?? systemClock);
  const limit = config.rateLimit;
  const now = () => services.clock.nowMs();
  // On PostgreSQL several instances may serve one portal: they share the buckets in the database.
  const rateLimiter = !limit
    ? null
    : database.dialect === 'postgres'
      ? new SharedRateLimiter(services.storage.rateBuckets, limit.burst, limit.drainPerSecond, now)
      : new MemoryRateLimiter(limit.burst, limit.drainPerSecond, now);
  const app = await buildApp({ services, logger: options.logger ?? false, rateLimiter });
  const tlsApp = options.tls ? await buildApp({ services, logger: options.logger ?? false, https: options.tls, rateLimiter }) : null;
  const deliverer = new EventDeliverer(services.storage, services.events, services.portal, config, options.logger || null);
  if (options.deliverEvents !== false) deliverer.start();
  return {
    app,
    services,
    database,
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
export async function openServices(database: OpenDatabase, config: ServerConfig, clock: Clock = systemClock): Promise<Services> {
  const registry = new MethodRegistry(ALL_METHODS);
  return createServices({ config, clock, storage: createStorage(database.db, { groupCommits: database.dialect === 'sqlite' }), registry });
}
