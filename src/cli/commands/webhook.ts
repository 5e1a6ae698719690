import { Command } from 'commander';
import { withPortal } from '../admin-session.js';
import { adminError } from '../../kernel/errors/admin-error.js';
import { addStorageOptions, envFlag, parsePositiveInt, type StorageOptions } from '../options.js';
import { printJson, printTable } from '../output.js';
import { serverBaseUrl } from '../server-address.js';

export function webhookCommand(): Command {
  const webhook = new Command('webhook').description('manage incoming webhooks, and outgoing ones (events to your URL)');

  addStorageOptions(
    webhook
      .command('add')
      .description('create an incoming webhook for a user; prints its secret code once')
      .requiredOption('--user <id>', 'owner user id', parsePositiveInt)
      .requiredOption('--scopes <list>', 'comma-separated scopes')
      .option('--title <title>', 'a name to recognise it by')
      .option('--base-url <url>', "server base URL for the printed webhook URL (default: the address the data directory's server saved)")
      .option('--json', 'print JSON'),
    { memory: false },
  ).action(async (flags: StorageOptions & { user: number; scopes: string; title?: string; baseUrl?: string; json?: boolean }) => {
    const { webhook: row, code } = await withPortal(flags, (s) =>
      s.portal.addWebhook({ userId: flags.user, scopes: flags.scopes, title: flags.title }),
    );
    const url = `${(flags.baseUrl ?? serverBaseUrl(flags)).replace(/\/+$/, '')}/rest/${row.user_id}/${code}/`;
    if (flags.json) printJson({ id: row.id, userId: row.user_id, code, url, scopes: row.scopes.split(',') });
    else process.stdout.write(`webhook ${row.id} for user ${row.user_id}: ${url}\n`);
  });

  addStorageOptions(
    webhook.command('list').description('list webhooks (codes are stored hashed and cannot be shown)').option('--json', 'print JSON'),
    { memory: false },
  ).action(async (flags: StorageOptions & { json?: boolean }) => {
    const rows = await withPortal(flags, (s) => s.portal.listWebhooks());
    const out = rows.map((r) => ({ id: r.id, userId: r.user_id, title: r.title, scopes: r.scopes }));
    if (flags.json) printJson(out);
    else printTable(out);
  });
  addStorageOptions(
    webhook
      .command('delete')
      .description('revoke an incoming webhook: its URL stops working')
      .requiredOption('--id <id>', 'its id (see webhook list)', parsePositiveInt),
    { memory: false },
  ).action(async (flags: StorageOptions & { id: number }) => {
    const removed = await withPortal(flags, (s) => s.portal.revokeWebhook(flags.id));
    if (!removed) throw adminError('NO_WEBHOOK', { webhookId: flags.id });
    process.stdout.write(`webhook ${flags.id} revoked\n`);
  });
  const outgoing = webhook.command('outgoing').description('outgoing webhooks: events posted to a URL of yours');
  addStorageOptions(
    outgoing
      .command('add')
      .description('send an event to a handler URL; prints the application_token its posts carry')
      .requiredOption('--event <code>', 'event code, e.g. ONVOXIMPLANTCALLEND or ONEXTERNALCALLBACKSTART')
      .requiredOption('--handler <url>', 'http or https URL')
      .option(
        '--allow-private-event-handlers',
        'accept a handler on a private, loopback or link-local address; the server must allow it too (env EXTCALL_ALLOW_PRIVATE_EVENT_HANDLERS)',
      )
      .option('--json', 'print JSON'),
    { memory: false },
  ).action(async (flags: StorageOptions & { event: string; handler: string; allowPrivateEventHandlers?: boolean; json?: boolean }) => {
    const allowPrivate = flags.allowPrivateEventHandlers ?? envFlag(process.env.EXTCALL_ALLOW_PRIVATE_EVENT_HANDLERS);
    const added = await withPortal(flags, (s) => s.outgoingWebhooks.add(flags.event, flags.handler, allowPrivate));
    if (flags.json) printJson(added);
    else
      process.stdout.write(
        `outgoing webhook ${added.id}: ${added.event} → ${added.handler}\napplication_token: ${added.applicationToken}\n`,
      );
  });
  addStorageOptions(outgoing.command('list').description('list outgoing webhooks').option('--json', 'print JSON'), {
    memory: false,
  }).action(async (flags: StorageOptions & { json?: boolean }) => {
    const rows = await withPortal(flags, (s) => s.outgoingWebhooks.list());
    if (flags.json) printJson(rows);
    else printTable(rows);
  });
  addStorageOptions(
    outgoing.command('delete').description('delete an outgoing webhook').requiredOption('--id <id>', 'its id', parsePositiveInt),
    { memory: false },
  ).action(async (flags: StorageOptions & { id: number }) => {
    await withPortal(flags, (s) => s.outgoingWebhooks.delete(flags.id));
    process.stdout.write(`outgoing webhook ${flags.id} deleted\n`);
  });
  return webhook;
}
