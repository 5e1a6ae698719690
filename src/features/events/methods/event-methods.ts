import { restError } from '../../../kernel/errors/rest-error.js';
import { APP_ONLY } from '../../../kernel/method.js';
import { boolOrNull, paramAny, positiveIntOrNull, requiredText, trimmedText } from '../../../kernel/params/readers.js';
import { BASIC_SCOPE } from '../../../kernel/scopes.js';
import type { AppRow } from '../../../storage/schema.js';
import { defineMethod, type FeatureContext } from '../../define-method.js';

/** event.* always need an application (B9); their scope is basic (B11). */
const common = { scope: BASIC_SCOPE, authTypes: APP_ONLY, batchable: true } as const;

function appOf({ auth }: FeatureContext): AppRow {
  if (!auth.app) throw restError('WRONG_AUTH_TYPE');
  return auth.app;
}

/** `event.bind` (H6). */
export const eventBindMethod = defineMethod({
  ...common,
  name: 'event.bind',
  params: (raw) => {
    const event = requiredText(raw, ['event', 'EVENT'], 'EVENT_NOT_SET');
    const authType = paramAny(raw, 'auth_type', 'AUTH_TYPE');
    return {
      event,
      handler: trimmedText(raw, ['handler', 'HANDLER']),
      authType: authType === undefined || authType === '' || authType === '0' || authType === 0 ? null : (positiveIntOrNull(authType) ?? 0),
      offline: (trimmedText(raw, ['event_type', 'EVENT_TYPE']) || 'online').toLowerCase() === 'offline',
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
    const eventType = trimmedText(raw, ['event_type', 'EVENT_TYPE']) || null;
    return {
      event: trimmedText(raw, ['event', 'EVENT']) || null,
      handler: trimmedText(raw, ['handler', 'HANDLER']) || null,
      authType: authType === undefined ? null : authType === '' ? 0 : (positiveIntOrNull(authType) ?? 0),
      offline: eventType === null ? null : eventType.toLowerCase() === 'offline',
    };
  },
  handler: async (context, request) => ({ result: await context.services.events.unbind(appOf(context), context.auth.user, request) }),
});

/** `event.get` (H7). */
export const eventGetMethod = defineMethod({
  ...common,
  name: 'event.get',
  readOnly: true,
  params: () => ({}),
  handler: async (context) => ({ result: await context.services.events.list(appOf(context), context.auth.user) }),
});

/** `events` (H9). */
export const eventsMethod = defineMethod({
  ...common,
  name: 'events',
  readOnly: true,
  params: (raw) => ({
    scope: trimmedText(raw, ['SCOPE', 'scope']).toLowerCase() || null,
    full: boolOrNull(paramAny(raw, 'FULL', 'full')) === true,
  }),
  handler: (context, { scope, full }) => ({ result: context.services.events.available(appOf(context), scope, full) }),
});

/** `event.test` (H10): result 1 and ONAPPTEST to the app's handlers with the call's parameters. */
export const eventTestMethod = defineMethod({
  ...common,
  name: 'event.test',
  params: (raw) => ({ query: { ...raw } }),
  handler: async (context, { query }) => {
    await context.services.events.test(appOf(context), context.auth.user, query);
    return { result: 1 };
  },
});
