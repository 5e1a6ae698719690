/** What a client sent that the portal did not use as sent. */
export type NearMissKind = 'ignored-parameter' | 'unknown-filter-field' | 'unknown-select-field' | 'coerced-value';

export interface NearMiss {
  kind: NearMissKind;
  /** The parameter as the client named it (`FILTER.PHONE`, `SHOW`, `DURATION`). */
  parameter: string;
  /** What happened to it, in a few words. */
  detail: string;
}

/**
 * Where the near misses of one recorded call (or batch command) go. It travels explicitly — in the
 * method context, and in the list queries services get — rather than in an AsyncLocalStorage: on
 * Node 20 an entered AsyncLocalStorage switches on promise hooks for the whole process, a cost every
 * call paid (~25% of register's throughput).
 */
export class NearMissNotes {
  /** The top-level parameter the method's reader fetched last: the value readers convert belongs to it. */
  lastRead: string | null = null;

  constructor(readonly misses: NearMiss[] = []) {}

  note(kind: NearMissKind, parameter: string, detail: string): void {
    this.misses.push({ kind, parameter, detail });
  }
}

/** Notes a near miss when the call is being recorded (`notes` given); a no-op otherwise. */
export function noteNearMiss(notes: NearMissNotes | null | undefined, kind: NearMissKind, parameter: string, detail: string): void {
  notes?.note(kind, parameter, detail);
}

/**
 * The notes of the parameter reader running now. Readers run synchronously (a method's `params`), so
 * a plain variable set around that call is enough for the value readers deep inside, which are not
 * handed the notes.
 */
let reading: NearMissNotes | null = null;

/** Runs the synchronous parameter reader `work` so that value conversions inside it land in `notes`. */
export function readingWith<T>(notes: NearMissNotes, work: () => T): T {
  const outer = reading;
  reading = notes;
  try {
    return work();
  } finally {
    reading = outer;
  }
}

/**
 * Notes that a value was read as something else than what was sent. Value readers do not know the
 * parameter's name: it is the one the method fetched last (see trackReads), else "?".
 */
export function noteCoercion(sent: unknown, detail: string): void {
  if (!reading) return;
  reading.note('coerced-value', reading.lastRead ?? '?', `${describe(sent)} ${detail}`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}\u2026` : value);
  return typeof value === 'object' ? typeof value : String(value);
}

/** Whether a reader runs for a recorded call: readers skip the work of describing a near miss otherwise. */
export function collectingNearMisses(): boolean {
  return reading !== null;
}

/**
 * A view of the top-level parameters that remembers which names were read (a value fetched, or an
 * `in` test). Listing the names (`Object.keys`, `hasOwnProperty`) alone does not count: readers test
 * presence and then fetch the value. The view answers exactly what the parameters answer.
 */
export function trackReads<T extends object>(params: T, notes: NearMissNotes): { view: T; read: Set<string>; release: () => void } {
  const read = new Set<string>();
  const view = new Proxy(params, {
    get(target, key, receiver) {
      if (typeof key === 'string') {
        read.add(key);
        notes.lastRead = key;
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
    notes.lastRead = null;
  };
  return { view, read, release };
}
