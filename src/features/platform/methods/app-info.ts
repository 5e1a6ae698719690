import { restError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { defineMethod } from '../../define-method.js';
import { BASIC_SCOPE } from '../../../kernel/scopes.js';

/** `app.info`: the calling application; outside an application, ACCESS_DENIED with 400 (A18, B18). */
export const appInfoMethod = defineMethod({
  name: 'app.info',
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: true,
  params: () => ({}),
  handler: ({ auth }) => {
    if (!auth.app) throw restError('APP_CONTEXT_REQUIRED');
    const { app } = auth;
    return {
      result: {
        ID: app.id,
        CODE: app.code,
        VERSION: app.version,
        STATUS: app.status,
        INSTALLED: app.installed === 1,
        PAYMENT_EXPIRED: 'N',
        DAYS: null,
        LANGUAGE_ID: 'en',
        LICENSE: 'en_selfhosted',
        LICENSE_TYPE: 'selfhosted',
        LICENSE_FAMILY: 'selfhosted',
      },
    };
  },
});
