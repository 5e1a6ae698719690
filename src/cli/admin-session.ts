import { defaultConfig } from '../kernel/config.js';
import type { Services } from '../features/services.js';
import { openServices } from '../portal.js';
import { openDatabase } from '../storage/database.js';
import { resolveStorage, type StorageOptions } from './options.js';

/** Runs `work` against the portal's data, the same database a running server uses. */
export async function withPortal<T>(options: StorageOptions, work: (services: Services) => Promise<T>): Promise<T> {
  const config = defaultConfig(resolveStorage(options, process.env));
  const database = await openDatabase({ location: config.database });
  try {
    return await work(openServices(database, config));
  } finally {
    await database.close();
  }
}
