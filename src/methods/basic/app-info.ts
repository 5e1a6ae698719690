import { restError } from '../../rest/errors.js';
import { ANY_AUTH, defineMethod } from '../../rest/method-definition.js';
import { BASIC_SCOPE } from '../../domain/scopes.js';

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
