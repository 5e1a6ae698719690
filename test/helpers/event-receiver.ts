import http from 'node:http';
import type { AddressInfo } from 'node:net';
import qs from 'qs';

export interface ReceivedEvent {
  contentType: string | undefined;
  /** Path and query the handler was called at. */
  path: string;
  raw: string;
  /** The body decoded the way a PHP handler sees $_POST. */
  fields: Record<string, any>;
}

/**
 * A real HTTP event handler on 127.0.0.1. `answer` decides the status of each request (default 200);
 * returning null holds the request open until the receiver closes.
 */
export class EventReceiver {
  readonly received: ReceivedEvent[] = [];
  answer: (event: ReceivedEvent) => number | null = () => 200;
  private server: http.Server | null = null;
  private waiters: Array<() => void> = [];
  port = 0;

  /** Listens on `port` (0: any free port). */
  async listen(port = this.port): Promise<this> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const event = { contentType: req.headers['content-type'], path: req.url ?? '', raw, fields: qs.parse(raw) as Record<string, any> };
        this.received.push(event);
        for (const wake of this.waiters.splice(0)) wake();
        const status = this.answer(event);
        if (status === null) return;
        res.statusCode = status;
        res.end(status === 200 ? 'ok' : 'failed');
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/handler`;
  }

  /** Stops listening: connections to the port are refused until `listen` again. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  /** Resolves with the received events once `count` of them matched `which`. */
  async waitFor(count: number, which: (event: ReceivedEvent) => boolean = () => true, timeoutMs = 15_000): Promise<ReceivedEvent[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.received.filter(which);
      if (matching.length >= count) return matching;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`waited for ${count} events, got ${matching.length}: ${this.received.map((e) => e.fields.event).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

export const ofEvent = (code: string) => (event: ReceivedEvent) => event.fields.event === code;
