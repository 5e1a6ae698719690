import type { MethodDefinition } from '../rest/method-definition.js';
import { appInfoMethod } from './basic/app-info.js';
import { methodGetMethod } from './basic/method-get.js';
import { profileMethod } from './basic/profile.js';
import { scopeMethod } from './basic/scope.js';
import { batchMethod } from './basic/batch.js';
import { userCurrentMethod } from './user/user-current.js';
import { userFieldsMethod } from './user/user-fields.js';
import { userGetMethod } from './user/user-get.js';
import { externalCallFinishMethod } from './telephony/external-call-finish.js';
import { externalCallRegisterMethod } from './telephony/external-call-register.js';
import { statisticGetMethod } from './voximplant/statistic-get.js';
import { externalCallHideMethod, externalCallShowMethod } from './telephony/external-call-cards.js';
import { callAttachTranscriptionMethod } from './telephony/call-attach-transcription.js';
import { externalCallAttachRecordMethod } from './telephony/external-call-attach-record.js';
import { externalCallSearchCrmEntitiesMethod } from './telephony/external-call-search-crm-entities.js';
import { externalLineAddMethod, externalLineDeleteMethod, externalLineGetMethod, externalLineUpdateMethod } from './telephony/external-line-methods.js';
import { imNotifyGetMethod } from './im/notify-get.js';
import { imNotifyMethod, imNotifySystemAddMethod } from './im/notify-add.js';
import { CRM_METHODS } from './crm/index.js';
import { eventBindMethod, eventGetMethod, eventsMethod, eventTestMethod, eventUnbindMethod } from './event/event-methods.js';

/** Every REST method this server answers. Adding a method = adding its file and one line here. */
export const ALL_METHODS: readonly MethodDefinition<any>[] = [
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
  ...CRM_METHODS,
  eventBindMethod,
  eventUnbindMethod,
  eventGetMethod,
  eventsMethod,
  eventTestMethod,
];
