import type { CreateTableBuilder, Kysely } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** What a migration may need to know about the database it runs on. */
export interface MigrationContext {
  dialect: DialectName;
  /** Adds the auto-incrementing integer primary key `id` in the dialect's own way. */
  idColumn<T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'>;
}

export interface Migration {
  /** Sortable, never renamed once released. */
  name: string;
  up(db: Kysely<any>, context: MigrationContext): Promise<void>;
}
