import type { Storage } from '../../storage/storage.js';
import type { PortalIdentityService } from '../events/portal-identity.js';
import type { DemoPortal } from '../platform/demo-portal.js';
import { ResetHooks, type ResetHook } from './reset-hooks.js';

/** Fills an emptied portal and describes it (the demo portal, or the seed it was started with). */
export type PortalSeeder = (baseUrl: string) => Promise<DemoPortal | null>;

export interface ResetOptions {
  /** Leave the portal empty instead of seeding it again. */
  empty?: boolean;
}

/**
 * Puts the portal back to how it started, for test suites that want a clean portal per test: the
 * data is wiped in one transaction, every in-memory cache that remembered it is cleared, and the
 * starting data goes back in. The clock is left alone: a test may reset the data at a moment it chose.
 */
export class PortalControl {
  private readonly resetHooks = new ResetHooks();
  private seeder: PortalSeeder;
  /** Resets run one at a time: a second waits for the first and then does its own. */
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly storage: Storage,
    private readonly identity: PortalIdentityService,
    defaultSeeder: PortalSeeder,
  ) {
    this.seeder = defaultSeeder;
  }

  /** Runs `hook` on every reset, after the data is wiped and before the portal is seeded again; answers a function that unregisters it. */
  onReset(hook: ResetHook): () => void {
    return this.resetHooks.add(hook);
  }

  /** How a reset fills the portal again: by default the demo portal; a portal started from a seed uses that seed. */
  seedWith(seeder: PortalSeeder): void {
    this.seeder = seeder;
  }

  /** Answers the description of the portal as seeded again, or null when left empty. */
  reset(options: ResetOptions = {}): Promise<DemoPortal | null> {
    const done = this.running.then(() => this.resetNow(options));
    this.running = done.catch(() => {});
    return done;
  }

  private async resetNow({ empty = false }: ResetOptions): Promise<DemoPortal | null> {
    // The address clients use is a setting too: carried over the wipe, so events and token answers keep it.
    const baseUrl = await this.identity.portalUrl();
    await this.storage.wipeData();
    this.identity.forget();
    await this.resetHooks.runAll();
    await this.identity.rememberBaseUrl(baseUrl);
    return empty ? null : this.seeder(baseUrl);
  }
}
