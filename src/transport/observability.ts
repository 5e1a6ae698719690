import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { DatabaseProbe } from '../storage/database-probe.js';
import { logFinishedCalls } from './call-log.js';
import { onCallFinished } from './call-record.js';
import { registerHealthRoutes } from './health-routes.js';
import type { PortalMetrics } from './portal-metrics.js';

/** Where the Prometheus text is served. */
export const METRICS_PATH = '/metrics';

/** What the HTTP app reports about the portal: its database's health and, unless turned off, its metrics. */
export interface Observability {
  probe: DatabaseProbe;
  /** null: metrics are off (`--no-metrics`), and `GET /metrics` answers 404 like any unknown path. */
  metrics: PortalMetrics | null;
}

/** The per-call log line, the health routes and `GET /metrics`, on one app (needs installCallRecords first). */
export function registerObservability(app: FastifyInstance, logger: Logger | false, { probe, metrics }: Observability): void {
  if (logger) logFinishedCalls(app, logger);
  registerHealthRoutes(app, probe);
  if (!metrics) return;
  onCallFinished(app, (record) => metrics.observeCall(record));
  // Open like the health routes: scrapers run on other hosts. `--no-metrics` turns it off.
  app.get(METRICS_PATH, async (_request, reply) => {
    const { contentType, body } = await metrics.scrape();
    return reply.type(contentType).send(body);
  });
}
