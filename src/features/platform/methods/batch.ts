import { restError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { boolOrNull, isPlainRecord, param } from '../../../kernel/params/readers.js';
import { BASIC_SCOPE } from '../../../kernel/scopes.js';
import { defineMethod } from '../../define-method.js';

/** Reads `cmd` (D1, D8): an object keyed by command names, or a list. */
function batchCommands(cmd: unknown): Array<[string, unknown]> {
  if (Array.isArray(cmd)) return cmd.map((command, index) => [String(index), command]);
  if (isPlainRecord(cmd)) return Object.entries(cmd);
  throw restError('BATCH_CMD_NOT_LIST');
}

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
  handler: async ({ commands: runner }, { commands, halt }) => ({ result: await runner.runBatch(commands, halt) }),
});
