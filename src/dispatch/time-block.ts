import type { OperatingState } from './operating-time.js';
import { formatPortalDate } from '../kernel/portal-time.js';

/** The `time` block of every successful answer (A14), in the order the reference prints it. */
export interface TimeBlock {
  start: number;
  finish: number;
  duration: number;
  processing: number;
  date_start: string;
  date_finish: string;
  /** Absent for batch (D11). */
  operating_reset_at?: number;
  operating?: number;
}

export interface RequestTiming {
  /** Unix milliseconds when the request arrived. */
  startedMs: number;
  /** Milliseconds the method itself ran. */
  processingMs: number;
  /** Method time of the (method, caller) pair in the window (C4); null for batch (D11). */
  operating: OperatingState | null;
}

export function timeBlock(timing: RequestTiming, finishedMs: number, timeZone: string): TimeBlock {
  const block: TimeBlock = {
    start: timing.startedMs / 1000,
    finish: finishedMs / 1000,
    duration: (finishedMs - timing.startedMs) / 1000,
    processing: timing.processingMs / 1000,
    date_start: formatPortalDate(timing.startedMs, timeZone),
    date_finish: formatPortalDate(finishedMs, timeZone),
  };
  if (timing.operating) {
    block.operating_reset_at = timing.operating.resetAt;
    block.operating = timing.operating.operating;
  }
  return block;
}
