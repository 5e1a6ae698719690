import { restError } from '../../kernel/errors/rest-error.js';
import { isPlainRecord, MAX_ROW_ID } from '../../kernel/params/readers.js';
import { findRestEntry, type DescribedError } from './rest-entries.js';

/** The limits a `limit` switch reproduces (C1–C8). */
export const LIMIT_ERRORS = ['QUERY_LIMIT_EXCEEDED', 'OVERLOAD_LIMIT', 'OPERATION_TIME_LIMIT'] as const;
export type LimitError = (typeof LIMIT_ERRORS)[number];

/** The 5xx a `fail` switch can answer with: the portal's own 500, or what a proxy in front of it gives. */
export const FAIL_STATUSES = [500, 502, 503, 504] as const;
export type FailStatus = (typeof FAIL_STATUSES)[number];
export const FAIL_BODIES = ['envelope', 'empty', 'html'] as const;
export type FailBody = (typeof FAIL_BODIES)[number];
/** The portal's envelope comes with its own 500 only; a 502–504 comes from a proxy. */
const PROXY_BODIES = ['empty', 'html'] as const;

export const DELIVERY_MODES = ['delay', 'twice', 'drop'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** Longest delay a switch may ask for: long enough for any client timeout, short enough not to hang a suite. */
export const MAX_DELAY_MS = 120_000;

/** What the faulted calls of a `fail` switch get: exactly one of these. */
export type FailAnswer = { error: string | DescribedError } | { status: FailStatus; body: FailBody } | { delayMs: number } | { drop: true };

/** `times`: how many calls (or deliveries) a switch hits; null until it is removed. */
export type SwitchSpec =
  | { kind: 'payment_required'; appId?: number }
  | { kind: 'method_confirm'; appId: number; method: string; state: 'waiting' | 'denied' }
  | { kind: 'restrict_app'; appId: number; userIds: number[] }
  | { kind: 'limit'; error: LimitError; method?: string; times: number | null }
  | ({ kind: 'fail'; method: string; times: number | null; params?: Record<string, unknown> } & FailAnswer)
  | { kind: 'deliveries'; mode: DeliveryMode; event?: string; times: number | null; delayMs?: number };

/** One-time changes of the portal's data: applied at once, never listed. */
export type ActionSpec =
  | { kind: 'expire_token'; token?: string }
  | { kind: 'revoke_token'; token?: string }
  | { kind: 'dismiss_user'; userId: number }
  | { kind: 'extranet_user'; userId: number }
  /** `clean`: the application's data was asked to be removed too (ONAPPUNINSTALL's data[CLEAN], B16). */
  | { kind: 'uninstall_app'; appId: number; clean?: boolean }
  | { kind: 'delete_app'; appId: number };

export type FaultSpec = SwitchSpec | ActionSpec;
export type FaultKind = FaultSpec['kind'];

export const SWITCH_KINDS = ['payment_required', 'method_confirm', 'restrict_app', 'limit', 'fail', 'deliveries'] as const;
export const ACTION_KINDS = ['expire_token', 'revoke_token', 'dismiss_user', 'extranet_user', 'uninstall_app', 'delete_app'] as const;

export function isActionSpec(spec: FaultSpec): spec is ActionSpec {
  return (ACTION_KINDS as readonly string[]).includes(spec.kind);
}

/** The fields each kind takes; anything else in a body is refused, so a typo does not go unnoticed. */
const FIELDS: Record<FaultKind, readonly string[]> = {
  payment_required: ['appId'],
  method_confirm: ['appId', 'method', 'state'],
  restrict_app: ['appId', 'userIds'],
  limit: ['error', 'method', 'times'],
  fail: ['method', 'times', 'params', 'error', 'status', 'body', 'delayMs', 'drop'],
  deliveries: ['mode', 'event', 'times', 'delayMs'],
  expire_token: ['token'],
  revoke_token: ['token'],
  dismiss_user: ['userId'],
  extranet_user: ['userId'],
  uninstall_app: ['appId', 'clean'],
  delete_app: ['appId'],
};

/** Reads a fault spec from JSON (the admin API's body), or the catalogued error naming the field at fault. */
export function parseFaultSpec(raw: unknown): FaultSpec {
  if (!isPlainRecord(raw)) throw restError('FAULT_SPEC_NOT_OBJECT');
  const kind = choice(raw, 'kind', [...SWITCH_KINDS, ...ACTION_KINDS]);
  for (const field of Object.keys(raw)) {
    if (field !== 'kind' && !FIELDS[kind].includes(field)) throw restError('FAULT_FIELD_UNKNOWN', { field, kind });
  }
  const fields = new FieldReader(raw);
  switch (kind) {
    case 'payment_required':
      return { kind, ...fields.optional('appId', id) };
    case 'method_confirm':
      return {
        kind,
        appId: fields.required('appId', id),
        method: fields.required('method', text),
        state: choice(raw, 'state', ['waiting', 'denied']),
      };
    case 'restrict_app':
      return { kind, appId: fields.required('appId', id), userIds: fields.required('userIds', ids) };
    case 'limit':
      return { kind, error: choice(raw, 'error', LIMIT_ERRORS), ...fields.optional('method', text), times: fields.times(null) };
    case 'fail':
      return {
        kind,
        method: fields.required('method', text),
        times: fields.times(1),
        ...fields.optional('params', object),
        ...failAnswer(raw, fields),
      };
    case 'deliveries': {
      const mode = choice(raw, 'mode', DELIVERY_MODES);
      const delay = mode === 'delay' ? { delayMs: fields.required('delayMs', delayMs) } : fields.optional('delayMs', delayMs);
      return { kind, mode, ...fields.optional('event', text), times: fields.times(null), ...delay };
    }
    case 'expire_token':
    case 'revoke_token':
      return { kind, ...fields.optional('token', text) };
    case 'dismiss_user':
    case 'extranet_user':
      return { kind, userId: fields.required('userId', id) };
    case 'uninstall_app':
      return { kind, appId: fields.required('appId', id), ...fields.optional('clean', bool) };
    case 'delete_app':
      return { kind, appId: fields.required('appId', id) };
  }
}

function failAnswer(raw: Record<string, unknown>, fields: FieldReader): FailAnswer {
  const given = (['error', 'status', 'delayMs', 'drop'] as const).filter((name) => raw[name] !== undefined);
  if (given.length !== 1) throw restError('FAULT_FAIL_ONE_ANSWER');
  if (raw.body !== undefined && given[0] !== 'status') throw restError('FAULT_FIELD_UNKNOWN', { field: 'body', kind: `fail ${given[0]}` });
  switch (given[0]!) {
    case 'error':
      return { error: failError(raw.error) };
    case 'status': {
      const status = choice(raw, 'status', FAIL_STATUSES);
      // The portal itself answers a 500 with its envelope; a proxy in front of it answers a 502–504 with its page.
      if (raw.body === undefined) return { status, body: status === 500 ? 'envelope' : 'html' };
      return { status, body: choice(raw, 'body', status === 500 ? FAIL_BODIES : PROXY_BODIES) };
    }
    case 'delayMs':
      return { delayMs: fields.required('delayMs', delayMs) };
    case 'drop':
      if (raw.drop !== true) throw restError('FAULT_FIELD_NOT_TRUE', { field: 'drop' });
      return { drop: true };
  }
}

/** A catalogue code or key (checked now, so a typo is refused), or an error described in full. */
function failError(value: unknown): string | DescribedError {
  if (typeof value === 'string') {
    if (!findRestEntry(value)) throw restError('FAULT_ERROR_UNKNOWN', { error: value });
    return value;
  }
  if (!isPlainRecord(value)) throw restError('FAULT_FIELD_NOT_OBJECT', { field: 'error' });
  const fields = new FieldReader(value, 'error.');
  for (const field of Object.keys(value)) {
    if (!['code', 'description', 'status'].includes(field))
      throw restError('FAULT_FIELD_UNKNOWN', { field: `error.${field}`, kind: 'fail' });
  }
  const status = value.status;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
    throw restError('FAULT_FIELD_NOT_STATUS', { field: 'error.status' });
  }
  return { status, code: fields.required('code', text), description: fields.required('description', text) };
}

type Reader<T> = (value: unknown, field: string) => T;

/** Reads the fields of one object, naming each (with its path) when it is missing or wrong. */
class FieldReader {
  constructor(
    private readonly raw: Record<string, unknown>,
    private readonly prefix = '',
  ) {}

  required<T>(name: string, read: Reader<T>): T {
    const value = this.raw[name];
    if (value === undefined || value === null) throw restError('FAULT_FIELD_REQUIRED', { field: this.prefix + name });
    return read(value, this.prefix + name);
  }

  /** `{[name]: value}` when given, `{}` when not: spread into the spec, absent fields stay absent. */
  optional<N extends string, T>(name: N, read: Reader<T>): { [K in N]?: T } {
    const value = this.raw[name];
    if (value === undefined || value === null) return {};
    return { [name]: read(value, this.prefix + name) } as { [K in N]?: T };
  }

  /** `times`: a positive integer, or null (until removed); `fallback` when absent. */
  times(fallback: number | null): number | null {
    if (!('times' in this.raw) || this.raw.times === undefined) return fallback;
    if (this.raw.times === null) return null;
    const value = this.raw.times;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
      throw restError('FAULT_FIELD_NOT_TIMES', { field: 'times' });
    return value;
  }
}

function choice<const T extends string | number>(raw: Record<string, unknown>, field: string, choices: readonly T[]): T {
  const value = raw[field];
  if (value === undefined || value === null) throw restError('FAULT_FIELD_REQUIRED', { field });
  if (!choices.includes(value as T)) throw restError('FAULT_FIELD_CHOICE', { field, choices: choices.join(', ') });
  return value as T;
}

function id(value: unknown, field: string): number {
  // Ids past the integer columns name nothing (and PostgreSQL would refuse to compare them).
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > MAX_ROW_ID)
    throw restError('FAULT_FIELD_NOT_ID', { field });
  return value;
}

function bool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw restError('FAULT_FIELD_NOT_BOOLEAN', { field });
  return value;
}

function ids(value: unknown, field: string): number[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0)) {
    throw restError('FAULT_FIELD_NOT_IDS', { field });
  }
  return [...new Set(value as number[])];
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw restError('FAULT_FIELD_NOT_TEXT', { field });
  return value.trim();
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (!isPlainRecord(value)) throw restError('FAULT_FIELD_NOT_OBJECT', { field });
  return value;
}

function delayMs(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_DELAY_MS) {
    throw restError('FAULT_FIELD_NOT_DELAY', { field, max: MAX_DELAY_MS });
  }
  return value;
}
