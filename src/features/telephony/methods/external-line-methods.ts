import { restError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { param, requiredText, scalarText, type Params } from '../../../kernel/params/readers.js';
import { defineMethod, type FeatureContext } from '../../define-method.js';
import { NO_APP_ID } from '../call-owner.js';
import { crmAutoCreateFlag } from '../external-lines.js';
import { MAX_TEXT } from './call-params.js';

/** Documented as application-only (G1); webhooks may call them unless the portal is application-context-only (B9 revised). */
const common = { scope: 'telephony', authTypes: ANY_AUTH, documentedAppOnly: true, batchable: true } as const;

/** NUMBER of a line: required, trimmed (G2, G3, G5). */
function lineNumber(raw: Params): string {
  const number = requiredText(raw, 'NUMBER', 'LINE_NUMBER_EMPTY');
  if (number.length > MAX_TEXT) throw restError('PARAM_TOO_LONG', { name: 'NUMBER', max: MAX_TEXT });
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

/** Whose lines these are: the calling application's, or for a webhook the portal's own (B9 revised). */
function lineOwner({ auth }: FeatureContext): number {
  return auth.app?.id ?? NO_APP_ID;
}

/** `telephony.externalLine.add` → {ID: int} (G2). */
export const externalLineAddMethod = defineMethod({
  ...common,
  name: 'telephony.externalLine.add',
  params: (raw) => ({ number: lineNumber(raw), name: optionalName(raw) ?? '', crmAutoCreate: optionalFlag(raw) ?? 'Y' }),
  handler: async (context, { number, name, crmAutoCreate }) => {
    return { result: { ID: await context.services.lines.add(lineOwner(context), number, name, crmAutoCreate) } };
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
    if (name === undefined && crmAutoCreate === undefined) throw restError('LINE_NOTHING_TO_UPDATE');
    return {
      number,
      changes: { ...(name !== undefined ? { name } : {}), ...(crmAutoCreate !== undefined ? { crm_auto_create: crmAutoCreate } : {}) },
    };
  },
  handler: async (context, { number, changes }) => {
    return { result: { ID: String(await context.services.lines.update(lineOwner(context), number, changes)) } };
  },
});

/** `telephony.externalLine.get` → [{NUMBER, NAME, CRM_AUTO_CREATE}] of the caller's app (G4). */
export const externalLineGetMethod = defineMethod({
  ...common,
  name: 'telephony.externalLine.get',
  readOnly: true,
  params: () => ({}),
  handler: async (context) => {
    const lines = await context.services.lines.list(lineOwner(context));
    return { result: lines.map((l) => ({ NUMBER: l.number, NAME: l.name, CRM_AUTO_CREATE: l.crm_auto_create })) };
  },
});

/** `telephony.externalLine.delete` → [] (G5, A21). */
export const externalLineDeleteMethod = defineMethod({
  ...common,
  name: 'telephony.externalLine.delete',
  params: (raw) => ({ number: lineNumber(raw) }),
  handler: async (context, { number }) => {
    await context.services.lines.delete(lineOwner(context), number);
    return { result: [] };
  },
});
