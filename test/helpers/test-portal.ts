import { defaultConfig, type ServerConfig } from '../../src/kernel/config.js';
import { seedDemoPortal, type DemoPortal } from '../../src/features/platform/demo-portal.js';
import { createPortal, type Portal } from '../../src/portal.js';
import type { Clock } from '../../src/kernel/clock.js';
import { createScratchPostgres } from './databases.js';

/** A clock tests can move forward. */
export class TestClock implements Clock {
  constructor(private ms = Date.UTC(2026, 2, 10, 10, 0, 0)) {}
  nowMs(): number {
    return this.ms;
  }
  advanceSeconds(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

export interface TestPortal {
  portal: Portal;
  demo: DemoPortal;
  clock: TestClock;
  /** Path of the demo webhook, e.g. /rest/1/abc/ */
  webhookPath: string;
  close(): Promise<void>;
}

/** An in-memory portal with the demo data, driven through Fastify's inject. */
export async function startTestPortal(overrides: Partial<ServerConfig> = {}, clock = new TestClock()): Promise<TestPortal> {
  // No rate limit unless a test asks for one: tests fire far more than 2 requests a second.
  const config = defaultConfig({ database: ':memory:', timeZone: 'Europe/Berlin', rateLimit: null, ...overrides });
  const portal = await createPortal(config, { clock });
  const demo = await seedDemoPortal(portal.services, 'http://127.0.0.1:8080');
  return {
    portal,
    demo,
    clock,
    webhookPath: new URL(demo.webhookUrl).pathname,
    close: () => portal.close(),
  };
}

/** `startTestPortal` on a scratch PostgreSQL database of its own; `close()` also drops the database. */
export async function startPostgresTestPortal(overrides: Partial<ServerConfig> = {}): Promise<TestPortal> {
  const scratch = await createScratchPostgres();
  const started = await startTestPortal({ ...overrides, database: scratch.url });
  return {
    ...started,
    close: async () => {
      await started.close();
      await scratch.drop();
    },
  };
}
