import { restError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { defineMethod } from '../../define-method.js';
import { BASIC_SCOPE } from '../../../kernel/scopes.js';

/** The licence code this self-hosted portal reports in `app.info` (B18). */
const LICENSE = 'en_selfhosted';

/** `app.info`: the calling application; for a webhook its scopes and the licence (B18 corrected); else ACCESS_DENIED 400 (A18). */
export const appInfoMethod = defineMethod({
  name: 'app.info',
  readOnly: true,
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: true,
  params: () => ({}),
  handler: ({ auth, services }) => {
    if (auth.type === 'webhook') return { result: { SCOPE: [...auth.scopes], LICENSE } };
    if (!auth.app) throw restError('APP_CONTEXT_REQUIRED');
    const { app } = auth;
    return {
      result: {
        ID: app.id,
        CODE: app.code,
        VERSION: app.version,
        STATUS: app.status,
        INSTALLED: app.installed === 1,
        // "Y" while a fault switch makes the application's payment due.
        PAYMENT_EXPIRED: services.faults.paymentExpired(app.id) ? 'Y' : 'N',
        DAYS: null,
        LANGUAGE_ID: 'en',
        LICENSE,
        LICENSE_TYPE: 'selfhosted',
        LICENSE_FAMILY: 'selfhosted',
      },
    };
  },
});
