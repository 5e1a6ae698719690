import { CompiledQuery, type Transaction } from 'kysely';
import type { CompiledStatements } from './compiled-statements.js';
import { JOURNALS_IN_MEMORY, JOURNALS_ON_DISK, type Db } from './database.js';
import type { Database } from './schema.js';

interface Pending<S> {
  work: (tx: S) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Runs in a transaction of its own, its statement journal on disk (runLarge). */
  large: boolean;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The statements around each unit, compiled once. */
const SAVEPOINT = CompiledQuery.raw('savepoint unit');
const RELEASE = CompiledQuery.raw('release savepoint unit');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint unit');

/** Most units of work committed together; bounds how long one group holds the database. */
const MAX_GROUP = 64;

/**
 * Group commit for SQLite: units of work that arrive while a transaction is running are run
 * together in the next one, each inside its own savepoint, and committed with a single COMMIT.
 * Every unit stays atomic (a failing one is rolled back to its savepoint alone), and no caller
 * hears of success before the COMMIT that made its writes durable.
 */
export class CommitGroup<S> {
  private readonly queue: Pending<S>[] = [];
  private draining = false;

  /** `statements` runs the savepoint statements, the way it runs the units' own. */
  constructor(
    private readonly db: Db,
    private readonly bind: (trx: Transaction<Database>) => S,
    private readonly statements: CompiledStatements,
  ) {}

  run<T>(work: (tx: S) => Promise<T>): Promise<T> {
    return this.enqueue(work, false);
  }

  /**
   * Like `run`, for work that may change much of the database (a wipe): it runs alone, after the
   * units queued before it, with its statement journal on disk instead of in memory.
   */
  runLarge<T>(work: (tx: S) => Promise<T>): Promise<T> {
    return this.enqueue(work, true);
  }

  private enqueue<T>(work: (tx: S) => Promise<T>, large: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject, large });
      if (!this.draining) {
        // Wait one turn of the event loop: requests read in the same turn queue up behind this one and
        // share its COMMIT. Starting at once made every group a group of one (the work is synchronous
        // SQLite, so nothing else could arrive while it ran).
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.nextGroup();
        let outcomes: Outcome[];
        try {
          outcomes = group[0]!.large ? await this.runWithJournalsOnDisk(group) : await this.runInTransaction(group);
        } catch (error) {
          // The COMMIT itself failed: nothing of the group was written.
          for (const item of group) item.reject(error);
          continue;
        }
        group.forEach((item, i) => {
          const outcome = outcomes[i]!;
          if (outcome.ok) item.resolve(outcome.value);
          else item.reject(outcome.error);
        });
      }
    } finally {
      this.draining = false;
    }
  }

  /** The next units to commit together: up to MAX_GROUP ordinary ones, or one large unit alone. */
  private nextGroup(): Pending<S>[] {
    if (this.queue[0]!.large) return this.queue.splice(0, 1);
    const firstLarge = this.queue.findIndex((item) => item.large);
    return this.queue.splice(0, Math.min(MAX_GROUP, firstLarge === -1 ? this.queue.length : firstLarge));
  }

  private runInTransaction(group: Pending<S>[]): Promise<Outcome[]> {
    return this.db.transaction().execute((trx) => this.runGroup(trx, group));
  }

  /**
   * A unit is request-sized and its journal is emptied at each release, so journals stay in memory; a
   * large unit's can grow as large as what it changes, so it goes to disk for that one transaction
   * (SQLite decides at BEGIN).
   */
  private async runWithJournalsOnDisk(group: Pending<S>[]): Promise<Outcome[]> {
    await this.statements.run(this.db, JOURNALS_ON_DISK);
    try {
      return await this.runInTransaction(group);
    } finally {
      await this.statements.run(this.db, JOURNALS_IN_MEMORY);
    }
  }

  private async runGroup(trx: Transaction<Database>, group: Pending<S>[]): Promise<Outcome[]> {
    const bound = this.bind(trx);
    const run = (statement: CompiledQuery) => this.statements.run(trx, statement);
    const outcomes: Outcome[] = [];
    for (const item of group) {
      await run(SAVEPOINT);
      try {
        const value = await item.work(bound);
        await run(RELEASE);
        outcomes.push({ ok: true, value });
      } catch (error) {
        await run(ROLLBACK_TO);
        await run(RELEASE);
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }
}
