import { ANY_AUTH } from '../../../kernel/method.js';
import { formatPortalDate } from '../../../kernel/portal-time.js';
import { BASIC_SCOPE } from '../../../kernel/scopes.js';
import { defineMethod } from '../../define-method.js';

/** `server.time`: the server's clock as `YYYY-MM-DDThh:mm:ss±hh:mm` in the portal's zone (server.time page). */
export const serverTimeMethod = defineMethod({
  name: 'server.time',
  readOnly: true,
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: true,
  params: () => ({}),
  handler: ({ services }) => ({ result: formatPortalDate(services.clock.nowMs(), services.config.timeZone) }),
});
