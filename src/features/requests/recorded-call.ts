import type { NearMiss } from '../../kernel/near-misses.js';
import type { Params } from '../../kernel/params/readers.js';

/** How the call presented itself, filled in as far as it is known (also when the credential was refused). */
export interface CallAuthRecord {
  kind: 'webhook' | 'token' | 'none';
  appId: number | null;
  webhookId: number | null;
  userId: number | null;
}

/** One command of a `batch` call. */
export interface RecordedCommand {
  /** The command's key in `cmd`. */
  key: string;
  /** The method as the command names it ("" when the command could not be read). */
  method: string;
  status: number;
  errorCode: string | null;
  errorDescription: string | null;
  nearMisses: NearMiss[];
}

/**
 * One REST call as the transport saw it, filled in as the call goes; consumers (the request journal,
 * log lines, metrics) read it once the answer is sent. Nothing in it is masked: consumers mask.
 */
export interface RecordedCall {
  /** Unix milliseconds at arrival, on the portal's clock. */
  arrivedMs: number;
  /** The method as called (without `.json`/`.xml`), and its lower-case name. */
  method: string;
  resolvedMethod: string;
  httpMethod: string;
  format: 'json' | 'xml';
  auth: CallAuthRecord;
  /** The error code when the credential was refused. */
  authFailure: string | null;
  /** The parameters as received, the credential taken out; null when they could not be read. */
  params: Params | null;
  status: number;
  errorCode: string | null;
  errorDescription: string | null;
  /** From arrival to the answer, on the monotonic clock. */
  durationMs: number;
  nearMisses: NearMiss[];
  /** The answer was the kept one of an earlier request with the same request id (A27). */
  retry: boolean;
  /** The commands of a `batch` call, in order; null for other methods. */
  batch: RecordedCommand[] | null;
}
