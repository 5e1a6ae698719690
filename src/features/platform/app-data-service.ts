import { unixSeconds, type Clock } from '../../kernel/clock.js';
import { restError } from '../../kernel/errors/rest-error.js';
import type { PlacementRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import { availablePlacements, USER_MODE_PLACEMENTS } from './placements.js';

/** A widget handler as placement.bind takes it. */
export interface PlacementInput {
  placement: string;
  handler: string;
  title: string;
  description: string;
  groupName: string;
  langAll: Record<string, unknown>;
  options: Record<string, unknown>;
  userId: number;
}

/** What applications keep on the portal: app.option.*, user.option.* and placement.*. */
export class AppDataService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  /** All options of the application (`userId` 0) or of one of its users, or one of them (null when not set). */
  async options(appId: number, userId: number, name: string | null): Promise<unknown> {
    const rows = await this.storage.appData.options(appId, userId);
    const all = Object.fromEntries(rows.map((row) => [row.name, JSON.parse(row.value) as unknown]));
    if (name === null) return rows.length === 0 ? [] : all;
    return Object.hasOwn(all, name) ? all[name] : null;
  }

  async setOptions(appId: number, userId: number, values: Record<string, unknown>): Promise<void> {
    await this.storage.transaction((tx) =>
      tx.appData.setOptions(
        appId,
        userId,
        Object.entries(values).map(([name, value]) => [name.slice(0, 255), JSON.stringify(value)] as const),
      ),
    );
  }

  /** placement.bind: a placement open to the application's scopes; binding the same handler twice keeps one. */
  async bind(appId: number, scopes: ReadonlySet<string>, input: PlacementInput): Promise<boolean> {
    if (!availablePlacements(scopes).includes(input.placement)) throw restError('PLACEMENT_NOT_FOUND');
    if (input.userId !== 0 && !USER_MODE_PLACEMENTS.has(input.placement)) throw restError('PLACEMENT_USER_MODE');
    return this.storage.transaction(async (tx) => {
      const existing = await tx.appData.placements(appId);
      const same = existing.some((p) => p.placement === input.placement && p.handler === input.handler && p.user_id === input.userId);
      if (same) return true;
      await tx.appData.insertPlacement({
        app_id: appId,
        placement: input.placement,
        handler: input.handler,
        user_id: input.userId,
        title: input.title,
        description: input.description,
        group_name: input.groupName,
        lang_all: JSON.stringify(input.langAll),
        options: JSON.stringify(input.options),
        created_at: unixSeconds(this.clock),
      });
      return true;
    });
  }

  /** placement.unbind: removes the matching handlers; the count the reference describes (2 per removed handler). */
  async unbind(appId: number, placement: string, handler: string | null, userId: number | null): Promise<{ count: number }> {
    const removed = await this.storage.transaction((tx) => tx.appData.deletePlacements(appId, placement, handler, userId));
    return { count: removed * 2 };
  }

  async placements(appId: number) {
    return (await this.storage.appData.placements(appId)).map(presentPlacement);
  }
}

/** An empty PHP array prints as [] (A21). */
function phpObject(json: string): unknown {
  const value = JSON.parse(json) as Record<string, unknown>;
  return Object.keys(value).length === 0 ? [] : value;
}

function presentPlacement(row: PlacementRow) {
  return {
    placement: row.placement,
    userId: row.user_id,
    handler: row.handler,
    options: phpObject(row.options),
    title: row.title,
    description: row.description,
    langAll: phpObject(row.lang_all),
  };
}
