import type { Logger } from 'pino';
import { maskedForeignUrl } from '../../kernel/masked-url.js';

/** One attempt to deliver one queued event, as the deliverer saw it. */
export interface DeliveryAttempt {
  eventId: number;
  event: string;
  bindingId: number;
  /** The handler's address as stored (unmasked: listeners mask what they show). */
  handler: string | null;
  /** Which attempt this was, from 1. */
  attempt: number;
  delivered: boolean;
  /** The handler's HTTP status, when it answered. */
  httpStatus: number | null;
  error: string | null;
  /** Unix seconds of the next attempt; null when delivered or given up. */
  nextAttemptAt: number | null;
  /** The address policy refused the handler: given up at once. */
  refused: boolean;
}

export type DeliveryAttemptListener = (attempt: DeliveryAttempt) => void;

/** Writes one log line per delivery attempt and tells the listeners (the metrics) about it. */
export class DeliveryAttempts {
  private readonly listeners: DeliveryAttemptListener[] = [];

  constructor(private readonly log: Logger | null) {}

  /** Calls `listener` after every attempt; answers the unsubscribe. */
  subscribe(listener: DeliveryAttemptListener): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at !== -1) this.listeners.splice(at, 1);
    };
  }

  report(attempt: DeliveryAttempt): void {
    this.writeLine(attempt);
    for (const listener of this.listeners) {
      try {
        listener(attempt);
      } catch {
        // A listener's fault is not the delivery's: the attempt's outcome stands.
      }
    }
  }

  private writeLine(attempt: DeliveryAttempt): void {
    if (!this.log) return;
    const fields = {
      event: attempt.event,
      eventId: attempt.eventId,
      bindingId: attempt.bindingId,
      handler: attempt.handler === null ? null : maskedForeignUrl(attempt.handler),
      attempt: attempt.attempt,
      httpStatus: attempt.httpStatus,
      ...(attempt.error === null ? {} : { reason: attempt.error }),
      nextAttemptAt: attempt.nextAttemptAt === null ? null : new Date(attempt.nextAttemptAt * 1000).toISOString(),
    };
    if (attempt.delivered) this.log.info(fields, 'event delivered');
    else if (attempt.refused) this.log.warn(fields, 'event not delivered: the handler address is refused; not retried');
    else if (attempt.nextAttemptAt === null) this.log.warn(fields, 'event not delivered: given up after the last attempt');
    else this.log.info(fields, 'event delivery failed: will retry');
  }
}
