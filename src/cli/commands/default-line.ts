import type { Command } from 'commander';
import type { OutgoingLineChoice } from '../../features/telephony/default-outgoing-lines.js';
import { withPortal } from '../admin-session.js';
import { addStorageOptions, parsePositiveInt, UsageError, type StorageOptions } from '../options.js';
import { printJson } from '../output.js';

interface DefaultLineFlags extends StorageOptions {
  app?: number;
  outgoingWebhook?: number;
  clear?: boolean;
  user?: number;
  json?: boolean;
}

function lineText(choice: OutgoingLineChoice | null, userId: number | undefined): string {
  if (!choice) return userId === undefined ? 'none (the only telephony application)' : "none (the portal's default applies)";
  return 'app' in choice ? `application ${choice.app}` : `outgoing webhook ${choice.outgoingWebhook}`;
}

/**
 * `extcall call default-line`: the portal's default line for outgoing calls, or a user's own (H11),
 * which the portal UI sets; an application or an outgoing webhook bound to ONEXTERNALCALLSTART.
 */
export function addDefaultLineCommand(call: Command): void {
  addStorageOptions(
    call
      .command('default-line')
      .description(
        'show or set the default line click-to-call dials through: an application or an outgoing webhook bound to ONEXTERNALCALLSTART',
      )
      .option('--app <id>', 'make this application the default line', parsePositiveInt)
      .option('--outgoing-webhook <id>', 'make this outgoing webhook (event ONEXTERNALCALLSTART) the default line', parsePositiveInt)
      .option('--clear', "forget the default (a user's: the portal's applies again; the portal's: the only telephony application)")
      .option('--user <id>', "the user's own default instead of the portal's; it wins over the portal's", parsePositiveInt)
      .option('--json', 'print JSON'),
    { memory: false },
  ).action(async (flags: DefaultLineFlags) => {
    const given = [flags.app !== undefined, flags.outgoingWebhook !== undefined, flags.clear === true].filter(Boolean).length;
    if (given > 1) throw UsageError.of('LINE_CHOICES_EXCLUSIVE');
    const choice: OutgoingLineChoice | null =
      flags.app !== undefined
        ? { app: flags.app }
        : flags.outgoingWebhook !== undefined
          ? { outgoingWebhook: flags.outgoingWebhook }
          : null;
    const current = await withPortal(flags, async (s) => {
      if (choice) await s.defaultLines.set(choice, flags.user);
      else if (flags.clear) await s.defaultLines.clear(flags.user);
      return s.defaultLines.get(flags.user);
    });
    if (flags.json) printJson({ userId: flags.user ?? null, line: current });
    else
      process.stdout.write(
        `default outgoing line of ${flags.user === undefined ? 'the portal' : `user ${flags.user}`}: ${lineText(current, flags.user)}\n`,
      );
  });
}
