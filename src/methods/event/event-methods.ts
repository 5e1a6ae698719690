import { APP_ONLY, defineMethod, type MethodContext } from '../../rest/method-definition.js';
import { restError } from '../../rest/errors.js';
import { boolOrNull, paramAny, positiveIntOrNull, scalarText, type Params } from '../../rest/params.js';
import { BASIC_SCOPE } from '../../domain/scopes.js';
import type { AppRow } from '../../storage/schema.js';

/** event.* always need an application (B9); their scope is basic (B11). */
const common = { scope: BASIC_SCOPE, authTypes: APP_ONLY, batchable: true } as const;

function appOf({ auth }: MethodContext): AppRow {
  if (!auth.app) throw restError('WRONG_AUTH_TYPE');
  return auth.app;
}

function text(raw: Params, ...names: string[]): string | null {
  const value = scalarText(paramAny(raw, ...names));
  return value === undefined || value.trim() === '' ? null : value.trim();
}

/** `event.bind` (H6). */
export const eventBindMethod = defineMethod({
  ...common,
  name: 'event.bind',
  params: (raw) => {
    const event = text(raw, 'event', 'EVENT');
    if (!event) throw restError('ERROR_CORE', 'Event is not set');
    const authType = paramAny(raw, 'auth_type', 'AUTH_TYPE');
    return {
      event,
      handler: text(raw, 'handler', 'HANDLER') ?? '',
      authType: authType === undefined || authType === '' || authType === '0' || authType === 0 ? null : positiveIntOrNull(authType) ?? 0,
      offline: (text(raw, 'event_type', 'EVENT_TYPE') ?? 'online').toLowerCase() === 'offline',
    };
  },
  handler: async (context, request) => ({ result: await context.services.events.bind(appOf(context), context.auth.user, request) }),
});

/** `event.unbind` → {count} (H8). */
export const eventUnbindMethod = defineMethod({
  ...common,
  name: 'event.unbind',
  params: (raw) => {
    const authType = paramAny(raw, 'auth_type', 'AUTH_TYPE');
    const eventType = text(raw, 'event_type', 'EVENT_TYPE');
    return {
      event: text(raw, 'event', 'EVENT'),
      handler: text(raw, 'handler', 'HANDLER'),
      authType: authType === undefined ? null : authType === '' ? 0 : positiveIntOrNull(authType) ?? 0,
      offline: eventType === null ? null : eventType.toLowerCase() === 'offline',
    };
  },
  handler: async (context, request) => ({ result: await context.services.events.unbind(appOf(context), context.auth.user, request) }),
});

/** `event.get` (H7). */
export const eventGetMethod = defineMethod({
  ...common,
  name: 'event.get',
  params: () => ({}),
  handler: async (context) => ({ result: await context.services.events.list(appOf(context), context.auth.user) }),
});

/** `events` (H9). */
export const eventsMethod = defineMethod({
  ...common,
  name: 'events',
  params: (raw) => ({ scope: text(raw, 'SCOPE', 'scope')?.toLowerCase() ?? null, full: boolOrNull(paramAny(raw, 'FULL', 'full')) === true }),
  handler: (context, { scope, full }) => ({ result: context.services.events.available(appOf(context), scope, full) }),
});

/** `event.test` (H10): result 1 and ONAPPTEST to the app's handlers with the call's parameters. */
export const eventTestMethod = defineMethod({
  ...common,
  name: 'event.test',
  params: (raw) => ({ query: { ...raw } }),
  handler: async (context, { query }) => {
    const app = appOf(context);
    await context.services.storage.transaction((tx) =>
      context.services.events.raise(tx, 'ONAPPTEST', { QUERY: query, LANGUAGE_ID: 'en' }, context.auth.user.id, app.id),
    );
    return { result: 1 };
  },
});

