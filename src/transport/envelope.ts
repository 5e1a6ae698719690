import type { MethodResult } from '../kernel/method.js';
import type { TimeBlock } from '../dispatch/time-block.js';

export interface SuccessEnvelope {
  result: unknown;
  next?: number;
  total?: number;
  time: TimeBlock;
}

/**
 * Key order as in the reference examples: result, next, total, time (A13). Failures are written by
 * `errorEnvelope` of kernel/errors, the one serializer of answers, batch entries and OAuth failures.
 */
export function successEnvelope(outcome: MethodResult, time: TimeBlock): SuccessEnvelope {
  const envelope: SuccessEnvelope = { result: outcome.result, time };
  if (outcome.total === undefined) return envelope;
  return outcome.next === undefined
    ? { result: outcome.result, total: outcome.total, time }
    : { result: outcome.result, next: outcome.next, total: outcome.total, time };
}

const TIME_SCHEMA = {
  type: 'object',
  properties: {
    start: { type: 'number' },
    finish: { type: 'number' },
    duration: { type: 'number' },
    processing: { type: 'number' },
    date_start: { type: 'string' },
    date_finish: { type: 'string' },
    operating_reset_at: { type: 'integer' },
    operating: { type: 'number' },
  },
} as const;

/** Response schemas: fix the envelope's keys, their order and JSON types; `result` is free-form. */
export const ENVELOPE_RESPONSE_SCHEMA = {
  '2xx': {
    type: 'object',
    properties: {
      result: {},
      next: { type: 'integer' },
      total: { type: 'integer' },
      time: TIME_SCHEMA,
    },
    // No `required` list: the serializer writes required keys first, which would break the order.
  },
  default: {
    type: 'object',
    properties: { error: { type: 'string' }, error_description: { type: 'string' } },
    required: ['error', 'error_description'],
  },
} as const;
