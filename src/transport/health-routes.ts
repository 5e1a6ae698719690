import type { FastifyInstance } from 'fastify';
import type { DatabaseHealth, DatabaseProbe } from '../storage/database-probe.js';
import { packageVersion } from '../infra/package-version.js';
import { ADMIN_PREFIX } from './admin/index.js';

/** The body of /_extcall/health and /_extcall/health/ready. */
export interface HealthReport {
  status: 'ok' | 'unavailable';
  /** Why the portal is not ready; absent when it is. */
  reason?: 'database-unreachable' | 'database-not-migrated';
  version: string;
  database: DatabaseHealth;
  uptimeSeconds: number;
}

/** Ready: the database answers and has every migration this build knows. */
export function healthReport(database: DatabaseHealth, startedPerf: number): HealthReport {
  const reason = !database.reachable
    ? 'database-unreachable'
    : database.migration !== database.latestMigration
      ? 'database-not-migrated'
      : undefined;
  return {
    status: reason ? 'unavailable' : 'ok',
    ...(reason ? { reason } : {}),
    version: packageVersion(),
    database,
    uptimeSeconds: Math.floor((performance.now() - startedPerf) / 1000),
  };
}

/**
 * The open health routes: `health` reports, `health/live` answers while the process serves,
 * `health/ready` answers 503 (same body, with the reason) until the database answers and is migrated.
 */
export function registerHealthRoutes(app: FastifyInstance, probe: DatabaseProbe): void {
  const startedPerf = performance.now();
  app.get(`${ADMIN_PREFIX}/health`, async () => healthReport(await probe.check(), startedPerf));
  app.get(`${ADMIN_PREFIX}/health/live`, async () => ({ status: 'ok' }));
  app.get(`${ADMIN_PREFIX}/health/ready`, async (_request, reply) => {
    const report = healthReport(await probe.check(), startedPerf);
    return reply.code(report.status === 'ok' ? 200 : 503).send(report);
  });
}
