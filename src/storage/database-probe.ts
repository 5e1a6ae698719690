import { sql } from 'kysely';
import type { OpenDatabase } from './database.js';
import { MIGRATIONS } from './migrations/index.js';
import type { DialectName } from './migrations/migration.js';

/** What the health routes learn from the database: whether it answers and how far its schema is migrated. */
export interface DatabaseHealth {
  kind: DialectName;
  reachable: boolean;
  /** The last migration applied to this database; null when it could not be read. */
  migration: string | null;
  /** The last migration this build knows. */
  latestMigration: string;
}

/** Asks the database how it is, without ever throwing: a failure is an unreachable database. */
export interface DatabaseProbe {
  check(): Promise<DatabaseHealth>;
}

/** Kysely's own bookkeeping table: one row per applied migration. */
const MIGRATION_TABLE = 'kysely_migration';

/** The probe over an open database: a trivial query, then the newest applied migration's name. */
export function databaseProbe(database: Pick<OpenDatabase, 'db' | 'dialect'>): DatabaseProbe {
  const latestMigration = MIGRATIONS[MIGRATIONS.length - 1]!.name;
  return {
    async check() {
      try {
        await sql`select 1`.execute(database.db);
        const row = await database.db
          .withoutPlugins()
          .selectFrom(MIGRATION_TABLE as never)
          .select(sql<string>`max(name)`.as('name'))
          .executeTakeFirst();
        const migration = (row as { name?: string | null } | undefined)?.name ?? null;
        return { kind: database.dialect, reachable: true, migration, latestMigration };
      } catch {
        return { kind: database.dialect, reachable: false, migration: null, latestMigration };
      }
    },
  };
}
