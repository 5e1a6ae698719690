import { Command } from 'commander';
import type { JournalEntry } from '../../features/requests/request-journal.js';
import { parsePositiveInt } from '../options.js';
import { printJson } from '../output.js';
import { AdminClient, addRemoteOptions, type RemoteOptions } from './admin-client.js';

interface RequestsFlags extends RemoteOptions {
  follow?: boolean;
  method?: string;
  errors?: boolean;
  nearMisses?: boolean;
  limit?: number;
  json?: boolean;
}

/** `extcall requests [list]` and `extcall requests clear`: the REST calls a running server answered. */
export function requestsCommand(): Command {
  const requests = new Command('requests').description('the REST calls a running server answered (its request journal)');
  addRemoteOptions(
    requests
      .command('list', { isDefault: true })
      .description('the calls, oldest first, one line each (the default)')
      .option('--follow', 'keep printing calls as they arrive, until stopped')
      .option('--method <name>', 'only calls of this method, in any letter case')
      .option('--errors', 'only calls answered with an error (or a batch with a failed command)')
      .option('--near-misses', 'only calls with a near miss: a parameter ignored, renamed or read differently than the client may think')
      .option('--limit <n>', 'only the newest n calls', parsePositiveInt)
      .option('--json', 'print entries as JSON (one object a line with --follow)'),
  ).action(async (flags: RequestsFlags) => {
    const client = AdminClient.for(flags);
    const query = {
      method: flags.method,
      errors: flags.errors ? '1' : undefined,
      nearMisses: flags.nearMisses ? '1' : undefined,
      limit: flags.limit === undefined ? undefined : String(flags.limit),
    };
    if (flags.follow) {
      for await (const entry of client.stream('requests', { ...query, follow: '1' })) {
        process.stdout.write(`${flags.json ? JSON.stringify(entry) : requestLine(entry as JournalEntry)}\n`);
      }
      return;
    }
    const { requests: entries } = await client.get<{ requests: JournalEntry[] }>('requests', query);
    if (flags.json) printJson(entries);
    else if (entries.length === 0) process.stdout.write('(none)\n');
    else for (const entry of entries) process.stdout.write(`${requestLine(entry)}\n`);
  });
  addRemoteOptions(requests.command('clear').description('empty the journal, e.g. between the tests of a suite')).action(
    async (flags: RemoteOptions) => {
      await AdminClient.for(flags).delete('requests');
      process.stdout.write('the request journal is empty\n');
    },
  );
  return requests;
}

/** `#12  2030-01-01T09:00:00+01:00  200  telephony.externalcall.register  webhook 1 user 1  3 ms`, then what went wrong. */
export function requestLine(entry: JournalEntry): string {
  const parts = [
    `#${entry.id}`,
    entry.at,
    String(entry.status),
    entry.method || '-',
    caller(entry.auth),
    `${Math.round(entry.durationMs)} ms`,
  ];
  if (entry.retried) parts.push('(replayed)');
  if (entry.error) parts.push(`${entry.error}: ${entry.errorDescription ?? ''}`.trim());
  const failed = (entry.batch ?? []).filter((command) => command.error);
  if (failed.length > 0) parts.push(`batch: ${failed.map((command) => `${command.key} ${command.error}`).join(', ')}`);
  const misses = [...entry.nearMisses, ...(entry.batch ?? []).flatMap((command) => command.nearMisses)];
  if (misses.length > 0) parts.push(`near misses: ${misses.map((miss) => `${miss.parameter} ${miss.detail}`).join('; ')}`);
  return parts.join('  ');
}

function caller(auth: JournalEntry['auth']): string {
  if (auth.kind === 'webhook') return `webhook ${auth.webhookId ?? '?'} user ${auth.userId ?? '?'}`;
  if (auth.kind === 'token') return `app ${auth.appId ?? '?'} user ${auth.userId ?? '?'}`;
  return 'no credential';
}
