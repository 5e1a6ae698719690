import { Command } from 'commander';
import { parsePositiveInt } from '../options.js';
import { printJson } from '../output.js';
import { AdminClient, addRemoteOptions, type RemoteOptions } from './admin-client.js';

interface ConsoleLink {
  url: string;
  userId: number;
  expiresAt: string;
}

/** `extcall console-link [--user ID]`: a one-time link that signs a browser into a running server's console. */
export function consoleLinkCommand(): Command {
  return addRemoteOptions(
    new Command('console-link')
      .description('print a one-time link that signs into the web console of a running server (valid 15 minutes)')
      .option('--user <id>', 'the user the browser acts as (default: the first administrator)', parsePositiveInt)
      .option('--json', 'print the link, the user and its expiry as JSON'),
  ).action(async (flags: RemoteOptions & { user?: number; json?: boolean }) => {
    const link = await AdminClient.for(flags).post<ConsoleLink>('console-link', flags.user === undefined ? {} : { userId: flags.user });
    if (flags.json) printJson(link);
    else process.stdout.write(`${link.url}\n`);
  });
}
