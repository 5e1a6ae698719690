import { restError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { MAX_ROW_ID, param, phpInt } from '../../../kernel/params/readers.js';
import { defineMethod } from '../../define-method.js';

const MAX_LIMIT = 50;

/** `im.notify.get`: the caller's notifications, newest first, by cursor (I19). */
export const imNotifyGetMethod = defineMethod({
  name: 'im.notify.get',
  scope: 'im',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => {
    const lastId = param(raw, 'LAST_ID');
    const lastType = param(raw, 'LAST_TYPE');
    if ((lastId === undefined) !== (lastType === undefined)) throw restError('LAST_ID_AND_LAST_TYPE');
    const limit = param(raw, 'LIMIT') === undefined ? MAX_LIMIT : phpInt(param(raw, 'LIMIT'));
    // Ids are positive and below MAX_ROW_ID: a cursor outside that range means the same as its end.
    const cursor = lastId === undefined ? null : Math.min(MAX_ROW_ID, Math.max(0, phpInt(lastId)));
    return { lastId: cursor, limit: Math.min(MAX_LIMIT, Math.max(1, limit)) };
  },
  handler: async ({ auth, services }, { lastId, limit }) => ({ result: await services.notifications.page(auth.user.id, limit, lastId) }),
});
