import { ANY_AUTH } from '../../../kernel/method.js';
import { defineMethod } from '../../define-method.js';
import { fieldDescriptor } from '../field-descriptor.js';

const common = { scope: 'crm', authTypes: ANY_AUTH, batchable: true, readOnly: true, params: () => ({}) } as const;

/** An enumeration item as crm.enum.* answer it: integer ID, name, symbol codes (null for most). */
const item = (id: number, name: string, code: string | null = null, short: string | null = null) => ({
  ID: id,
  NAME: name,
  SYMBOL_CODE: code,
  SYMBOL_CODE_SHORT: short,
});

/** An enumeration method that answers a fixed list. */
const enumeration = (name: string, items: ReturnType<typeof item>[]) =>
  defineMethod({ ...common, name, handler: () => ({ result: items }) });

/** `crm.enum.fields`: the fields of an enumeration item (its reference page). */
export const crmEnumFieldsMethod = defineMethod({
  ...common,
  name: 'crm.enum.fields',
  handler: () => ({
    result: {
      ID: fieldDescriptor('int', 'ID', { isReadOnly: true }),
      NAME: fieldDescriptor('string', 'Name', { isReadOnly: true }),
      SYMBOL_CODE: fieldDescriptor('string', 'Symbol code', { isReadOnly: true }),
      SYMBOL_CODE_SHORT: fieldDescriptor('string', 'Short symbol code', { isReadOnly: true }),
    },
  }),
});

/** `crm.enum.ownertype`: CRM object type IDs this portal keeps (I12). */
export const crmEnumOwnerTypeMethod = enumeration('crm.enum.ownertype', [
  item(1, 'Lead', 'LEAD', 'L'),
  item(2, 'Deal', 'DEAL', 'D'),
  item(3, 'Contact', 'CONTACT', 'C'),
  item(4, 'Company', 'COMPANY', 'CO'),
]);

/** `crm.enum.addresstype` (its reference page). */
export const crmEnumAddressTypeMethod = enumeration('crm.enum.addresstype', [
  item(11, 'Shipping address'),
  item(1, 'Physical address'),
  item(6, 'Legal address'),
  item(4, 'Registered address'),
  item(8, 'Mailing address'),
  item(9, 'Beneficiary address'),
]);

/** `crm.enum.settings.mode`: 1 classic, 2 simple CRM (its reference page). */
export const crmEnumSettingsModeMethod = enumeration('crm.enum.settings.mode', [item(1, 'Classic CRM'), item(2, 'Simple CRM')]);

/** `crm.enum.getorderownertypes`: the object types an order can be bound to (its reference page). */
export const crmEnumGetOrderOwnerTypesMethod = defineMethod({
  ...common,
  name: 'crm.enum.getorderownertypes',
  handler: () => ({ result: [{ attribute: 'DYN', code: 'DEAL', id: 2, name: 'Deal' }] }),
});

/** `crm.enum.activitytype` (I12): 2 is a call. */
export const crmEnumActivityTypeMethod = enumeration('crm.enum.activitytype', [
  item(0, ''),
  item(1, 'Meeting'),
  item(2, 'Call'),
  item(3, 'Task'),
  item(4, 'E-mail'),
  item(5, 'Action'),
  item(6, 'User Action'),
]);

/** `crm.enum.activitydirection` (I12). */
export const crmEnumActivityDirectionMethod = enumeration('crm.enum.activitydirection', [
  item(0, ''),
  item(1, 'Incoming'),
  item(2, 'Outgoing'),
]);

/** `crm.enum.activitypriority` (its reference page). */
export const crmEnumActivityPriorityMethod = enumeration('crm.enum.activitypriority', [
  item(0, ''),
  item(1, 'low'),
  item(2, 'medium'),
  item(3, 'high'),
]);

/** `crm.enum.activitystatus` (its reference page). */
export const crmEnumActivityStatusMethod = enumeration('crm.enum.activitystatus', [
  item(0, ''),
  item(1, 'Pending'),
  item(2, 'Completed'),
  item(3, 'Automatically Completed'),
]);

/** `crm.enum.activitynotifytype` (its reference page). */
export const crmEnumActivityNotifyTypeMethod = enumeration('crm.enum.activitynotifytype', [
  item(0, ''),
  item(1, 'min.'),
  item(2, 'h.'),
  item(3, 'd.'),
]);

/** `crm.enum.contenttype`: DESCRIPTION_TYPE values (its reference page). */
export const crmEnumContentTypeMethod = enumeration('crm.enum.contenttype', [
  item(0, ''),
  item(1, 'Plain text'),
  item(2, 'bbCode'),
  item(3, 'HTML'),
]);

/** `crm.multifield.fields`: the fields of a PHONE/EMAIL/WEB/IM value (its reference page). */
export const crmMultifieldFieldsMethod = defineMethod({
  ...common,
  name: 'crm.multifield.fields',
  readOnly: true,
  handler: () => ({
    result: {
      ID: fieldDescriptor('int', 'ID', { isReadOnly: true }),
      TYPE_ID: fieldDescriptor('string', 'Field Type', { isReadOnly: true }),
      VALUE: fieldDescriptor('string', 'Value'),
      VALUE_TYPE: fieldDescriptor('string', 'Value Type'),
    },
  }),
});
