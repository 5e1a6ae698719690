import type { Storage } from '../../storage/storage.js';

/**
 * Runs a piece of administration as one unit of work: every write of every service it calls
 * commits together, or, when it throws, none does (a seed file that fails half way leaves nothing).
 */
export class AtomicWork {
  constructor(private readonly storage: Storage) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    const unit = this.storage.holdUnit();
    let value: T;
    try {
      // The unit opens its transaction lazily, at the first transaction inside it: open it at once, so
      // that plain store writes (a users.add) join it too rather than commit on their own.
      value = await unit.run(() => this.storage.transaction(() => work()));
    } catch (error) {
      await unit.rollback();
      throw error;
    }
    await unit.commit(async () => {});
    return value;
  }
}
