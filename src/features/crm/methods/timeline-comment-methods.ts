import { restError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { listResult, pageFromStart } from '../../../kernel/paging.js';
import { isPlainRecord, listValues, param, paramAny, positiveIntOrNull, scalarText, type Params } from '../../../kernel/params/readers.js';
import { defineMethod } from '../../define-method.js';
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
    return { entityId, entityType, comment: commentText(fields), authorId: positiveIntOrNull(fields.AUTHOR_ID) };
  },
  handler: async ({ auth, services }, input) => ({ result: await services.timeline.add(input, auth.user.id) }),
});

/** `crm.timeline.comment.get` (its reference page). */
export const crmTimelineCommentGetMethod = defineMethod({
  ...common,
  name: 'crm.timeline.comment.get',
  params: (raw) => ({ id: commentId(raw) }),
  handler: async ({ services }, { id }) => ({ result: await services.timeline.get(id) }),
});

/** `crm.timeline.comment.list`: filter ENTITY_ID + ENTITY_TYPE (required), order by ID/CREATED/AUTHOR_ID, 50 a page (its reference page). */
export const crmTimelineCommentListMethod = defineMethod({
  ...common,
  name: 'crm.timeline.comment.list',
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
  handler: async ({ services }, query) => {
    const page = await services.timeline.list(query);
    return listResult(page.items, query.page, page.total);
  },
});

/** `crm.timeline.comment.update`: fields.COMMENT; answers the comment's ID (its reference page). */
export const crmTimelineCommentUpdateMethod = defineMethod({
  ...common,
  name: 'crm.timeline.comment.update',
  params: (raw) => {
    const id = commentId(raw);
    return { id, comment: commentText(commentFields(raw)), owner: commentOwner(raw) };
  },
  handler: async ({ auth, services }, { id, comment, owner }) => ({
    result: await services.timeline.update(id, comment, owner, auth.user.id),
  }),
});

/** `crm.timeline.comment.delete`: answers null (its reference page). */
export const crmTimelineCommentDeleteMethod = defineMethod({
  ...common,
  name: 'crm.timeline.comment.delete',
  params: (raw) => ({ id: commentId(raw), owner: commentOwner(raw) }),
  handler: async ({ auth, services }, { id, owner }) => {
    await services.timeline.delete(id, owner, auth.user.id);
    return { result: null };
  },
});

/** `crm.timeline.comment.fields` (its reference page). */
export const crmTimelineCommentFieldsMethod = defineMethod({
  ...common,
  name: 'crm.timeline.comment.fields',
  params: () => ({}),
  handler: ({ services }) => ({ result: services.timeline.fields() }),
});
