import { Writable } from 'node:stream';
import { defaultConfig, type ServerConfig } from '../../src/kernel/config.js';
import { seedDemoPortal } from '../../src/features/platform/demo-portal.js';
import { createPortal } from '../../src/portal.js';
import { createLogger } from '../../src/transport/logger.js';
import { TestClock, type TestPortal } from '../helpers/test-portal.js';

/** A tiny but real-looking MP3 (ID3 tag, then frames). */
export const MP3 = Buffer.concat([
  Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x0a', 'latin1'),
  Buffer.alloc(10),
  Buffer.from([0xff, 0xfb, 0x90, 0x64]),
  Buffer.alloc(2000, 7),
]);

/** The server's own logger, writing its JSON lines into memory. */
export function memoryLogger(level = 'trace') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((l) => l !== ''),
      );
      done();
    },
  });
  return { logger: createLogger(level, stream), lines, text: () => lines.join('\n') };
}

/** startTestPortal with a logger that keeps what the server logs. */
export async function startLoggedPortal(
  overrides: Partial<ServerConfig> = {},
): Promise<TestPortal & { logs: ReturnType<typeof memoryLogger> }> {
  const logs = memoryLogger();
  const clock = new TestClock();
  const config = defaultConfig({ database: ':memory:', timeZone: 'Europe/Berlin', rateLimit: null, ...overrides });
  const portal = await createPortal(config, { clock, logger: logs.logger });
  const demo = await seedDemoPortal(portal.services, 'http://127.0.0.1:8080');
  return { portal, demo, clock, webhookPath: new URL(demo.webhookUrl).pathname, close: () => portal.close(), logs };
}
