import { Command } from 'commander';
import type { DemoPortal } from '../../features/platform/demo-portal.js';
import { printJson } from '../output.js';
import { AdminClient, addRemoteOptions, type RemoteOptions } from './admin-client.js';

/** `extcall reset [--empty]`: a running server back to its starting data. */
export function resetCommand(): Command {
  return addRemoteOptions(
    new Command('reset')
      .description('put a running server back to its starting data (new credentials: it prints them)')
      .option('--empty', 'leave the portal empty instead of seeding it again')
      .option('--json', 'print the new portal description as JSON'),
  ).action(async (flags: RemoteOptions & { empty?: boolean; json?: boolean }) => {
    const { portal } = await AdminClient.for(flags).post<{ portal: DemoPortal | null }>('reset', { empty: flags.empty === true });
    if (flags.json) printJson(portal);
    else if (!portal) process.stdout.write('portal reset: empty\n');
    else
      process.stdout.write(
        `portal reset: ${portal.users.length} users\nwebhook URL:  ${portal.webhookUrl}\naccess token: ${portal.app.accessToken}\n`,
      );
  });
}
