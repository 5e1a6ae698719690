/** Work to do when the portal is reset: clear an in-memory cache, a journal, a set of switches. */
export type ResetHook = () => void | Promise<void>;

/** The list parts of the portal join to be cleared on reset; each gets a function to leave again. */
export class ResetHooks {
  private readonly hooks = new Set<ResetHook>();

  add(hook: ResetHook): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  /** Runs every hook, in the order they joined; one failing does not keep the others from running. */
  async runAll(): Promise<void> {
    const failures: unknown[] = [];
    for (const hook of this.hooks) {
      try {
        await hook();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
  }
}
