import { existsSync, statSync } from 'node:fs';
import { defaultConfig } from '../kernel/config.js';
import type { Services } from '../features/services.js';
import { openServices } from '../portal.js';
import { isPostgresUrl, openDatabase } from '../storage/database.js';
import { CommandFailure } from './failure.js';
import { resolveStorage, type StorageOptions } from './options.js';

/** Runs `work` against the portal's data, the same database a running server uses. */
export async function withPortal<T>(options: StorageOptions, work: (services: Services) => Promise<T>): Promise<T> {
  const config = defaultConfig(resolveStorage(options, process.env));
  assertPortalExists(config.database, config.dataDir);
  const database = await openDatabase({ location: config.database });
  try {
    return await work(openServices(database, config));
  } finally {
    await database.close();
  }
}

/** Only `serve` creates a portal: a mistyped --data must not leave an empty one behind. */
function assertPortalExists(database: string, dataDir: string | null): void {
  if (isPostgresUrl(database) || database === ':memory:') return;
  if (existsSync(database) && statSync(database).isFile()) return;
  throw CommandFailure.of('NO_PORTAL', { path: dataDir ?? database });
}
