import { restError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { param, positiveIntOrNull, requiredText, scalarText, type Params } from '../../../kernel/params/readers.js';
import { defineMethod } from '../../define-method.js';

interface NotifyInput {
  userId: number;
  message: string;
  system: boolean;
  tag: string;
  subTag: string;
}

/** The parameters shared by im.notify and im.notify.system.add (I18). */
function notifyParams(raw: Params, system: boolean): NotifyInput {
  const userId = positiveIntOrNull(param(raw, 'USER_ID') ?? param(raw, 'to'));
  if (userId === null) throw restError('USER_ID_EMPTY');
  const message = requiredText(raw, ['MESSAGE', 'message'], 'MESSAGE_EMPTY');
  const text = (name: string) => (scalarText(param(raw, name)) ?? '').slice(0, 255);
  return { userId, message, system, tag: text('TAG'), subTag: text('SUB_TAG') };
}

function notifyMethod(name: string, systemOf: (raw: Params) => boolean) {
  return defineMethod({
    name,
    scope: 'im',
    authTypes: ANY_AUTH,
    batchable: true,
    params: (raw) => notifyParams(raw, systemOf(raw)),
    handler: async ({ auth, services }, input) => {
      const id = await services.notifications.add({ ...input, authorId: input.system ? 0 : auth.user.id });
      if (id === null) throw restError('USER_NOT_FOUND');
      return { result: id };
    },
  });
}

/** `im.notify.system.add`: a system notification (no sender) for USER_ID; result = its ID (I18). */
export const imNotifySystemAddMethod = notifyMethod('im.notify.system.add', () => true);

/** `im.notify`: TYPE "SYSTEM" sends a system notification, otherwise a personal one from the caller (I18). */
export const imNotifyMethod = notifyMethod('im.notify', (raw) => (scalarText(param(raw, 'TYPE')) ?? '').toUpperCase() === 'SYSTEM');
