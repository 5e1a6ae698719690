import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'kysely';
import type { Db } from './database.js';

/** What a unit of work holds open: stores bound to one transaction (the Storage of storage.ts). */
interface Stores {
  db: Db;
}

const ambient = new AsyncLocalStorage<HeldUnit<Stores>>();

/**
 * Units running now. When the last one ends the storage is disabled again: on Node 20 an enabled
 * AsyncLocalStorage keeps promise hooks on for every promise of the process, which costs calls without
 * a request id a quarter of their throughput; `run` enables it again for the next unit.
 */
let runningUnits = 0;

/** Thrown inside the real transaction to roll it back when the unit's work failed. */
class RollbackSignal extends Error {}

/**
 * A unit of work whose writes commit together with what `seal` writes at its end: the first
 * transaction opened inside it stays open, every later transaction and store access of the same
 * async context joins it, each top-level transaction in its own savepoint (so one that fails is
 * undone alone, as if it had been a transaction of its own). Used to keep a retried request's
 * answer in the same commit as the request's writes: after a crash either both exist or neither.
 *
 * The real transaction opens lazily, so a handler that fetches a URL before writing does not hold
 * the database while it waits.
 */
export class HeldUnit<Tx extends Stores> {
  private tx: Tx | null = null;
  private opening: Promise<Tx> | null = null;
  private closed = false;
  private savepoints = 0;
  private decide: ((commit: boolean) => void) | null = null;
  private finished: Promise<void> | null = null;
  private readonly onCommit: Array<() => void> = [];

  constructor(private readonly openTransaction: <T>(work: (tx: Tx) => Promise<T>) => Promise<T>) {}

  /** The open transaction's stores, while the unit holds one. */
  current(): Tx | null {
    return this.closed ? null : this.tx;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Runs `work` inside the unit: its transactions and store accesses join the unit's transaction. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    runningUnits++;
    try {
      return await ambient.run(this as HeldUnit<Stores>, work);
    } finally {
      if (--runningUnits === 0) ambient.disable();
    }
  }

  /** A top-level transaction inside the unit: a savepoint of the held transaction. */
  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const tx = await this.open();
    const name = sql.id(`held_${++this.savepoints}`);
    await sql`savepoint ${name}`.execute(tx.db);
    try {
      const value = await work(tx);
      await sql`release savepoint ${name}`.execute(tx.db);
      return value;
    } catch (error) {
      await sql`rollback to savepoint ${name}`.execute(tx.db);
      await sql`release savepoint ${name}`.execute(tx.db);
      throw error;
    }
  }

  /** Runs `fn` once the unit committed; dropped if it rolls back. */
  afterCommit(fn: () => void): void {
    this.onCommit.push(fn);
  }

  /** Ends the unit: `seal` runs in the held transaction (or a fresh one), then everything commits. */
  async commit(seal: (tx: Tx) => Promise<void>): Promise<void> {
    if (!this.tx && !this.opening) {
      this.closed = true;
      await this.openTransaction(seal);
    } else {
      const tx = await this.open();
      try {
        await seal(tx);
      } catch (error) {
        await this.rollback();
        throw error;
      }
      this.closed = true;
      this.decide!(true);
      await this.finished;
    }
    for (const fn of this.onCommit) fn();
  }

  /** Ends the unit without keeping anything it wrote. */
  async rollback(): Promise<void> {
    this.closed = true;
    if (!this.decide) return;
    this.decide(false);
    await this.finished!.catch(() => {});
  }

  private open(): Promise<Tx> {
    if (this.closed) return Promise.reject(new Error('the unit of work has ended'));
    this.opening ??= new Promise<Tx>((resolveOpened, rejectOpened) => {
      const decision = new Promise<boolean>((resolve) => (this.decide = resolve));
      this.finished = this.openTransaction(async (tx) => {
        this.tx = tx;
        resolveOpened(tx);
        if (!(await decision)) throw new RollbackSignal();
      }).catch((error: unknown) => {
        rejectOpened(error);
        if (!(error instanceof RollbackSignal)) throw error;
      });
      // Whoever ends the unit hears of a failed commit; this keeps an abandoned unit from crashing the process.
      this.finished.catch(() => {});
    });
    return this.opening;
  }
}

/** The unit of work the current async context runs in, if it is still open (its stores are of type `Tx`). */
export function currentUnit<Tx extends Stores>(): HeldUnit<Tx> | null {
  const unit = ambient.getStore() as HeldUnit<Tx> | undefined;
  return unit && unit.isOpen ? unit : null;
}

/** Runs `fn` when the current unit of work commits, or at once outside one. */
export function afterUnitCommit(fn: () => void): void {
  const unit = currentUnit();
  if (unit) unit.afterCommit(fn);
  else fn();
}
