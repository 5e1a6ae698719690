import type { NearMiss } from '../../kernel/near-misses.js';
import { maskParams } from '../../kernel/params/masked-params.js';
import { formatPortalDate } from '../../kernel/portal-time.js';
import type { CallAuthRecord, RecordedCall } from './recorded-call.js';

/** One command of a journaled `batch` call. */
export interface JournalCommand {
  key: string;
  method: string;
  status: number;
  error: string | null;
  errorDescription: string | null;
  nearMisses: NearMiss[];
}

/** One REST call as the journal shows it: secrets masked, dated on the portal's clock in its zone. */
export interface JournalEntry {
  /** Increasing within the process: `after` pages and follows by it. */
  id: number;
  at: string;
  method: string;
  httpMethod: string;
  auth: CallAuthRecord;
  params: Record<string, unknown> | null;
  status: number;
  error: string | null;
  errorDescription: string | null;
  durationMs: number;
  nearMisses: NearMiss[];
  /** The answer was replayed for a repeated request id (A27). */
  retried: boolean;
  batch?: JournalCommand[];
}

export interface JournalQuery {
  /** A method name, in any letter case. */
  method?: string;
  /** Only calls answered with an error, or a batch with a failed command. */
  errors?: boolean;
  /** Only calls with a near miss (in the call or one of its batch commands). */
  nearMisses?: boolean;
  /** Only entries with a larger id. */
  after?: number;
  /** At most this many: the newest, or with `after` the first after it; all matching when absent. */
  limit?: number;
}

export type JournalListener = (entry: JournalEntry) => void;

/**
 * The last REST calls of this process, newest last: what a connector sent and what it got. Kept in
 * memory only; with several instances over one database each keeps its own. A ring: beyond
 * `capacity` the oldest entry goes.
 */
export class RequestJournal {
  private entries: JournalEntry[] = [];
  private nextId = 1;
  private readonly listeners = new Set<JournalListener>();

  /** Entries are dated by their call's arrival on the portal's clock, written in `timeZone`. */
  constructor(
    private readonly timeZone: string,
    readonly capacity: number,
  ) {}

  /** Keeps a finished call and tells the subscribers. */
  record(call: RecordedCall): JournalEntry {
    const entry = this.entryOf(call);
    if (this.capacity > 0) {
      this.entries.push(entry);
      // Dropping in chunks keeps the ring O(1) per call on average.
      if (this.entries.length > this.capacity + Math.ceil(this.capacity / 10)) this.entries = this.entries.slice(-this.capacity);
    }
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  list(query: JournalQuery = {}): JournalEntry[] {
    const kept = this.entries.length > this.capacity ? this.entries.slice(-this.capacity) : this.entries;
    const matching = kept.filter(journalFilter(query));
    if (query.limit === undefined) return matching;
    return query.after === undefined ? matching.slice(Math.max(0, matching.length - query.limit)) : matching.slice(0, query.limit);
  }

  /** Calls `listener` with every entry from now on; answers the unsubscribe. */
  subscribe(listener: JournalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many subscribers listen (followers of the admin API's stream among them). */
  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** Forgets every entry; ids keep increasing, so a follower's `after` stays valid. */
  clear(): void {
    this.entries = [];
  }

  private entryOf(call: RecordedCall): JournalEntry {
    const entry: JournalEntry = {
      id: this.nextId++,
      at: formatPortalDate(call.arrivedMs, this.timeZone),
      method: call.method,
      httpMethod: call.httpMethod,
      auth: { ...call.auth },
      params: call.params ? maskParams(call.params) : null,
      status: call.status,
      error: call.errorCode ?? call.authFailure,
      errorDescription: call.errorDescription,
      durationMs: Math.round(call.durationMs * 1000) / 1000,
      nearMisses: [...call.nearMisses],
      retried: call.retry,
    };
    if (call.batch) {
      entry.batch = call.batch.map((command) => ({
        key: command.key,
        method: command.method,
        status: command.status,
        error: command.errorCode,
        errorDescription: command.errorDescription,
        nearMisses: [...command.nearMisses],
      }));
    }
    return entry;
  }
}

/** The predicate of a query, without its `limit`; the follow stream applies it to new entries too. */
export function journalFilter(query: JournalQuery): (entry: JournalEntry) => boolean {
  const method = query.method?.toLowerCase();
  return (entry) =>
    (method === undefined || entry.method.toLowerCase() === method) &&
    (!query.errors || entry.status >= 400 || entry.error !== null || (entry.batch?.some((command) => command.error !== null) ?? false)) &&
    (!query.nearMisses || entry.nearMisses.length > 0 || (entry.batch?.some((command) => command.nearMisses.length > 0) ?? false)) &&
    (query.after === undefined || entry.id > query.after);
}
