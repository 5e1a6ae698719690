import pino, { type DestinationStream, type Logger } from 'pino';
import { createRequire } from 'node:module';
import type PinoPrettyFactory from 'pino-pretty';
import type { ServerConfig } from '../kernel/config.js';
import { redactUrl } from './credentials.js';

/** How log lines are written (see ServerConfig.logFormat). */
export type LogFormat = ServerConfig['logFormat'];

/**
 * The server's logger, on stderr (or `destination`): JSON lines, or human-readable ones on a terminal
 * (`auto`) or when asked (`pretty`). URLs with webhook codes and tokens are masked either way.
 */
export function createLogger(level: string, destination?: DestinationStream, format: LogFormat = 'auto'): Logger {
  return pino(
    {
      level,
      serializers: {
        req: (req: { method?: string; url?: string; ip?: string }) => ({
          method: req.method,
          url: redactUrl(req.url ?? ''),
          remoteAddress: req.ip,
        }),
      },
      // Also the headers @fastify/multipart logs at trace level.
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.headers.authorization', '*.headers.cookie'], censor: '***' },
    },
    destination ?? stderrStream(format),
  );
}

function stderrStream(format: LogFormat): DestinationStream {
  const pretty = format === 'pretty' || (format === 'auto' && process.stderr.isTTY === true);
  if (!pretty) return pino.destination(2);
  // In-process and synchronous: no worker thread, and nothing lost when the process exits. Loaded only for
  // a terminal: servers writing JSON logs do not pay for it at start.
  const PinoPretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPrettyFactory;
  return PinoPretty({
    destination: 2,
    sync: true,
    colorize: process.stderr.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
}
