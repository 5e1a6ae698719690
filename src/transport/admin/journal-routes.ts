import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DeliveryState } from '../../features/events/event-deliveries.js';
import { MAX_DELIVERIES_LISTED } from '../../features/events/event-deliveries.js';
import { journalFilter, type JournalEntry, type JournalQuery } from '../../features/requests/request-journal.js';
import type { Services } from '../../features/services.js';
import { restError } from '../../kernel/errors/rest-error.js';
import { queryChoice, queryId, queryLimit, querySwitch, queryText, type AdminQuery } from './admin-query.js';

/** Largest `limit` of a journal listing: more than any journal keeps. */
const MAX_JOURNAL_LIMIT = 1_000_000;
/** A comment line this often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
const DELIVERY_STATES: readonly DeliveryState[] = ['pending', 'delivered', 'failed'];

/**
 * The request journal and the event deliveries: `GET|DELETE <prefix>/requests` (`?follow=1` streams
 * server-sent events), `GET <prefix>/events`, `POST <prefix>/events/:id/retry`.
 */
export function registerJournalRoutes(admin: FastifyInstance, services: Services, prefix: string): void {
  const { journal, deliveries } = services;
  const streams = new Set<() => void>();
  // Open streams would keep the server from closing: end them first.
  admin.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });

  admin.get(`${prefix}/requests`, async (request, reply) => {
    const query = request.query as AdminQuery;
    const journalQuery: JournalQuery = {
      method: queryText(query, 'method')?.trim() || undefined,
      errors: querySwitch(query, 'errors'),
      nearMisses: querySwitch(query, 'nearMisses'),
      after: queryId(query, 'after') ?? lastEventId(request),
      limit: queryLimit(query, MAX_JOURNAL_LIMIT),
    };
    if (!querySwitch(query, 'follow')) return { requests: journal.list(journalQuery) };
    follow(request, reply, journalQuery);
  });

  admin.delete(`${prefix}/requests`, async () => {
    journal.clear();
    return { requests: [] };
  });

  admin.get(`${prefix}/events`, async (request) => {
    const query = request.query as AdminQuery;
    const events = await deliveries.list({
      state: queryChoice(query, 'state', DELIVERY_STATES),
      event: queryText(query, 'event')?.trim() || undefined,
      after: queryId(query, 'after'),
      limit: queryLimit(query, MAX_DELIVERIES_LISTED),
    });
    return { events };
  });

  admin.post(`${prefix}/events/:id/retry`, async (request) => {
    const { id } = request.params as { id: string };
    if (!/^\d{1,15}$/.test(id)) throw restError('EVENT_DELIVERY_NOT_FOUND', { id });
    return { event: await deliveries.retryNow(Number(id)) };
  });

  /** Server-sent events: the matching backlog after `after`, then each new matching entry, until either side goes. */
  function follow(request: FastifyRequest, reply: FastifyReply, query: JournalQuery): void {
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise hold the stream back.
      'x-accel-buffering': 'no',
    });
    // The client learns at once that it follows, even before the first entry.
    out.flushHeaders();
    const send = (entry: JournalEntry) => out.write(`id: ${entry.id}\ndata: ${JSON.stringify(entry)}\n\n`);
    for (const entry of journal.list(query)) send(entry);
    const matches = journalFilter({ ...query, after: undefined });
    const unsubscribe = journal.subscribe((entry) => {
      if (matches(entry)) send(entry);
    });
    const heartbeat = setInterval(() => out.write(': still here\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const end = () => {
      if (!streams.delete(end)) return;
      unsubscribe();
      clearInterval(heartbeat);
      if (!out.writableEnded) out.end();
    };
    streams.add(end);
    request.raw.on('close', end);
    out.on('close', end);
  }
}

/** An EventSource reconnecting names the last entry it saw; it goes on after it. */
function lastEventId(request: FastifyRequest): number | undefined {
  const header = request.headers['last-event-id'];
  const text = Array.isArray(header) ? header[0] : header;
  return text && /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}
