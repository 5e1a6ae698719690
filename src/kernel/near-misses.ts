import { AsyncLocalStorage } from 'node:async_hooks';

/** What a client sent that the portal did not use as sent. */
export type NearMissKind = 'ignored-parameter' | 'unknown-filter-field' | 'unknown-select-field' | 'coerced-value';

export interface NearMiss {
  kind: NearMissKind;
  /** The parameter as the client named it (`FILTER.PHONE`, `SHOW`, `DURATION`). */
  parameter: string;
  /** What happened to it, in a few words. */
  detail: string;
}

interface Collector {
  misses: NearMiss[];
  /** The top-level parameter the method's reader fetched last: the value readers convert belongs to it. */
  lastRead: string | null;
}

/** The collector of the call being served; nothing is kept when no call is being recorded. */
const current = new AsyncLocalStorage<Collector>();

/** Runs `work` so that near misses noted inside it (and in what it awaits) land in `into`. */
export function collectNearMisses<T>(into: NearMiss[], work: () => T): T {
  return current.run({ misses: into, lastRead: null }, work);
}

/** Notes a near miss of the call being served; a no-op outside one. */
export function noteNearMiss(kind: NearMissKind, parameter: string, detail: string): void {
  current.getStore()?.misses.push({ kind, parameter, detail });
}

/**
 * Notes that a value was read as something else than what was sent. Value readers do not know the
 * parameter's name: it is the one the method fetched last (see trackReads), else "?".
 */
export function noteCoercion(sent: unknown, detail: string): void {
  const collector = current.getStore();
  if (!collector) return;
  collector.misses.push({ kind: 'coerced-value', parameter: collector.lastRead ?? '?', detail: `${describe(sent)} ${detail}` });
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === 'object' ? typeof value : String(value);
}

/** Whether a call is being recorded: readers skip the work of describing a near miss otherwise. */
export function collectingNearMisses(): boolean {
  return current.getStore() !== undefined;
}

/**
 * A view of the top-level parameters that remembers which names were read (a value fetched, or an
 * `in` test). Listing the names (`Object.keys`, `hasOwnProperty`) alone does not count: readers test
 * presence and then fetch the value. The view answers exactly what the parameters answer.
 */
export function trackReads<T extends object>(params: T): { view: T; read: Set<string>; release: () => void } {
  const read = new Set<string>();
  const collector = current.getStore();
  const view = new Proxy(params, {
    get(target, key, receiver) {
      if (typeof key === 'string') {
        read.add(key);
        if (collector) collector.lastRead = key;
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      if (typeof key === 'string') read.add(key);
      return Reflect.has(target, key);
    },
  });
  // After the reader: later conversions (in services) are not this parameter's.
  const release = () => {
    if (collector) collector.lastRead = null;
  };
  return { view, read, release };
}
