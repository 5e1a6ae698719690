import type { Storage } from '../../storage/storage.js';
import type { AuthContext } from '../../kernel/auth-context.js';

const SETTING = 'overload_block';
/** How long a read of the switch is trusted: the CLI may flip it from another process. */
const REMEMBER_MS = 2000;

/** What the switch blocks: nothing, every caller, or the listed applications. */
export type OverloadTarget = { all: true } | { all: false; appIds: number[] };

/**
 * The manual OVERLOAD_LIMIT block (C8): an administrator makes every call of the portal, or of some
 * applications, answer OVERLOAD_LIMIT until the block is lifted.
 */
export class OverloadSwitch {
  private cached: { target: OverloadTarget; readAtMs: number } | null = null;

  constructor(private readonly storage: Storage) {}

  async blocks(auth: AuthContext): Promise<boolean> {
    const target = await this.target();
    return target.all || (auth.app !== null && target.appIds.includes(auth.app.id));
  }

  async target(): Promise<OverloadTarget> {
    // Freshness of a cache in this process: wall time, not the portal's (possibly frozen) clock.
    const now = Date.now();
    if (this.cached && now - this.cached.readAtMs < REMEMBER_MS) return this.cached.target;
    const raw = (await this.storage.settings.get(SETTING)) ?? '';
    const target: OverloadTarget = raw === 'all' ? { all: true } : { all: false, appIds: raw.split(',').filter(Boolean).map(Number) };
    this.cached = { target, readAtMs: now };
    return target;
  }

  /** The setting may have changed underneath (a portal reset): read it again. */
  forget(): void {
    this.cached = null;
  }

  /** Blocks the whole portal (`appId` omitted) or one more application. */
  async block(appId?: number): Promise<void> {
    const current = await this.target();
    const value = appId === undefined || current.all ? 'all' : [...new Set([...current.appIds, appId])].join(',');
    await this.storage.settings.set(SETTING, value);
    this.cached = null;
  }

  /** Lifts the block of one application, or every block. */
  async lift(appId?: number): Promise<void> {
    const current = await this.target();
    // Lifting one application leaves a block of the whole portal in place.
    const value = appId === undefined ? '' : current.all ? 'all' : current.appIds.filter((id) => id !== appId).join(',');
    await this.storage.settings.set(SETTING, value);
    this.cached = null;
  }
}
