import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DeliveryAttempt } from '../features/events/delivery-attempts.js';
import { ALL_METHODS } from '../features/methods.js';
import type { PortalGauges } from '../storage/portal-gauges.js';
import type { CallRecord } from './call-record.js';

/** The label of calls to a method the portal does not have (or of requests nothing served): keeps the label set bounded. */
const UNKNOWN_METHOD = 'unknown';
/** Every method name, lower case → as documented. */
const KNOWN_METHODS = new Map(ALL_METHODS.map((method) => [method.name.toLowerCase(), method.name]));

/** REST answers: a few milliseconds for most, up to seconds for a RECORD_URL download or a large batch. */
const CALL_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Single queries: most well under a millisecond on SQLite. */
const QUERY_BUCKETS_SECONDS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/**
 * The metrics of one portal, in a registry of its own (several portals may run in one process under
 * test; the global default registry is never used). Counters are fed as things happen; the gauges read
 * the database when scraped.
 */
export class PortalMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'status' | 'error'>;
  private readonly callDuration: Histogram<'method'>;
  private readonly queryDuration: Histogram;
  private readonly deliveries: Counter;
  private readonly deliveryFailures: Counter<'given_up'>;
  private gauges: PortalGauges | null = null;
  private processMetrics = false;

  constructor() {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'extcall_rest_requests_total',
      help: 'REST calls answered, by method, HTTP status and error code ("" for success)',
      labelNames: ['method', 'status', 'error'],
      registers,
    });
    this.callDuration = new Histogram({
      name: 'extcall_rest_request_duration_seconds',
      help: 'Time from a REST call arriving to its answer, by method',
      labelNames: ['method'],
      buckets: CALL_BUCKETS_SECONDS,
      registers,
    });
    this.queryDuration = new Histogram({
      name: 'extcall_db_query_duration_seconds',
      help: 'Time each database query took',
      buckets: QUERY_BUCKETS_SECONDS,
      registers,
    });
    this.deliveries = new Counter({ name: 'extcall_event_deliveries_total', help: 'Events their handler accepted', registers });
    this.deliveryFailures = new Counter({
      name: 'extcall_event_delivery_failures_total',
      help: 'Failed event delivery attempts; given_up="true" when no attempt follows',
      labelNames: ['given_up'],
      registers,
    });
    const gauge = (name: string, help: string, read: (gauges: PortalGauges) => Promise<number>) =>
      new Gauge({ name, help, registers, collect: async () => this.setFromStorage(name, read) });
    gauge('extcall_active_calls', 'Calls registered and not finished', (g) => g.activeCalls());
    gauge('extcall_shown_call_cards', 'Call cards shown to users (one per call and user)', (g) => g.shownCards());
    gauge('extcall_event_queue_depth', 'Events waiting to be delivered', (g) => g.pendingEvents());
  }

  private async setFromStorage(name: string, read: (gauges: PortalGauges) => Promise<number>): Promise<void> {
    if (!this.gauges) return;
    const metric = this.registry.getSingleMetric(name) as Gauge;
    metric.set(await read(this.gauges));
  }

  /** Where the gauges read their values when scraped. */
  readGaugesFrom(gauges: PortalGauges): void {
    this.gauges = gauges;
  }

  observeCall(record: CallRecord): void {
    const method = KNOWN_METHODS.get(record.resolvedMethod) ?? UNKNOWN_METHOD;
    this.requests.inc({ method, status: String(record.status), error: record.errorCode ?? '' });
    this.callDuration.observe({ method }, record.durationMs / 1000);
  }

  observeQuery(durationMs: number): void {
    this.queryDuration.observe(durationMs / 1000);
  }

  observeDelivery(attempt: DeliveryAttempt): void {
    if (attempt.delivered) this.deliveries.inc();
    else this.deliveryFailures.inc({ given_up: attempt.nextAttemptAt === null ? 'true' : 'false' });
  }

  /** The text a scrape gets. Process metrics start with the first scrape: a portal nobody scrapes pays nothing for them. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    if (!this.processMetrics) {
      this.processMetrics = true;
      collectDefaultMetrics({ register: this.registry });
    }
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
