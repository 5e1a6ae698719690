import { ANY_AUTH } from '../../../kernel/method.js';
import { defineMethod } from '../../define-method.js';

const common = { scope: 'crm', authTypes: ANY_AUTH, batchable: true, params: () => ({}) } as const;

/** `crm.enum.ownertype`: CRM object type IDs (I12). */
export const crmEnumOwnerTypeMethod = defineMethod({
  ...common,
  name: 'crm.enum.ownertype',
  handler: () => ({
    result: [
      { ID: 1, NAME: 'Lead', SYMBOL_CODE: 'LEAD', SYMBOL_CODE_SHORT: 'L' },
      { ID: 2, NAME: 'Deal', SYMBOL_CODE: 'DEAL', SYMBOL_CODE_SHORT: 'D' },
      { ID: 3, NAME: 'Contact', SYMBOL_CODE: 'CONTACT', SYMBOL_CODE_SHORT: 'C' },
      { ID: 4, NAME: 'Company', SYMBOL_CODE: 'COMPANY', SYMBOL_CODE_SHORT: 'CO' },
    ],
  }),
});

/** `crm.enum.activitytype` (I12): 2 is a call. */
export const crmEnumActivityTypeMethod = defineMethod({
  ...common,
  name: 'crm.enum.activitytype',
  handler: () => ({
    result: [
      { ID: 1, NAME: 'Meeting' },
      { ID: 2, NAME: 'Call' },
      { ID: 3, NAME: 'Task' },
      { ID: 4, NAME: 'E-mail' },
      { ID: 5, NAME: 'Action' },
      { ID: 6, NAME: 'Custom action' },
    ],
  }),
});

/** `crm.enum.activitydirection` (I12). */
export const crmEnumActivityDirectionMethod = defineMethod({
  ...common,
  name: 'crm.enum.activitydirection',
  handler: () => ({
    result: [
      { ID: 0, NAME: 'Undefined' },
      { ID: 1, NAME: 'Incoming' },
      { ID: 2, NAME: 'Outgoing' },
    ],
  }),
});
