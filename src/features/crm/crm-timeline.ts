import { restError } from '../../kernel/errors/rest-error.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import type { FilterCondition, Page, PageRequest, SortSpec } from '../../kernel/filter.js';
import { formatPortalDate } from '../../kernel/portal-time.js';
import type { CrmTimelineCommentRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import type { EventQueue } from '../events/event-queue.js';
import { fieldDescriptor } from './field-descriptor.js';
import { crmObjectOfName, findCrmOwner } from './owner-types.js';
import { OWNER_TYPE_ID } from './crm-types.js';

/** A comment to add: ENTITY_TYPE as given (lead, deal, contact, company), AUTHOR_ID optional. */
export interface TimelineCommentInput {
  entityType: string;
  entityId: number;
  comment: string;
  authorId: number | null;
}

/** The owner an update or delete names (ownerTypeId + ownerId); null when not given. */
export type CommentOwner = { ownerTypeId: number; ownerId: number } | null;

export interface TimelineListQuery {
  entityType: string;
  entityId: number;
  ids: number[] | null;
  authorIds: number[] | null;
  order: Array<{ field: string; direction: 'asc' | 'desc' }>;
  select: string[];
  page: PageRequest;
}

const ORDERABLE: Record<string, string> = { ID: 'id', CREATED: 'created', AUTHOR_ID: 'author_id' };
const COMMENT_FIELDS = ['ID', 'ENTITY_ID', 'ENTITY_TYPE', 'CREATED', 'COMMENT', 'AUTHOR_ID', 'FILES'] as const;

/** Timeline comments: crm.timeline.comment.* (their reference pages); events in the writing transaction. */
export class CrmTimelineService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly queue: EventQueue,
    private readonly timeZone: string,
  ) {}

  async add(input: TimelineCommentInput, userId: number): Promise<number> {
    return this.storage.transaction(async (tx) => {
      const type = crmObjectOfName(input.entityType);
      if (!type || !(await findCrmOwner(tx, type, input.entityId))) throw restError('COMMENT_OWNER_NOT_FOUND');
      const author = input.authorId !== null && (await tx.users.findById(input.authorId)) ? input.authorId : userId;
      const row = await tx.crmTimeline.insert({
        entity_type: type.toLowerCase(),
        entity_id: input.entityId,
        comment: input.comment,
        author_id: author,
        created: unixSeconds(this.clock),
      });
      await this.queue.raise(tx, 'ONCRMTIMELINECOMMENTADD', { FIELDS: { ID: String(row.id) } }, userId);
      return row.id;
    });
  }

  async get(id: number): Promise<Record<string, unknown>> {
    const row = await this.storage.crmTimeline.findById(id);
    if (!row) throw restError('COMMENT_GET_NOT_FOUND');
    return this.present(row, COMMENT_FIELDS);
  }

  async list(query: TimelineListQuery): Promise<Page<Record<string, unknown>>> {
    const type = crmObjectOfName(query.entityType);
    if (!type || !(await findCrmOwner(this.storage, type, query.entityId))) throw restError('COMMENT_ACCESS_DENIED');
    const conditions: FilterCondition[] = [
      { kind: 'compare', columns: ['entity_type'], columnKind: 'string', operator: 'eq', values: [type.toLowerCase()] },
      { kind: 'compare', columns: ['entity_id'], columnKind: 'number', operator: 'eq', values: [query.entityId] },
    ];
    if (query.ids) conditions.push({ kind: 'compare', columns: ['id'], columnKind: 'number', operator: 'in', values: query.ids });
    if (query.authorIds) {
      conditions.push({ kind: 'compare', columns: ['author_id'], columnKind: 'number', operator: 'in', values: query.authorIds });
    }
    const sort: SortSpec[] = query.order.flatMap(({ field, direction }) => {
      const column = ORDERABLE[field.toUpperCase()];
      return column ? [{ column, direction }] : [];
    });
    // Decision: newest first, as the timeline shows them, unless `order` says otherwise.
    if (sort.length === 0) sort.push({ column: 'created', direction: 'desc' }, { column: 'id', direction: 'desc' });
    const page = await this.storage.crmTimeline.list(conditions, sort, query.page);
    const wanted = query.select.map((s) => s.toUpperCase());
    const fields =
      wanted.length === 0 || wanted.includes('*') ? COMMENT_FIELDS : COMMENT_FIELDS.filter((f) => f === 'ID' || wanted.includes(f));
    return { items: page.items.map((row) => this.present(row, fields)), total: page.total };
  }

  async update(id: number, comment: string, owner: CommentOwner, userId: number): Promise<number> {
    return this.storage.transaction(async (tx) => {
      const row = await tx.crmTimeline.findById(id);
      if (!row || !ownedBy(row, owner)) throw restError('COMMENT_NOT_FOUND');
      await tx.crmTimeline.updateComment(id, comment);
      await this.queue.raise(tx, 'ONCRMTIMELINECOMMENTUPDATE', { FIELDS: { ID: String(id) } }, userId);
      return id;
    });
  }

  async delete(id: number, owner: CommentOwner, userId: number): Promise<void> {
    await this.storage.transaction(async (tx) => {
      const row = await tx.crmTimeline.findById(id);
      if (!row || !ownedBy(row, owner)) throw restError('COMMENT_NOT_FOUND');
      await tx.crmTimeline.delete(id);
      await this.queue.raise(tx, 'ONCRMTIMELINECOMMENTDELETE', { FIELDS: { ID: String(id) } }, userId);
    });
  }

  fields(): Record<string, unknown> {
    return {
      ID: fieldDescriptor('integer', 'ID', { isReadOnly: true }),
      CREATED: fieldDescriptor('datetime', 'Date added', { isReadOnly: true }),
      ENTITY_ID: fieldDescriptor('integer', 'ID of the element the comment is attached to', { isRequired: true, isImmutable: true }),
      ENTITY_TYPE: fieldDescriptor('string', 'Type of the element the comment is attached to', { isRequired: true, isImmutable: true }),
      AUTHOR_ID: fieldDescriptor('integer', 'Author', { isImmutable: true }),
      COMMENT: fieldDescriptor('string', 'Comment text'),
      FILES: fieldDescriptor('attached_diskfile', 'File list', { isMultiple: true }),
    };
  }

  private present(row: CrmTimelineCommentRow, fields: readonly string[]): Record<string, unknown> {
    const all: Record<string, unknown> = {
      ID: String(row.id),
      ENTITY_ID: String(row.entity_id),
      ENTITY_TYPE: row.entity_type,
      CREATED: formatPortalDate(Number(row.created) * 1000, this.timeZone),
      COMMENT: row.comment,
      AUTHOR_ID: String(row.author_id),
      // No files are kept: the map of attached files is empty.
      FILES: {},
    };
    return Object.fromEntries(fields.map((f) => [f, all[f]]));
  }
}

/** Whether the comment belongs to the owner an update or delete named (when it named one). */
function ownedBy(row: CrmTimelineCommentRow, owner: CommentOwner): boolean {
  if (!owner) return true;
  const type = crmObjectOfName(row.entity_type);
  return type !== null && OWNER_TYPE_ID[type] === owner.ownerTypeId && row.entity_id === owner.ownerId;
}
