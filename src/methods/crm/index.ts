import type { MethodDefinition } from '../../rest/method-definition.js';
import { crmActivityCommunicationFieldsMethod, crmActivityFieldsMethod, crmActivityGetMethod, crmActivityListMethod } from './activity-methods.js';
import { crmCurrencyFieldsMethod, crmCurrencyGetMethod, crmCurrencyListMethod, crmStatusFieldsMethod, crmStatusListMethod } from './dictionary-methods.js';
import { crmDuplicateFindByCommMethod } from './duplicate-findbycomm.js';
import { crmActivityCallGetTranscriptMethod } from './activity-call-get-transcript.js';
import { crmEntityMethods } from './entity-methods.js';
import { crmEnumActivityDirectionMethod, crmEnumActivityTypeMethod, crmEnumOwnerTypeMethod } from './enum-methods.js';

/** Every crm.* method. */
export const CRM_METHODS: readonly MethodDefinition<any>[] = [
  ...crmEntityMethods('lead', 'LEAD'),
  ...crmEntityMethods('contact', 'CONTACT'),
  ...crmEntityMethods('company', 'COMPANY'),
  crmActivityGetMethod,
  crmActivityListMethod,
  crmActivityFieldsMethod,
  crmActivityCommunicationFieldsMethod,
  crmActivityCallGetTranscriptMethod,
  crmDuplicateFindByCommMethod,
  crmStatusListMethod,
  crmStatusFieldsMethod,
  crmCurrencyListMethod,
  crmCurrencyGetMethod,
  crmCurrencyFieldsMethod,
  crmEnumOwnerTypeMethod,
  crmEnumActivityTypeMethod,
  crmEnumActivityDirectionMethod,
];
