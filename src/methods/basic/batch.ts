import { batchCommands, runBatch } from '../../rest/batch.js';
import { dispatch } from '../../rest/dispatcher.js';
import { restError } from '../../rest/errors.js';
import { ANY_AUTH, defineMethod } from '../../rest/method-definition.js';
import { boolOrNull, param } from '../../rest/params.js';
import { BASIC_SCOPE } from '../../domain/scopes.js';

/**
 * `batch` (D1–D12): up to 50 commands run one after another with the caller's credentials, each
 * answering under its key. Not itself batchable, and not metered (C7): its commands are.
 */
export const batchMethod = defineMethod({
  name: 'batch',
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: false,
  countsOperatingTime: false,
  params: (raw) => ({ commands: batchCommands(param(raw, 'cmd')), halt: boolOrNull(param(raw, 'halt')) === true }),
  handler: async (context, { commands, halt }) => {
    const { registry, config } = context.services;
    const result = await runBatch(
      commands,
      halt,
      (method, params) => {
        if (registry.find(method)?.batchable === false) throw restError('ERROR_BATCH_METHOD_NOT_ALLOWED');
        return dispatch(registry, method, params, context);
      },
      config.timeZone,
    );
    return { result };
  },
});
