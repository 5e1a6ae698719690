import { Command } from 'commander';
import { withPortal } from '../admin-session.js';
import { addStorageOptions, parsePositiveInt, type StorageOptions } from '../options.js';

/** `extcall overload on|off [--app ID]`: the manual OVERLOAD_LIMIT block (C8). */
export function overloadCommand(): Command {
  const overload = new Command('overload').description('block REST calls with OVERLOAD_LIMIT, as a portal under maintenance would');
  for (const [name, description] of [
    ['on', 'block every call of the portal, or of one application'],
    ['off', 'lift the block of the portal, or of one application'],
  ] as const) {
    addStorageOptions(overload.command(name).description(description).option('--app <id>', 'only this application', parsePositiveInt), {
      memory: false,
    }).action(async (flags: StorageOptions & { app?: number }) => {
      await withPortal(flags, (s) => (name === 'on' ? s.overload.block(flags.app) : s.overload.lift(flags.app)));
      process.stdout.write(
        `${flags.app ? `application ${flags.app}` : 'the portal'}: ${name === 'on' ? 'blocked with OVERLOAD_LIMIT' : 'unblocked'}\n`,
      );
    });
  }
  return overload;
}
