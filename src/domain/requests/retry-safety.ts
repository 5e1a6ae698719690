import { createHash } from 'node:crypto';
import { restError } from '../../rest/errors.js';
import { isPlainRecord, type Params } from '../../rest/params.js';
import type { Storage } from '../../storage/storage.js';
import { unixSeconds, type Clock } from '../../util/clock.js';
import type { AuthContext } from '../auth/auth-context.js';

/** How long an answer is kept for retries (A27). */
export const KEEP_ANSWERS_SECONDS = 24 * 3600;
/** How long a retry waits for the first request with its key to finish. */
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 25;
const PURGE_EVERY_SECONDS = 600;

/** Parameters that are not part of what a request asks for: credentials and SDK bookkeeping. */
const IGNORED = /^(auth|access_token|bx24_.*)$/i;

export interface StoredAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** A request that carried a key: run it, then `complete` or `release` it. */
export interface ClaimedRequest {
  caller: string;
  key: string;
}

/**
 * Retry-safe writes (A27): a request repeated with the same request id by the same caller gets the
 * answer of the first, which ran once. Answers live in the database, so this holds across restarts
 * and instances.
 */
export class RetrySafety {
  private lastPurge = 0;

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  /**
   * Either the stored answer of an earlier request with this key, or a claim to run this one.
   * A key reused with other parameters is refused.
   */
  async begin(auth: AuthContext, key: string, method: string, params: Params): Promise<{ replay: StoredAnswer } | { claim: ClaimedRequest }> {
    const caller = `${auth.principal}:user:${auth.user.id}`;
    const fingerprint = fingerprintOf(method, params);
    const now = unixSeconds(this.clock);
    if (now - this.lastPurge >= PURGE_EVERY_SECONDS) {
      this.lastPurge = now;
      await this.storage.idempotency.purgeBefore(now - KEEP_ANSWERS_SECONDS);
    }
    if (await this.storage.idempotency.claim(caller, key, fingerprint, now)) return { claim: { caller, key } };

    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const earlier = await this.storage.idempotency.find(caller, key);
      // The first attempt failed without an answer and let go of the key: this one runs instead.
      if (!earlier) {
        if (await this.storage.idempotency.claim(caller, key, fingerprint, now)) return { claim: { caller, key } };
        continue;
      }
      if (earlier.fingerprint !== fingerprint) throw restError('INVALID_REQUEST', 'Idempotency key reused with different parameters');
      if (earlier.status !== null) {
        return { replay: { status: earlier.status, contentType: earlier.content_type ?? 'application/json; charset=utf-8', body: earlier.body ?? '' } };
      }
      if (Date.now() > deadline) throw restError('INVALID_REQUEST', 'A request with this idempotency key is still being processed');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Keeps the answer for retries; answers of server failures are not kept, so a retry runs again. */
  async complete(claim: ClaimedRequest, answer: StoredAnswer): Promise<void> {
    if (answer.status >= 500) await this.storage.idempotency.release(claim.caller, claim.key);
    else await this.storage.idempotency.complete(claim.caller, claim.key, answer);
  }
}

/** SHA-256 of the method name and the parameters, independent of key order. */
export function fingerprintOf(method: string, params: Params): string {
  const relevant = Object.fromEntries(Object.entries(params).filter(([key]) => !IGNORED.test(key)));
  return createHash('sha256').update(method.toLowerCase()).update('\n').update(canonicalJson(relevant)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
