import { Command } from 'commander';
import { invalidArgument, parsePositiveInt } from '../options.js';
import { printJson, printTable } from '../output.js';
import { AdminClient, addRemoteOptions, type RemoteOptions } from './admin-client.js';

/** A switch as the server lists it: the spec as given plus its bookkeeping. */
interface Fault extends Record<string, unknown> {
  id: number;
  kind: string;
  remaining: number | null;
  hits: number;
  createdAt: string;
}

interface FaultFlags extends RemoteOptions {
  app?: number;
  method?: string;
  state?: string;
  users?: number[];
  user?: number;
  error?: unknown;
  status?: number;
  body?: string;
  delayMs?: number;
  drop?: boolean;
  params?: unknown;
  times?: number;
  mode?: string;
  event?: string;
  token?: string;
  clean?: boolean;
  json?: boolean;
}

/** Flag → field of the fault spec (docs/admin-api.md, "Faults"); the server checks which fields the kind takes. */
const SPEC_FIELDS: Array<[keyof FaultFlags, string]> = [
  ['app', 'appId'],
  ['method', 'method'],
  ['state', 'state'],
  ['users', 'userIds'],
  ['user', 'userId'],
  ['error', 'error'],
  ['status', 'status'],
  ['body', 'body'],
  ['delayMs', 'delayMs'],
  ['drop', 'drop'],
  ['params', 'params'],
  ['times', 'times'],
  ['mode', 'mode'],
  ['event', 'event'],
  ['token', 'token'],
  ['clean', 'clean'],
];

const KINDS =
  'payment_required, method_confirm, restrict_app, limit, fail, deliveries; once: expire_token, revoke_token, dismiss_user, extranet_user, uninstall_app, delete_app';

/** `extcall fault add|list|clear`: failures a running server answers with, as the cloud would. */
export function faultCommand(): Command {
  const fault = new Command('fault').description(
    'make a running server fail the way the cloud does: refusals, limits, errors, lost events',
  );
  addRemoteOptions(
    fault
      .command('add')
      .description('set a fault switch, or apply a one-time action; the server says which fields a kind needs')
      .argument('<kind>', KINDS)
      .option('--app <id>', 'application id (payment_required, method_confirm, restrict_app, uninstall_app, delete_app)', parsePositiveInt)
      .option('--method <name>', 'REST method the fault applies to (method_confirm, limit, fail)')
      .option('--state <state>', 'waiting or denied (method_confirm)')
      .option('--users <ids>', 'comma-separated user ids that keep access (restrict_app)', parseIdList)
      .option('--user <id>', 'user id (dismiss_user, extranet_user)', parsePositiveInt)
      .option(
        '--error <code>',
        'error code or catalogue key, or a JSON {"code","description","status"} (fail); the limit hit (limit)',
        parseError,
      )
      .option('--status <code>', 'HTTP status 500, 502, 503 or 504 to answer with (fail)', parsePositiveInt)
      .option('--body <kind>', 'body of a --status answer: envelope, empty or html (fail)')
      .option('--delay-ms <ms>', 'wait this long before answering normally (fail), or before delivering (deliveries)', parsePositiveInt)
      .option('--drop', 'close the connection without an answer (fail)')
      .option('--params <json>', 'only calls whose parameters hold these values, as JSON, e.g. {"CALL_ID":"x"} (fail)', parseJson)
      .option(
        '--times <n>',
        'how many calls or deliveries it hits before it goes away (default: until cleared; fail: once)',
        parsePositiveInt,
      )
      .option('--mode <mode>', 'delay, twice or drop (deliveries)')
      .option('--event <code>', 'only this event (deliveries)')
      .option('--token <token>', 'only this access token (expire_token, revoke_token; default every one)')
      .option('--clean', "tell the application to remove its data: ONAPPUNINSTALL's data[CLEAN] is 1 (uninstall_app)")
      .option('--json', "print the server's answer as JSON"),
  ).action(async (kind: string, flags: FaultFlags) => {
    const spec: Record<string, unknown> = { kind };
    for (const [flag, field] of SPEC_FIELDS) if (flags[flag] !== undefined) spec[field] = flags[flag];
    const answer = await AdminClient.for(flags).post<{ fault?: Fault; applied?: boolean } & Record<string, unknown>>('faults', spec);
    if (flags.json) printJson(answer);
    else if (answer.fault) process.stdout.write(`fault ${answer.fault.id} set: ${describeFault(answer.fault)}\n`);
    else process.stdout.write(`applied ${kind}: ${describeFields(answer, ['applied', 'kind'])}\n`);
  });
  addRemoteOptions(fault.command('list').description('the fault switches set, oldest first').option('--json', 'print JSON')).action(
    async (flags: RemoteOptions & { json?: boolean }) => {
      const { faults } = await AdminClient.for(flags).get<{ faults: Fault[] }>('faults');
      if (flags.json) printJson(faults);
      else
        printTable(
          faults.map((f) => ({
            id: f.id,
            kind: f.kind,
            details: describeFields(f, ['id', 'kind', 'remaining', 'hits', 'createdAt']) || '-',
            remaining: f.remaining ?? 'until cleared',
            hits: f.hits,
          })),
        );
    },
  );
  addRemoteOptions(
    fault
      .command('clear')
      .description('remove one fault switch, or every one')
      .argument('[id]', 'the switch to remove (default: all of them)', parsePositiveInt),
  ).action(async (id: number | undefined, flags: RemoteOptions) => {
    const client = AdminClient.for(flags);
    if (id === undefined) {
      const { removed } = await client.delete<{ removed: number }>('faults');
      process.stdout.write(`removed ${removed} fault${removed === 1 ? '' : 's'}\n`);
    } else {
      const { fault: removed } = await client.delete<{ fault: Fault }>(`faults/${id}`);
      process.stdout.write(`removed fault ${removed.id}: ${describeFault(removed)}\n`);
    }
  });
  return fault;
}

function describeFault(fault: Fault): string {
  const details = describeFields(fault, ['id', 'kind', 'remaining', 'hits', 'createdAt']);
  const times = fault.remaining === null ? 'until cleared' : `${fault.remaining} more`;
  return `${fault.kind}${details ? ` ${details}` : ''} (${times})`;
}

function describeFields(value: Record<string, unknown>, skip: string[]): string {
  return Object.entries(value)
    .filter(([key, field]) => !skip.includes(key) && field !== null && field !== undefined)
    .map(([key, field]) => `${key}=${typeof field === 'string' ? field : JSON.stringify(field)}`)
    .join(' ');
}

function parseIdList(value: string): number[] {
  return value.split(',').map((id) => parsePositiveInt(id.trim()));
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch (error) {
    throw invalidArgument('NOT_JSON', { value, reason: (error as Error).message });
  }
}

/** A code as is; a JSON object for an error of one's own. */
function parseError(value: string): unknown {
  return value.trim().startsWith('{') ? parseJson(value) : value;
}
