import { setFlagsFromString } from 'node:v8';
import { nodeFlagGiven } from './node-flags.js';

/**
 * How far V8 lets the old generation grow past what survived the last full collection, in percent.
 * Left to itself V8 grows it up to fourfold on a small heap: under load the garbage that outlives a
 * request or two (the work of 50 requests in flight) filled some 60 MB before the first full
 * collection, while the server's live data stays near 25 MB. At 20% a full collection comes sooner;
 * each takes a few milliseconds, mostly marked incrementally between requests.
 */
export const SERVE_HEAP_GROWING_PERCENT = 20;

const FLAG = '--heap-growing-percent';

/**
 * The V8 setting `serve` applies to its own process, or null when node was given the flag (`node
 * --heap-growing-percent=…`, or in NODE_OPTIONS): the operator's choice stands. Only `serve` applies
 * it: a portal embedded in a test suite shares the host's process, whose heap is not ours to tune.
 */
export function heapGrowthSetting(execArgv: readonly string[], nodeOptions = ''): string | null {
  return nodeFlagGiven([FLAG], execArgv, nodeOptions) ? null : `${FLAG}=${SERVE_HEAP_GROWING_PERCENT}`;
}

/** Applies heapGrowthSetting to this process; V8 reads the value at each full collection, so now is early enough. */
export function limitHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string = process.env.NODE_OPTIONS ?? '',
): void {
  const setting = heapGrowthSetting(execArgv, nodeOptions);
  if (setting) setFlagsFromString(setting);
}
