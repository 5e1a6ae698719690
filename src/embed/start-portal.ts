import { join } from 'node:path';
import { applySeed } from '../features/seeding/apply-seed.js';
import { loadSeedFile } from '../features/seeding/load-seed-file.js';
import { validateSeed, type PortalSeed } from '../features/seeding/seed-document.js';
import type { FaultSwitches } from '../features/faults/fault-switches.js';
import type { JournalEntry, JournalQuery } from '../features/requests/request-journal.js';
import type { Delivery, DeliveryQuery } from '../features/events/event-deliveries.js';
import { seedDemoPortal, type DemoPortal } from '../features/platform/demo-portal.js';
import { defaultConfig, DEFAULT_RATE_LIMIT } from '../kernel/config.js';
import { createPortal, type Portal } from '../portal.js';
import { createLogger } from '../transport/logger.js';
import { listen } from '../transport/app.js';
import { embeddedClock, type PortalClock } from './portal-clock.js';

/** The database file inside `data`, as `extcall serve --data` names it. */
const DATABASE_FILE = 'extcall.sqlite';

export interface StartPortalOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Address to listen on; default 127.0.0.1. */
  host?: string;
  /** A directory for the SQLite database and recordings; by default everything stays in memory. */
  data?: string;
  /** A `postgres://` URL instead of SQLite. */
  database?: string;
  /** Apply the cloud's request-rate limit (50 requests, draining 2 a second); off by default. */
  limits?: boolean;
  /** The starting data: a seed object, or the path of a seed file (JSON or YAML). Default: the demo portal. */
  seed?: PortalSeed | string;
  /** 'system' (default): the machine's time, movable; 'manual': frozen at the start until moved. */
  clock?: 'system' | 'manual';
  /** Log level of the portal's log on stderr: 'silent' (default), 'error', 'warn', 'info', 'debug'. */
  logLevel?: string;
}

/** A running portal, as a test suite sees it. `reset()` updates the credentials in place. */
export interface RunningPortal {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** The incoming webhook of the starting data, e.g. `http://127.0.0.1:<port>/rest/1/<code>/`. */
  webhookUrl: string;
  /** The installed application of the starting data, with a fresh token pair. */
  app: DemoPortal['app'];
  users: DemoPortal['users'];
  clock: PortalClock;
  /** The failure switches (`/_extcall/faults`). */
  faults: FaultSwitches;
  /** The REST calls the portal answered, oldest first (secrets masked). */
  requests(query?: JournalQuery): JournalEntry[];
  /** The events queued for handlers with their delivery state, oldest first (the newest 100 unless `limit` says otherwise). */
  events(query?: DeliveryQuery): Promise<Delivery[]>;
  /** A one-time link that signs a browser into the web console as `userId` (default: the first administrator). */
  consoleLink(userId?: number): Promise<string>;
  /** Back to the starting data (or empty); the clock is left as it is. */
  reset(options?: { empty?: boolean }): Promise<void>;
  /** Stops listening and closes the database; nothing is left running. */
  close(): Promise<void>;
}

/**
 * Starts a portal for a test suite: in memory unless told otherwise, on a free loopback port, with the
 * demo data (or the given seed). Event handlers and recording URLs on loopback addresses are allowed,
 * since the receivers of a test run locally. Several portals may run in one process; each has its own
 * database, clock and port, and `close()` leaves no timer or socket behind.
 */
export async function startPortal(options: StartPortalOptions = {}): Promise<RunningPortal> {
  const seed = typeof options.seed === 'string' ? await loadSeedFile(options.seed) : options.seed ? validateSeed(options.seed) : null;
  const host = options.host ?? '127.0.0.1';
  const config = defaultConfig({
    database: options.database ?? (options.data ? join(options.data, DATABASE_FILE) : ':memory:'),
    dataDir: options.data ?? null,
    host,
    port: options.port ?? 0,
    logLevel: options.logLevel ?? 'silent',
    rateLimit: options.limits ? { ...DEFAULT_RATE_LIMIT } : null,
    allowPrivateEventHandlers: true,
    allowPrivateRecordUrls: true,
    // Metrics are for a served portal's scraper; a test's portal has no use for them.
    metrics: false,
  });
  const logger = config.logLevel === 'silent' ? false : createLogger(config.logLevel);
  const portal = await createPortal(config, { logger, clock: options.clock ?? 'system' });
  try {
    const port = await listen(portal.app, config.port, host);
    const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const { services } = portal;
    await services.identity.rememberBaseUrl(baseUrl);
    const seedPortal = (url: string) => (seed ? applySeed(services, seed, url) : seedDemoPortal(services, url));
    services.control.seedWith(seedPortal);
    // A directory or database used before starts over from the starting data, like a fresh one.
    const described = (await services.users.all()).length > 0 ? await services.control.reset() : await seedPortal(baseUrl);
    return runningPortal(portal, baseUrl, described!);
  } catch (error) {
    await portal.close();
    throw error;
  }
}

function runningPortal(portal: Portal, baseUrl: string, described: DemoPortal): RunningPortal {
  const { services } = portal;
  const running: RunningPortal = {
    baseUrl,
    webhookUrl: described.webhookUrl,
    app: { ...described.app },
    users: [...described.users],
    clock: embeddedClock(portal.clock),
    faults: services.faults,
    requests: (query) => services.journal.list(query),
    events: (query) => services.deliveries.list(query),
    async consoleLink(userId) {
      const { token } = await services.consoleAccess.createSignIn(userId);
      return `${baseUrl}/console/sign-in?token=${token}`;
    },
    async reset(options = {}) {
      const fresh = await services.control.reset(options);
      // In place, down to the app and the user list: a test holding `portal.app` sees the new tokens too.
      running.webhookUrl = fresh?.webhookUrl ?? '';
      running.users.splice(0, running.users.length, ...(fresh?.users ?? []));
      if (fresh) Object.assign(running.app, fresh.app);
    },
    close: () => portal.close(),
  };
  return running;
}
