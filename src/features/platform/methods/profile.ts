import { ANY_AUTH } from '../../../kernel/method.js';
import { defineMethod } from '../../define-method.js';
import { BASIC_SCOPE } from '../../../kernel/scopes.js';
import { portalOffsetSeconds } from '../../../kernel/portal-time.js';

/** `profile`: the calling user in brief, with the admin flag; needs no user scope. */
export const profileMethod = defineMethod({
  name: 'profile',
  readOnly: true,
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: true,
  params: () => ({}),
  handler: ({ auth, services }) => {
    const { user } = auth;
    const zone = user.time_zone || services.config.timeZone;
    return {
      result: {
        ID: String(user.id),
        ADMIN: user.is_admin === 1,
        NAME: user.name,
        LAST_NAME: user.last_name,
        PERSONAL_GENDER: user.personal_gender,
        TIME_ZONE: user.time_zone,
        TIME_ZONE_OFFSET: portalOffsetSeconds(services.clock.nowMs(), zone),
      },
    };
  },
});
