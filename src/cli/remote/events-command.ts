import { Command } from 'commander';
import type { Delivery } from '../../features/events/event-deliveries.js';
import { parsePositiveInt } from '../options.js';
import { printJson, printTable } from '../output.js';
import { AdminClient, addRemoteOptions, type RemoteOptions } from './admin-client.js';

interface EventsFlags extends RemoteOptions {
  failed?: boolean;
  pending?: boolean;
  delivered?: boolean;
  event?: string;
  limit?: number;
  json?: boolean;
}

/** `extcall events [list]` and `extcall events retry ID`: the event deliveries of a running server. */
export function eventsCommand(): Command {
  const events = new Command('events').description('the events a running server sends to handlers, and their deliveries');
  addRemoteOptions(
    events
      .command('list', { isDefault: true })
      .description('event deliveries, newest last (the default)')
      .option('--failed', 'only deliveries whose last attempt failed')
      .option('--pending', 'only deliveries still to be sent')
      .option('--delivered', 'only deliveries the handler took')
      .option('--event <code>', 'only this event, e.g. ONEXTERNALCALLSTART')
      .option('--limit <n>', 'at most n, the newest (the server answers 100 unless told)', parsePositiveInt)
      .option('--json', 'print the deliveries as JSON, payloads included'),
  ).action(async (flags: EventsFlags) => {
    const state = flags.failed ? 'failed' : flags.pending ? 'pending' : flags.delivered ? 'delivered' : undefined;
    const { events: rows } = await AdminClient.for(flags).get<{ events: Delivery[] }>('events', {
      state,
      event: flags.event,
      limit: flags.limit === undefined ? undefined : String(flags.limit),
    });
    if (flags.json) printJson(rows);
    else printTable(rows.map(deliveryRow));
  });
  addRemoteOptions(
    events
      .command('retry')
      .description('send a delivery again now, whatever its state')
      .argument('<id>', 'the delivery id, as `extcall events` lists it', parsePositiveInt)
      .option('--json', 'print the delivery as JSON'),
  ).action(async (id: number, flags: RemoteOptions & { json?: boolean }) => {
    const { event } = await AdminClient.for(flags).post<{ event: Delivery }>(`events/${id}/retry`);
    if (flags.json) printJson(event);
    else printTable([deliveryRow(event)]);
  });
  return events;
}

function deliveryRow(delivery: Delivery): Record<string, unknown> {
  return {
    id: delivery.id,
    event: delivery.event,
    state: delivery.gaveUp ? `${delivery.state} (gave up)` : delivery.state,
    attempts: delivery.attempts,
    handler: delivery.handler,
    app: delivery.application,
    next: delivery.nextAttemptAt,
    error: delivery.lastError,
  };
}
