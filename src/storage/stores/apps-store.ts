import type { Insertable } from 'kysely';
import type { Db } from '../database.js';
import type { CompiledStatements } from '../compiled-statements.js';
import type { AppRow, AppsTable } from '../schema.js';

/** Applications (OAuth clients) installed on the portal. */
export class AppsStore {
  constructor(
    private readonly db: Db,
    private readonly statements: CompiledStatements,
  ) {}

  async insert(app: Insertable<AppsTable>): Promise<AppRow> {
    return this.db.insertInto('apps').values(app).returningAll().executeTakeFirstOrThrow();
  }

  async findById(id: number): Promise<AppRow | undefined> {
    return this.statements.first(this.db, 'apps.findById', id, (appId) => this.db.selectFrom('apps').selectAll().where('id', '=', appId));
  }

  async findByClientId(clientId: string): Promise<AppRow | undefined> {
    return this.db.selectFrom('apps').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  }

  async setInstalled(id: number, installed: boolean): Promise<void> {
    await this.db
      .updateTable('apps')
      .set({ installed: installed ? 1 : 0 })
      .where('id', '=', id)
      .execute();
  }

  async all(): Promise<AppRow[]> {
    return this.db.selectFrom('apps').selectAll().orderBy('id').execute();
  }
}
