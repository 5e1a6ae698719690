import type { Migration } from './migration.js';
import { portalMigration } from './001-portal.js';

/** Every schema migration, oldest first. Append only. */
export const MIGRATIONS: readonly Migration[] = [portalMigration];
