import pino, { type Logger } from 'pino';
import { redactUrl } from './credentials.js';

/** The server's logger: JSON lines on stderr, URLs with webhook codes and tokens masked. */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      serializers: {
        req: (req: { method?: string; url?: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url ?? ''), remoteAddress: req.ip }),
      },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '***' },
    },
    pino.destination(2),
  );
}
