import { restError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { listValues, param, positiveIntOrNull } from '../../../kernel/params/readers.js';
import { defineMethod } from '../../define-method.js';

/**
 * `voximplant.user.get`: the telephony settings of USER_ID (one or a list). Administrators may read
 * anyone's; other users only their own, else ACCESS_DENIED (voximplant.user.get page, B20). This
 * portal has no SIP registrar and no rented lines, so the phone is off and the SIP fields are null;
 * INNER_NUMBER is the employee's extension. Unknown IDs are left out.
 */
export const voximplantUserGetMethod = defineMethod({
  name: 'voximplant.user.get',
  readOnly: true,
  scope: 'telephony',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => {
    const value = param(raw, 'USER_ID');
    const ids = listValues(value)
      .map(positiveIntOrNull)
      .filter((id): id is number => id !== null);
    if (value === undefined || value === '' || ids.length === 0) throw restError('VOXIMPLANT_USER_ID_NOT_SET');
    return { ids: [...new Set(ids)] };
  },
  handler: async ({ auth, services }, { ids }) => {
    if (auth.user.is_admin !== 1 && ids.some((id) => id !== auth.user.id)) throw restError('VOXIMPLANT_USER_ACCESS_DENIED');
    const users = await services.users.byIds(ids);
    return {
      result: users.map((user) => ({
        ID: String(user.id),
        DEFAULT_LINE: null,
        PHONE_ENABLED: 'N',
        SIP_SERVER: null,
        SIP_LOGIN: null,
        SIP_PASSWORD: null,
        INNER_NUMBER: user.phone_inner,
      })),
    };
  },
});
