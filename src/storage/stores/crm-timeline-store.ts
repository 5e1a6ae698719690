import type { Insertable } from 'kysely';
import type { Db } from '../database.js';
import type { CrmTimelineCommentRow, CrmTimelineCommentsTable } from '../schema.js';
import type { FilterCondition, Page, PageRequest, SortSpec } from '../../kernel/filter.js';
import { listPage } from '../filter-sql.js';
import type { CompiledStatements } from '../compiled-statements.js';

/** Timeline comments of CRM entities. */
export class CrmTimelineStore {
  constructor(
    private readonly db: Db,
    private readonly statements: CompiledStatements,
  ) {}

  async insert(row: Insertable<CrmTimelineCommentsTable>): Promise<CrmTimelineCommentRow> {
    return this.db.insertInto('crm_timeline_comments').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async findById(id: number): Promise<CrmTimelineCommentRow | undefined> {
    return this.db.selectFrom('crm_timeline_comments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async updateComment(id: number, comment: string): Promise<void> {
    await this.db.updateTable('crm_timeline_comments').set({ comment }).where('id', '=', id).execute();
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('crm_timeline_comments').where('id', '=', id).execute();
  }

  async list(conditions: readonly FilterCondition[], sort: readonly SortSpec[], page: PageRequest): Promise<Page<CrmTimelineCommentRow>> {
    return listPage<CrmTimelineCommentRow>(this.db.selectFrom('crm_timeline_comments'), conditions, sort, page, {
      statements: this.statements,
      db: this.db,
      name: 'crm.timelineComments',
    });
  }
}
