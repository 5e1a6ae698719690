import type { FeatureMethod } from './define-method.js';
import { appInfoMethod } from './platform/methods/app-info.js';
import { batchMethod } from './platform/methods/batch.js';
import { methodGetMethod } from './platform/methods/method-get.js';
import { profileMethod } from './platform/methods/profile.js';
import { scopeMethod } from './platform/methods/scope.js';
import { userCurrentMethod } from './users/methods/user-current.js';
import { userFieldsMethod } from './users/methods/user-fields.js';
import { userGetMethod } from './users/methods/user-get.js';
import { callAttachTranscriptionMethod } from './telephony/methods/call-attach-transcription.js';
import { externalCallAttachRecordMethod } from './telephony/methods/external-call-attach-record.js';
import { externalCallHideMethod, externalCallShowMethod } from './telephony/methods/external-call-cards.js';
import { externalCallFinishMethod } from './telephony/methods/external-call-finish.js';
import { externalCallRegisterMethod } from './telephony/methods/external-call-register.js';
import { externalCallSearchCrmEntitiesMethod } from './telephony/methods/external-call-search-crm-entities.js';
import {
  externalLineAddMethod,
  externalLineDeleteMethod,
  externalLineGetMethod,
  externalLineUpdateMethod,
} from './telephony/methods/external-line-methods.js';
import { statisticGetMethod } from './statistics/methods/statistic-get.js';
import { imNotifyMethod, imNotifySystemAddMethod } from './notifications/methods/notify-add.js';
import { imNotifyGetMethod } from './notifications/methods/notify-get.js';
import { crmActivityCallGetTranscriptMethod } from './crm/methods/activity-call-get-transcript.js';
import {
  crmActivityCommunicationFieldsMethod,
  crmActivityFieldsMethod,
  crmActivityGetMethod,
  crmActivityListMethod,
} from './crm/methods/activity-methods.js';
import {
  crmCurrencyFieldsMethod,
  crmCurrencyGetMethod,
  crmCurrencyListMethod,
  crmStatusFieldsMethod,
  crmStatusListMethod,
} from './crm/methods/dictionary-methods.js';
import { crmDuplicateFindByCommMethod } from './crm/methods/duplicate-findbycomm.js';
import {
  crmCompanyAddMethod,
  crmCompanyFieldsMethod,
  crmCompanyGetMethod,
  crmCompanyListMethod,
  crmCompanyUpdateMethod,
  crmContactAddMethod,
  crmContactFieldsMethod,
  crmContactGetMethod,
  crmContactListMethod,
  crmContactUpdateMethod,
  crmLeadAddMethod,
  crmLeadFieldsMethod,
  crmLeadGetMethod,
  crmLeadListMethod,
  crmLeadUpdateMethod,
} from './crm/methods/entity-methods.js';
import { crmEnumActivityDirectionMethod, crmEnumActivityTypeMethod, crmEnumOwnerTypeMethod } from './crm/methods/enum-methods.js';
import { eventBindMethod, eventGetMethod, eventsMethod, eventTestMethod, eventUnbindMethod } from './events/methods/event-methods.js';

/** Every REST method this server answers. Adding a method = its definition in its feature's methods/ and one line here. */
export const ALL_METHODS: readonly FeatureMethod[] = [
  batchMethod,
  scopeMethod,
  methodGetMethod,
  appInfoMethod,
  profileMethod,
  userGetMethod,
  userCurrentMethod,
  userFieldsMethod,
  externalCallRegisterMethod,
  externalCallFinishMethod,
  externalCallAttachRecordMethod,
  callAttachTranscriptionMethod,
  externalCallShowMethod,
  externalCallHideMethod,
  externalCallSearchCrmEntitiesMethod,
  externalLineAddMethod,
  externalLineUpdateMethod,
  externalLineGetMethod,
  externalLineDeleteMethod,
  statisticGetMethod,
  imNotifyGetMethod,
  imNotifyMethod,
  imNotifySystemAddMethod,
  crmLeadGetMethod,
  crmLeadListMethod,
  crmLeadFieldsMethod,
  crmLeadAddMethod,
  crmLeadUpdateMethod,
  crmContactGetMethod,
  crmContactListMethod,
  crmContactFieldsMethod,
  crmContactAddMethod,
  crmContactUpdateMethod,
  crmCompanyGetMethod,
  crmCompanyListMethod,
  crmCompanyFieldsMethod,
  crmCompanyAddMethod,
  crmCompanyUpdateMethod,
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
  eventBindMethod,
  eventUnbindMethod,
  eventGetMethod,
  eventsMethod,
  eventTestMethod,
];
