import { restError } from '../../../kernel/errors/rest-error.js';
import { isHttpUrl } from '../../../kernel/http-url.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { boolOrNull, isPlainRecord, param, positiveIntOrNull, scalarText, type Params } from '../../../kernel/params/readers.js';
import { BASIC_SCOPE } from '../../../kernel/scopes.js';
import type { Caller } from '../../auth/caller.js';
import { defineMethod } from '../../define-method.js';
import type { PlacementInput } from '../app-data-service.js';
import { availablePlacements } from '../placements.js';

/** The calling application: placement.* answer webhooks WRONG_AUTH_TYPE (placement pages). */
function placementApp(auth: Caller, adminOnly: boolean) {
  if (!auth.app) throw restError('PLACEMENT_APP_CONTEXT');
  if (adminOnly && auth.user.is_admin !== 1) throw restError('PLACEMENT_ACCESS_DENIED');
  return auth.app;
}

/** A required string argument: missing or empty, or not a string, is ERROR_ARGUMENT naming it. */
function requiredString(raw: Params, name: string): string {
  const value = param(raw, name);
  if (value !== undefined && value !== null && typeof value === 'object')
    throw restError('PLACEMENT_ARGUMENT_NOT_STRING', { argument: name });
  const text = (scalarText(value) ?? '').trim();
  if (text === '') throw restError('PLACEMENT_ARGUMENT_EMPTY', { argument: name });
  return text;
}

function text(raw: Params, name: string): string {
  return (scalarText(param(raw, name)) ?? '').slice(0, 255);
}

/** `placement.bind`: registers a widget handler of the calling application (administrators; CALL_CARD needs telephony). */
export const placementBindMethod = defineMethod({
  name: 'placement.bind',
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => ({ raw }),
  handler: async ({ auth, services }, { raw }) => {
    const app = placementApp(auth, true);
    return { result: await services.appData.bind(app.id, auth.scopes, bindInput(raw)) };
  },
});

/** The handler placement.bind registers. */
function bindInput(raw: Params): PlacementInput {
  const placement = requiredString(raw, 'PLACEMENT').toUpperCase();
  const handler = requiredString(raw, 'HANDLER');
  // The portal loads the handler into the widget's frame: an http or https URL (as event.bind checks its handlers).
  if (!isHttpUrl(handler)) throw restError('WRONG_HANDLER_URL_INVALID');
  const langAll = param(raw, 'LANG_ALL');
  const options = param(raw, 'OPTIONS');
  return {
    placement,
    handler,
    title: text(raw, 'TITLE'),
    description: text(raw, 'DESCRIPTION'),
    groupName: text(raw, 'GROUP_NAME'),
    langAll: isPlainRecord(langAll) ? langAll : {},
    options: isPlainRecord(options) ? options : {},
    userId: positiveIntOrNull(param(raw, 'USER_ID')) ?? 0,
  };
}

/** `placement.unbind`: removes the calling application's handlers of a placement; `{count}` as documented. */
export const placementUnbindMethod = defineMethod({
  name: 'placement.unbind',
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => {
    const handler = (scalarText(param(raw, 'HANDLER')) ?? '').trim();
    return {
      raw,
      handler: handler === '' ? null : handler,
      userId: param(raw, 'USER_ID') === undefined ? null : (positiveIntOrNull(param(raw, 'USER_ID')) ?? 0),
    };
  },
  handler: async ({ auth, services }, { raw, handler, userId }) => {
    const app = placementApp(auth, true);
    const placement = requiredString(raw, 'PLACEMENT').toUpperCase();
    return { result: await services.appData.unbind(app.id, placement, handler, userId) };
  },
});

/** `placement.get`: the handlers the calling application registered. */
export const placementGetMethod = defineMethod({
  name: 'placement.get',
  readOnly: true,
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: true,
  params: () => ({}),
  handler: async ({ auth, services }) => ({ result: await services.appData.placements(placementApp(auth, true).id) }),
});

/** `placement.list`: placement codes open to the calling application (its scopes, one `SCOPE`, or `FULL`). */
export const placementListMethod = defineMethod({
  name: 'placement.list',
  readOnly: true,
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => ({
    scope: (scalarText(param(raw, 'SCOPE')) ?? '').trim(),
    full: boolOrNull(param(raw, 'FULL')) === true,
  }),
  handler: ({ auth }, { scope, full }) => {
    placementApp(auth, false);
    return { result: availablePlacements(auth.scopes, scope ? { scope } : { full }) };
  },
});
