import { errorEnvelope, restError, RestError, type ErrorEnvelope } from '../kernel/errors/rest-error.js';
import { isPlainRecord, type Params } from '../kernel/params/readers.js';
import { checkParamTree, parseQueryString } from '../kernel/params/request-params.js';
import type { MethodResult } from '../kernel/method.js';
import { timeBlock, type TimeBlock } from './time-block.js';
import type { RecordedCommand } from '../features/requests/recorded-call.js';
import type { NearMiss } from '../kernel/near-misses.js';

/** Commands one batch may run (D4); further keys are answered with ERROR_BATCH_LENGTH_EXCEEDED. */
export const MAX_BATCH_COMMANDS = 50;

/** Runs one command of the batch with the outer request's credentials. */
/** Runs one command; `nearMisses`: where its near misses go when the batch is recorded. */
export type RunCommand = (method: string, params: Params, nearMisses?: NearMiss[]) => Promise<MethodResult>;

type KeyedMap<T> = Map<string, T>;

/** The inner `result` of a batch answer (D9); each map is a JSON object, a list (D10) or `[]`. */
export interface BatchResult {
  result: unknown;
  result_error: unknown;
  result_total: unknown;
  result_next: unknown;
  result_time: unknown;
}

/**
 * Runs the commands of a batch one after another in key order (D3, D7): each answers under its key,
 * a failure lands in `result_error`, `halt` stops at the first failure.
 */
export async function runBatch(
  commands: Array<[string, unknown]>,
  halt: boolean,
  run: RunCommand,
  timeZone: string,
  /** The portal's clock: each command's `time.start` is dated like the batch's own. */
  nowMs: () => number,
  /** Where each command is recorded, when the call is (the request journal). */
  log?: RecordedCommand[],
): Promise<BatchResult> {
  const results: KeyedMap<unknown> = new Map();
  const errors: KeyedMap<ErrorEnvelope> = new Map();
  const totals: KeyedMap<number> = new Map();
  const nexts: KeyedMap<number> = new Map();
  const times: KeyedMap<TimeBlock> = new Map();

  for (const [index, [key, command]] of commands.entries()) {
    const startedMs = nowMs();
    const began = performance.now();
    const record = log ? commandRecord(log, key) : null;
    try {
      if (index >= MAX_BATCH_COMMANDS) throw restError('ERROR_BATCH_LENGTH_EXCEEDED');
      const { method, params } = parseCommand(command, results);
      if (record) record.method = method;
      const outcome = await run(method, params, record?.nearMisses);
      results.set(key, outcome.result);
      if (outcome.total !== undefined) totals.set(key, outcome.total);
      if (outcome.next !== undefined) nexts.set(key, outcome.next);
      const processingMs = performance.now() - began;
      // D9/D11: the six basic fields; a command's duration is its processing time.
      times.set(key, timeBlock({ startedMs, processingMs, operating: null }, startedMs + processingMs, timeZone));
    } catch (error) {
      const failure = error instanceof RestError ? error : restError('INTERNAL_SERVER_ERROR');
      errors.set(key, errorEnvelope(failure));
      if (record) Object.assign(record, { status: failure.status, errorCode: failure.code, errorDescription: failure.description });
      if (halt) break;
    }
  }
  return {
    result: phpArray(results),
    result_error: phpArray(errors),
    result_total: phpArray(totals),
    result_next: phpArray(nexts),
    result_time: phpArray(times),
  };
}

/** A new command's record, added to the log: a success until it fails. */
function commandRecord(log: RecordedCommand[], key: string): RecordedCommand {
  const record: RecordedCommand = { key, method: '', status: 200, errorCode: null, errorDescription: null, nearMisses: [] };
  log.push(record);
  return record;
}

/** `"<method>?<query>"` → method name and parameters, with `$result[…]` references resolved (D2, D6, D12). */
function parseCommand(command: unknown, results: KeyedMap<unknown>): { method: string; params: Params } {
  if (typeof command !== 'string') throw restError('BATCH_COMMAND_NOT_TEXT');
  const queryAt = command.indexOf('?');
  const method = (queryAt === -1 ? command : command.slice(0, queryAt)).trim().replace(/^\/+/, '');
  if (method === '') throw restError('BATCH_COMMAND_WITHOUT_METHOD');
  const params = parseQueryString(queryAt === -1 ? '' : command.slice(queryAt + 1));
  // The same rules as the batch's own parameters (depth, prototype names, NUL).
  checkParamTree(params);
  // Commands always run with the batch's own credentials.
  delete params.auth;
  delete params.access_token;
  return { method, params: resolveReferences(params, results) as Params };
}

const REFERENCE = /\$result((?:\[[^[\]]*\])+)/g;
const WHOLE_REFERENCE = /^\$result((?:\[[^[\]]*\])+)$/;

/** Replaces `$result[key][field]…` in every value: a whole-value reference keeps the value's shape (D6). */
function resolveReferences(value: unknown, results: KeyedMap<unknown>): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_REFERENCE.exec(value);
    if (whole) return toParam(lookup(whole[1]!, results));
    return value.replace(REFERENCE, (_match, path: string) => scalarOf(lookup(path, results)));
  }
  if (Array.isArray(value)) return value.map((item) => resolveReferences(item, results));
  if (isPlainRecord(value)) {
    const resolved = Object.create(null) as Params;
    for (const [key, item] of Object.entries(value)) resolved[key] = resolveReferences(item, results);
    return resolved;
  }
  return value;
}

/** Follows `[key][field][0]…` through earlier results; a missing key or failed command gives "". */
function lookup(path: string, results: KeyedMap<unknown>): unknown {
  const segments = [...path.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!);
  const [key, ...fields] = segments;
  if (key === undefined || !results.has(key)) return '';
  let current: unknown = results.get(key);
  for (const field of fields) {
    if (Array.isArray(current)) current = current[Number(field)];
    else if (isPlainRecord(current) && Object.prototype.hasOwnProperty.call(current, field)) current = current[field];
    else return '';
  }
  return current ?? '';
}

/** A referenced value as a parameter: scalars as the text a query string would carry, lists and maps as they are. */
function toParam(value: unknown): unknown {
  if (Array.isArray(value) || isPlainRecord(value)) return value;
  return scalarOf(value);
}

function scalarOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '';
  return '';
}

/** PHP arrays on the wire (A21, D10): empty → [], keys exactly 0..n-1 → a list, else an object. */
function phpArray<T>(map: KeyedMap<T>): unknown {
  if (map.size === 0) return [];
  const keys = [...map.keys()];
  if (keys.every((key, index) => key === String(index))) return [...map.values()];
  return Object.fromEntries(map);
}
