import { crmAutoCreateFlag } from '../../domain/calls/external-lines.js';
import { restError } from '../../rest/errors.js';
import { APP_ONLY, defineMethod, type MethodContext } from '../../rest/method-definition.js';
import { param, scalarText, type Params } from '../../rest/params.js';
import type { AppRow } from '../../storage/schema.js';
import { MAX_TEXT } from './call-params.js';

/** Application-only (G1); webhooks only when the portal allows it (B9 decision). */
const common = { scope: 'telephony', authTypes: APP_ONLY, webhookWhenAllowed: true, batchable: true } as const;

/** NUMBER of a line: required, trimmed (G2, G3, G5). */
function lineNumber(raw: Params): string {
  const number = (scalarText(param(raw, 'NUMBER')) ?? '').trim();
  if (number === '') throw restError('ERROR_CORE', 'NUMBER should not be empty');
  if (number.length > MAX_TEXT) throw restError('ERROR_CORE', `NUMBER is too long (${MAX_TEXT} characters at most)`);
  return number;
}

function optionalName(raw: Params): string | undefined {
  const name = scalarText(param(raw, 'NAME'));
  return name === undefined ? undefined : name.trim().slice(0, MAX_TEXT);
}

function optionalFlag(raw: Params): 'Y' | 'N' | undefined {
  const value = scalarText(param(raw, 'CRM_AUTO_CREATE'));
  return value === undefined ? undefined : crmAutoCreateFlag(value);
}

/** The app whose lines these are: the caller's, or the webhook pseudo-application. */
async function callerApp({ auth, services }: MethodContext): Promise<AppRow> {
  return auth.app ?? services.portal.webhookApplication();
}

/** `telephony.externalLine.add` → {ID: int} (G2). */
export const externalLineAddMethod = defineMethod({
  ...common,
  name: 'telephony.externalLine.add',
  params: (raw) => ({ number: lineNumber(raw), name: optionalName(raw) ?? '', crmAutoCreate: optionalFlag(raw) ?? 'Y' }),
  handler: async (context, { number, name, crmAutoCreate }) => {
    const app = await callerApp(context);
    return { result: { ID: await context.services.lines.add(app.id, number, name, crmAutoCreate) } };
  },
});

/** `telephony.externalLine.update` → {ID: "<id>"}, a string (G3). */
export const externalLineUpdateMethod = defineMethod({
  ...common,
  name: 'telephony.externalLine.update',
  params: (raw) => {
    const number = lineNumber(raw);
    const name = optionalName(raw);
    const crmAutoCreate = optionalFlag(raw);
    if (name === undefined && crmAutoCreate === undefined) throw restError('ERROR_CORE', 'There are no fields to update');
    return { number, changes: { ...(name !== undefined ? { name } : {}), ...(crmAutoCreate !== undefined ? { crm_auto_create: crmAutoCreate } : {}) } };
  },
  handler: async (context, { number, changes }) => {
    const app = await callerApp(context);
    return { result: { ID: String(await context.services.lines.update(app.id, number, changes)) } };
  },
});

/** `telephony.externalLine.get` → [{NUMBER, NAME, CRM_AUTO_CREATE}] of the caller's app (G4). */
export const externalLineGetMethod = defineMethod({
  ...common,
  name: 'telephony.externalLine.get',
  params: () => ({}),
  handler: async (context) => {
    const app = await callerApp(context);
    const lines = await context.services.lines.list(app.id);
    return { result: lines.map((l) => ({ NUMBER: l.number, NAME: l.name, CRM_AUTO_CREATE: l.crm_auto_create })) };
  },
});

/** `telephony.externalLine.delete` → [] (G5, A21). */
export const externalLineDeleteMethod = defineMethod({
  ...common,
  name: 'telephony.externalLine.delete',
  params: (raw) => ({ number: lineNumber(raw) }),
  handler: async (context, { number }) => {
    const app = await callerApp(context);
    await context.services.lines.delete(app.id, number);
    return { result: [] };
  },
});
