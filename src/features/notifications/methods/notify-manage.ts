import { restError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { isPlainRecord, listValues, param, phpInt, positiveIntOrNull, scalarText, type Params } from '../../../kernel/params/readers.js';
import { parsePortalDate } from '../../../kernel/portal-time.js';
import { defineMethod } from '../../define-method.js';
import type { HistorySearch } from '../notifications-service.js';
import { notifyClientId } from './notify-add.js';

const MAX_LIMIT = 50;
const DAY = 86_400;

/** ACTION of im.notify.read and im.notify.read.list: "Y" (the default) reads, anything else unreads. */
function readAction(raw: Params): boolean {
  const action = param(raw, 'ACTION');
  return action === undefined || (scalarText(action) ?? '').toUpperCase() === 'Y';
}

/** `im.notify.delete`: by ID, or by TAG / SUB_TAG of the calling application (a webhook names it by CLIENT_ID). */
export const imNotifyDeleteMethod = defineMethod({
  name: 'im.notify.delete',
  scope: 'im',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => {
    const id = positiveIntOrNull(param(raw, 'ID'));
    const tag = (scalarText(param(raw, 'TAG')) ?? '').trim();
    const subTag = (scalarText(param(raw, 'SUB_TAG')) ?? '').trim();
    if (id === null && tag === '' && subTag === '') throw restError('NOTIFY_PARAMS_ERROR');
    const clientId = (scalarText(param(raw, 'CLIENT_ID')) ?? '').trim();
    return { id, tag, subTag, clientId: clientId === '' ? null : clientId };
  },
  handler: async ({ auth, services }, { id, tag, subTag, clientId }) => {
    if (id !== null) return { result: await services.notifications.delete(auth.user.id, { id }) };
    const client = notifyClientId(auth, clientId);
    if (client === '') throw restError('NOTIFY_CLIENT_ID_REQUIRED');
    const target = { clientId: client, ...(tag ? { tag } : {}), ...(subTag ? { subTag } : {}) };
    return { result: await services.notifications.delete(auth.user.id, target) };
  },
});

/** `im.notify.read`: marks one notification (ONLY_CURRENT=Y) or every one from ID up read or unread; no ID: nothing. */
export const imNotifyReadMethod = defineMethod({
  name: 'im.notify.read',
  scope: 'im',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => ({
    id: param(raw, 'ID') === undefined ? null : Math.max(0, phpInt(param(raw, 'ID'))),
    read: readAction(raw),
    onlyCurrent: (scalarText(param(raw, 'ONLY_CURRENT')) ?? '').toUpperCase() === 'Y',
  }),
  handler: async ({ auth, services }, { id, read, onlyCurrent }) => {
    if (id !== null) await services.notifications.read(auth.user.id, id, read, onlyCurrent);
    return { result: true };
  },
});

/** `im.notify.read.list`: marks the notifications in IDS read or unread, up to the first ID that is not positive. */
export const imNotifyReadListMethod = defineMethod({
  name: 'im.notify.read.list',
  scope: 'im',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => {
    const list = param(raw, 'IDS');
    if (!Array.isArray(list) && !isPlainRecord(list)) throw restError('NOTIFY_IDS_ERROR');
    const ids: number[] = [];
    for (const value of listValues(list)) {
      const id = positiveIntOrNull(value);
      if (id === null) break;
      ids.push(id);
    }
    return { ids, read: readAction(raw) };
  },
  handler: async ({ auth, services }, { ids, read }) => {
    await services.notifications.readList(auth.user.id, ids, read);
    return { result: true };
  },
});

/** `im.notify.read.all`: every notification of the caller read; `{result: true, newCounter}`. */
export const imNotifyReadAllMethod = defineMethod({
  name: 'im.notify.read.all',
  scope: 'im',
  authTypes: ANY_AUTH,
  batchable: true,
  params: () => ({}),
  handler: async ({ auth, services }) => ({ result: await services.notifications.readAll(auth.user.id) }),
});

/** `im.notify.schema.get`: the notification types of this portal by module. */
export const imNotifySchemaGetMethod = defineMethod({
  name: 'im.notify.schema.get',
  readOnly: true,
  scope: 'im',
  authTypes: ANY_AUTH,
  batchable: true,
  params: () => ({}),
  handler: ({ services }) => ({ result: services.notifications.schema() }),
});

/** A day or instant in ISO 8601 as Unix seconds, or null. */
function instant(value: unknown, zone: string): number | null {
  const text = (scalarText(value) ?? '').trim();
  if (text === '') return null;
  const ms = parsePortalDate(text, zone);
  return ms === null ? null : Math.floor(ms / 1000);
}

/** `MODULE` or `MODULE|EVENT`. */
function searchType(value: unknown): { module: string; event?: string } | null {
  const text = (scalarText(value) ?? '').trim();
  if (text === '') return null;
  const [module, event] = text.split('|');
  return event === undefined || event === '' ? { module: module! } : { module: module!, event };
}

/** `im.notify.history.search`: the caller's notifications by text, type, date and author, newest first, 50 a page. */
export const imNotifyHistorySearchMethod = defineMethod({
  name: 'im.notify.history.search',
  readOnly: true,
  scope: 'im',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw, { services }) => {
    const zone = services.config.timeZone;
    const text = (scalarText(param(raw, 'SEARCH_TEXT')) ?? '').trim();
    const types = [searchType(param(raw, 'SEARCH_TYPE')), ...listValues(param(raw, 'SEARCH_TYPES')).map(searchType)].filter(
      (t): t is { module: string; event?: string } => t !== null,
    );
    const day = instant(param(raw, 'SEARCH_DATE'), zone);
    const from = instant(param(raw, 'SEARCH_DATE_FROM'), zone);
    const to = instant(param(raw, 'SEARCH_DATE_TO'), zone);
    const range = from !== null && to !== null;
    const authors = listValues(param(raw, 'SEARCH_AUTHORS'))
      .map(positiveIntOrNull)
      .filter((a): a is number => a !== null);
    if (types.length === 0 && day === null && !range && authors.length === 0 && [...text].length < 3) throw restError('SEARCH_TEXT_ERROR');
    const lastIdRaw = param(raw, 'LAST_ID');
    let lastId: number | null = null;
    if (lastIdRaw !== undefined && lastIdRaw !== '') {
      if (!/^\s*\d+\s*$/.test(scalarText(lastIdRaw) ?? '')) throw restError('LAST_ID_STRING');
      lastId = phpInt(lastIdRaw);
    }
    const limitRaw = param(raw, 'LIMIT');
    const limit = limitRaw === undefined ? MAX_LIMIT : Math.min(MAX_LIMIT, Math.max(1, phpInt(limitRaw)));
    const criteria: HistorySearch = {
      text,
      types,
      // SEARCH_DATE is that whole day; the range runs to the end of its last day.
      from: day ?? (range ? from : null),
      to: day !== null ? day + DAY : range ? to + DAY : null,
      authors,
      groupTag: (scalarText(param(raw, 'GROUP_TAG')) ?? '').trim(),
    };
    return { criteria, limit, lastId };
  },
  handler: async ({ auth, services }, { criteria, limit, lastId }) => ({
    result: await services.notifications.search(auth.user.id, criteria, limit, lastId),
  }),
});

/** `im.notify.answer` and `im.notify.confirm`: the caller's quick answer or button value for a notification. */
function respondMethod(name: string, valueParam: string, emptyValue: 'ANSWER_TEXT_ERROR' | 'NOTIFY_VALUE_ERROR') {
  return defineMethod({
    name,
    scope: 'im',
    authTypes: ANY_AUTH,
    batchable: true,
    params: (raw) => {
      const notifyId = positiveIntOrNull(param(raw, 'NOTIFY_ID'));
      if (notifyId === null) throw restError('NOTIFY_ID_ERROR');
      const value = (scalarText(param(raw, valueParam)) ?? '').trim();
      if (value === '') throw restError(emptyValue);
      return { notifyId, value };
    },
    handler: async ({ auth, services }, { notifyId, value }) => ({
      result: await services.notifications.respond(auth.user.id, notifyId, value),
    }),
  });
}

/** `im.notify.answer`: a quick text answer to a notification (im.notify.answer page). */
export const imNotifyAnswerMethod = respondMethod('im.notify.answer', 'ANSWER_TEXT', 'ANSWER_TEXT_ERROR');

/** `im.notify.confirm`: the value of a notification's button (im.notify.confirm page). */
export const imNotifyConfirmMethod = respondMethod('im.notify.confirm', 'NOTIFY_VALUE', 'NOTIFY_VALUE_ERROR');
