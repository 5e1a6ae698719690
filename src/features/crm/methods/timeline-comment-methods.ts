import { restError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { listResult, pageFromStart } from '../../../kernel/paging.js';
import { isPlainRecord, listValues, param, paramAny, positiveIntOrNull, scalarText, type Params } from '../../../kernel/params/readers.js';
import { defineMethod } from '../../define-method.js';
import type { Services } from '../../services.js';
import { readFileList } from '../../../kernel/params/file-values.js';
import type { CommentOwner } from '../crm-timeline.js';
import { crmOrder } from './crm-params.js';

const common = { scope: 'crm', authTypes: ANY_AUTH, batchable: true } as const;

/** `fields` of add and update: only the lower-case key counts (the reference pages' note). */
function commentFields(raw: Params): Record<string, unknown> {
  const fields = param(raw, 'fields');
  return isPlainRecord(fields) ? fields : {};
}

function commentId(raw: Params): number {
  const id = positiveIntOrNull(paramAny(raw, 'id', 'ID'));
  if (id === null) throw restError('COMMENT_INVALID_ID');
  return id;
}

/** ownerTypeId + ownerId of update and delete, when both are given. */
function commentOwner(raw: Params): CommentOwner {
  const ownerTypeId = positiveIntOrNull(param(raw, 'ownerTypeId'));
  const ownerId = positiveIntOrNull(param(raw, 'ownerId'));
  return ownerTypeId !== null && ownerId !== null ? { ownerTypeId, ownerId } : null;
}

/** The text of COMMENT; blank is refused as INVALID_ARG_VALUE "Empty comment". */
function commentText(fields: Record<string, unknown>): string {
  const text = scalarText(fields.COMMENT) ?? '';
  if (text.trim() === '') throw restError('COMMENT_EMPTY');
  return text;
}

/** `crm.timeline.comment.add`: ENTITY_ID, ENTITY_TYPE, COMMENT; answers the new ID (its reference page). */
export const crmTimelineCommentAddMethod = defineMethod({
  ...common,
  name: 'crm.timeline.comment.add',
  params: (raw) => {
    const fields = commentFields(raw);
    const entityId = positiveIntOrNull(fields.ENTITY_ID);
    const entityType = (scalarText(fields.ENTITY_TYPE) ?? '').trim();
    if (entityId === null || entityType === '') throw restError('COMMENT_REQUIRED_FIELDS');
    const files = fields.FILES === undefined ? undefined : readFileList(fields.FILES);
    return { entityId, entityType, comment: commentText(fields), authorId: positiveIntOrNull(fields.AUTHOR_ID), files };
  },
  handler: async ({ auth, services }, input) => {
    if (input.files) services.files.check([input.files]);
    const id = await services.timeline.add(input, auth.user.id);
    if (input.files) await services.files.replace('TIMELINE_COMMENT', id, 'FILES', input.files);
    return { result: id };
  },
});

/** `crm.timeline.comment.get` (its reference page). */
export const crmTimelineCommentGetMethod = defineMethod({
  ...common,
  name: 'crm.timeline.comment.get',
  readOnly: true,
  params: (raw) => ({ id: commentId(raw) }),
  handler: async ({ services, baseUrl }, { id }) => {
    const comment = await services.timeline.get(id);
    await presentCommentFiles(services, [comment], baseUrl);
    return { result: comment };
  },
});

/** `crm.timeline.comment.list`: filter ENTITY_ID + ENTITY_TYPE (required), order by ID/CREATED/AUTHOR_ID, 50 a page (its reference page). */
export const crmTimelineCommentListMethod = defineMethod({
  ...common,
  name: 'crm.timeline.comment.list',
  readOnly: true,
  params: (raw) => {
    const filterValue = paramAny(raw, 'filter', 'FILTER');
    const filter = isPlainRecord(filterValue) ? filterValue : {};
    const ids = (value: unknown) => (value === undefined ? null : listValues(value).map((v) => positiveIntOrNull(v) ?? 0));
    return {
      entityType: (scalarText(filter.ENTITY_TYPE) ?? '').trim(),
      entityId: positiveIntOrNull(filter.ENTITY_ID) ?? 0,
      ids: ids(filter.ID),
      authorIds: ids(filter.AUTHOR_ID),
      order: crmOrder(raw),
      select: listValues(paramAny(raw, 'select', 'SELECT'))
        .map((v) => scalarText(v) ?? '')
        .filter(Boolean),
      page: pageFromStart(param(raw, 'start')),
    };
  },
  handler: async ({ services, baseUrl }, query) => {
    const page = await services.timeline.list(query);
    await presentCommentFiles(services, page.items, baseUrl);
    return listResult(page.items, query.page, page.total);
  },
});

/** `crm.timeline.comment.update`: fields.COMMENT; answers the comment's ID (its reference page). */
export const crmTimelineCommentUpdateMethod = defineMethod({
  ...common,
  name: 'crm.timeline.comment.update',
  params: (raw) => {
    const id = commentId(raw);
    const fields = commentFields(raw);
    const files = fields.FILES === undefined ? undefined : readFileList(fields.FILES);
    return { id, comment: commentText(fields), owner: commentOwner(raw), files };
  },
  handler: async ({ auth, services }, { id, comment, owner, files }) => {
    if (files) services.files.check([files]);
    const result = await services.timeline.update(id, comment, owner, auth.user.id);
    // FILES given replaces the comment's files; an empty list removes them.
    if (files) await services.files.replace('TIMELINE_COMMENT', id, 'FILES', files);
    return { result };
  },
});

/** `crm.timeline.comment.delete`: answers null (its reference page). */
export const crmTimelineCommentDeleteMethod = defineMethod({
  ...common,
  name: 'crm.timeline.comment.delete',
  params: (raw) => ({ id: commentId(raw), owner: commentOwner(raw) }),
  handler: async ({ auth, services }, { id, owner }) => {
    await services.timeline.delete(id, owner, auth.user.id);
    await services.files.deleteOwner('TIMELINE_COMMENT', id);
    return { result: null };
  },
});

/** `crm.timeline.comment.fields` (its reference page). */
export const crmTimelineCommentFieldsMethod = defineMethod({
  ...common,
  name: 'crm.timeline.comment.fields',
  readOnly: true,
  params: () => ({}),
  handler: ({ services }) => ({ result: services.timeline.fields() }),
});

/** FILES of comments: the map of their files (crm.timeline.comment.get), empty when none. */
async function presentCommentFiles(services: Services, items: Array<Record<string, unknown>>, baseUrl: string): Promise<void> {
  const withFiles = items.filter((item) => 'FILES' in item && Number.isSafeInteger(Number(item.ID)));
  if (withFiles.length === 0) return;
  const files = await services.files.forOwners(
    'TIMELINE_COMMENT',
    withFiles.map((item) => Number(item.ID)),
  );
  for (const item of withFiles) {
    const rows = files.get(Number(item.ID))?.get('FILES') ?? [];
    const authorId =
      item.AUTHOR_ID !== undefined ? Number(item.AUTHOR_ID) : Number((await services.timeline.get(Number(item.ID))).AUTHOR_ID);
    item.FILES = await services.files.presentDiskFiles(rows, authorId, baseUrl);
  }
}
