import pino, { type DestinationStream, type Logger } from 'pino';
import { redactUrl } from './credentials.js';

/** The server's logger: JSON lines on stderr (or `destination`), URLs with webhook codes and tokens masked. */
export function createLogger(level: string, destination: DestinationStream = pino.destination(2)): Logger {
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
    destination,
  );
}
