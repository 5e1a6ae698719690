import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type ServerConfig } from '../../src/kernel/config.js';
import { seedDemoPortal, type DemoPortal } from '../../src/features/platform/demo-portal.js';
import { createPortal, type Portal } from '../../src/portal.js';
import { loadTlsMaterial } from '../../src/transport/tls.js';
import type { Clock } from '../../src/kernel/clock.js';

/** Real time that a test can move forward, e.g. to expire tokens on the server only. */
export class ShiftableClock implements Clock {
  private shiftMs = 0;
  nowMs(): number {
    return Date.now() + this.shiftMs;
  }
  advanceSeconds(seconds: number): void {
    this.shiftMs += seconds * 1000;
  }
}

export interface RealServer {
  portal: Portal;
  demo: DemoPortal;
  clock: ShiftableClock;
  httpUrl: string;
  httpsUrl: string;
  /** The self-signed certificate clients must trust. */
  cert: string;
  /** The demo webhook on the HTTPS listener. */
  httpsWebhookUrl: string;
  close(): Promise<void>;
}

/** A portal listening on real ports, plain and TLS, as a client library meets it. */
export async function startRealServer(overrides: Partial<ServerConfig> = {}): Promise<RealServer> {
  const dir = mkdtempSync(join(tmpdir(), 'extcall-clients-'));
  const tls = await loadTlsMaterial({ certFile: null, keyFile: null, dataDir: dir, host: '127.0.0.1' });
  const clock = new ShiftableClock();
  const config = defaultConfig({ database: ':memory:', timeZone: 'Europe/Berlin', rateLimit: null, ...overrides });
  const portal = await createPortal(config, { clock, tls });
  await portal.app.listen({ port: 0, host: '127.0.0.1' });
  await portal.tlsApp!.listen({ port: 0, host: '127.0.0.1' });
  const httpUrl = `http://127.0.0.1:${(portal.app.server.address() as AddressInfo).port}`;
  const httpsUrl = `https://127.0.0.1:${(portal.tlsApp!.server.address() as AddressInfo).port}`;
  // Clients are pointed at HTTPS, as `extcall serve` does with both listeners.
  await portal.storage.settings.set('base_url', httpsUrl);
  const demo = await seedDemoPortal(portal.services, httpsUrl);
  return {
    portal,
    demo,
    clock,
    httpUrl,
    httpsUrl,
    cert: tls.cert,
    httpsWebhookUrl: demo.webhookUrl,
    close: async () => {
      await portal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
