import { restError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { param, positiveIntOrNull, requiredText, scalarText, type Params } from '../../../kernel/params/readers.js';
import type { Caller } from '../../auth/caller.js';
import { defineMethod } from '../../define-method.js';

/** The largest ATTACH, as JSON text (im.notify.personal.add page). */
const MAX_ATTACH_CHARS = 60_000;

interface NotifyInput {
  userId: number;
  message: string;
  messageOut: string;
  system: boolean;
  tag: string;
  subTag: string;
  attach: string;
  clientId: string | null;
}

/** ATTACH as an object, a list or its JSON text; stored as JSON ('' without one). */
function attachParam(raw: Params): string {
  const value = param(raw, 'ATTACH');
  if (value === undefined || value === null || value === '') return '';
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw restError('ATTACH_ERROR');
    }
  }
  if (parsed === null || typeof parsed !== 'object') throw restError('ATTACH_ERROR');
  const json = JSON.stringify(parsed);
  if (json.length > MAX_ATTACH_CHARS) throw restError('ATTACH_OVERSIZE');
  return json;
}

/** The parameters shared by im.notify, im.notify.system.add and im.notify.personal.add (I18). */
function notifyParams(raw: Params, system: boolean): NotifyInput {
  const userId = positiveIntOrNull(param(raw, 'USER_ID') ?? param(raw, 'to'));
  if (userId === null) throw restError('USER_ID_EMPTY');
  const message = requiredText(raw, ['MESSAGE', 'message'], 'MESSAGE_EMPTY');
  const text = (name: string, max: number) => (scalarText(param(raw, name)) ?? '').slice(0, max);
  const clientId = text('CLIENT_ID', 255);
  return {
    userId,
    message,
    messageOut: text('MESSAGE_OUT', 20_000),
    system,
    tag: text('TAG', 255),
    subTag: text('SUB_TAG', 255),
    attach: attachParam(raw),
    clientId: clientId === '' ? null : clientId,
  };
}

/** The application a notification call acts for: the token's, or a webhook's CLIENT_ID ('' without one). */
export function notifyClientId(auth: Caller, clientIdParam: string | null): string {
  return auth.app?.client_id ?? clientIdParam ?? '';
}

function notifyMethod(name: string, systemOf: (raw: Params) => boolean) {
  return defineMethod({
    name,
    scope: 'im',
    authTypes: ANY_AUTH,
    batchable: true,
    params: (raw) => notifyParams(raw, systemOf(raw)),
    handler: async ({ auth, services }, input) => {
      const id = await services.notifications.add({
        ...input,
        authorId: input.system ? 0 : auth.user.id,
        clientId: notifyClientId(auth, input.clientId),
      });
      if (id === null) throw restError('USER_NOT_FOUND');
      return { result: id };
    },
  });
}

/** `im.notify.system.add`: a system notification (no sender) for USER_ID; result = its ID (I18). */
export const imNotifySystemAddMethod = notifyMethod('im.notify.system.add', () => true);

/** `im.notify.personal.add`: a notification from the caller to USER_ID; result = its ID (im.notify.personal.add page). */
export const imNotifyPersonalAddMethod = notifyMethod('im.notify.personal.add', () => false);

/** `im.notify`: TYPE "SYSTEM" sends a system notification, otherwise a personal one from the caller (I18). */
export const imNotifyMethod = notifyMethod('im.notify', (raw) => (scalarText(param(raw, 'TYPE')) ?? '').toUpperCase() === 'SYSTEM');
