import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { restError, RestError } from '../../kernel/errors/rest-error.js';
import { isPlainRecord, type Params } from '../../kernel/params/readers.js';
import type { Storage } from '../../storage/storage.js';
import type { KeptAnswer } from '../../storage/stores/idempotency-store.js';
import type { IdempotentRequestRow } from '../../storage/schema.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import type { Caller } from '../auth/caller.js';
import { processAlive } from '../../infra/process-alive.js';

/** How long an answer is kept for retries (A27). */
export const KEEP_ANSWERS_SECONDS = 24 * 3600;
/** How long a retry waits for the first request with its key to finish. */
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 25;
const PURGE_EVERY_SECONDS = 600;
/** A running instance refreshes its heartbeat this often (wall clock: the portal's clock may be a test's)… */
const HEARTBEAT_MS = 2_000;
/** …and is taken for gone when not heard of for this long. */
const GONE_AFTER_MS = 10_000;

/** Parameters that are not part of what a request asks for: credentials and SDK bookkeeping. */
const IGNORED = /^(auth|access_token|bx24_.*)$/i;

export type StoredAnswer = KeptAnswer;

/** A request that carried a key: run it through `answerOnce`, or, when it failed, `complete` it. */
export interface ClaimedRequest {
  caller: string;
  key: string;
}

/**
 * Retry-safe writes (A27): a request repeated with the same request id by the same caller gets the
 * answer of the first, which ran once. Answers live in the database, written in the same commit as
 * the request's own writes (see HeldUnit), so this holds across restarts, crashes and instances: a
 * claim with no answer after its owner died means nothing of it was committed, and a retry runs it.
 */
export class RetrySafety {
  private lastPurge = 0;
  /** This process, as named in the claims it makes. */
  readonly instance = {
    id: `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(6).toString('hex')}`,
    host: hostname(),
    pid: process.pid,
  };
  /** Claims this process is running right now. */
  private readonly running = new Set<string>();
  private heartbeat: NodeJS.Timeout | null = null;
  private registered: Promise<void> | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  /**
   * Either the stored answer of an earlier request with this key, or a claim to run this one.
   * A key reused with other parameters is refused.
   */
  async begin(auth: Caller, key: string, method: string, params: Params): Promise<{ replay: StoredAnswer } | { claim: ClaimedRequest }> {
    await this.register();
    const caller = `${auth.principal}:user:${auth.user.id}`;
    const fingerprint = fingerprintOf(method, params);
    const now = unixSeconds(this.clock);
    if (now - this.lastPurge >= PURGE_EVERY_SECONDS) {
      this.lastPurge = now;
      await this.storage.idempotency.purgeBefore(now - KEEP_ANSWERS_SECONDS);
    }
    const owner = this.instance.id;
    if (await this.storage.idempotency.claim(caller, key, fingerprint, owner, now)) return this.claimed(caller, key);

    // Waits, heartbeats and liveness are the process's own business: wall time, whatever the portal's clock says.
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const earlier = await this.storage.idempotency.find(caller, key);
      // The first attempt failed without an answer and let go of the key: this one runs instead.
      if (!earlier) {
        if (await this.storage.idempotency.claim(caller, key, fingerprint, owner, now)) return this.claimed(caller, key);
        continue;
      }
      if (earlier.fingerprint !== fingerprint) throw restError('REQUEST_ID_REUSED');
      if (earlier.status !== null) {
        return {
          replay: {
            status: earlier.status,
            contentType: earlier.content_type ?? 'application/json; charset=utf-8',
            body: earlier.body ?? '',
          },
        };
      }
      // Its owner died before committing anything: run it here, once.
      if (
        (await this.ownerGone(earlier)) &&
        (await this.storage.idempotency.takeOver(caller, key, earlier.owner, owner, fingerprint, now))
      ) {
        return this.claimed(caller, key);
      }
      if (Date.now() > deadline) throw restError('REQUEST_ID_BUSY');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * Runs the request of `claim` (`run` answers it) in a unit of work whose writes commit together
   * with its answer, so after a crash a retry finds both or neither — never a done write whose
   * answer was lost. Failures of `run` are rethrown with nothing committed; a failed commit (or a
   * claim another instance took over meanwhile, taking this one for dead) is DATABASE_ERROR, a 5xx
   * that frees the key so the client's retry runs (or replays) it.
   */
  async answerOnce(claim: ClaimedRequest, run: () => Promise<StoredAnswer>): Promise<StoredAnswer> {
    const unit = this.storage.holdUnit();
    let answer: StoredAnswer;
    try {
      answer = await unit.run(run);
    } catch (error) {
      await unit.rollback();
      throw error;
    }
    try {
      await unit.commit(async (tx) => {
        if (!(await tx.idempotency.complete(claim.caller, claim.key, this.instance.id, answer))) throw restError('DATABASE_ERROR');
      });
    } catch (error) {
      throw error instanceof RestError ? error : restError('DATABASE_ERROR');
    }
    this.end(claim);
    return answer;
  }

  /** Keeps an answer given outside a unit of work; answers of server failures are not kept, so a retry runs again. */
  async complete(claim: ClaimedRequest, answer: StoredAnswer): Promise<void> {
    if (answer.status >= 500) await this.storage.idempotency.release(claim.caller, claim.key, this.instance.id);
    else await this.storage.idempotency.complete(claim.caller, claim.key, this.instance.id, answer);
  }

  /** The request of `claim` is over in this process, answered or not. */
  end(claim: ClaimedRequest): void {
    this.running.delete(runningKey(claim));
  }

  /** Stops the heartbeat and says goodbye, so this instance's unanswered claims are free at once. */
  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    if (!this.registered) return;
    this.registered = null;
    await this.storage.idempotency.forgetInstance(this.instance.id, Date.now() - 10 * GONE_AFTER_MS).catch(() => {});
  }

  private claimed(caller: string, key: string): { claim: ClaimedRequest } {
    const claim = { caller, key };
    this.running.add(runningKey(claim));
    return { claim };
  }

  private register(): Promise<void> {
    this.registered ??= (async () => {
      await this.storage.idempotency.heartbeat(this.instance, Date.now());
      this.heartbeat = setInterval(() => void this.storage.idempotency.heartbeat(this.instance, Date.now()).catch(() => {}), HEARTBEAT_MS);
      this.heartbeat.unref();
    })();
    return this.registered;
  }

  /** Whether the process that claimed `row` can no longer answer it. */
  private async ownerGone(row: IdempotentRequestRow): Promise<boolean> {
    if (row.owner === null) return true;
    if (row.owner === this.instance.id) return !this.running.has(runningKey({ caller: row.caller, key: row.request_key }));
    const owner = await this.storage.idempotency.findInstance(row.owner);
    if (!owner || Date.now() - owner.seen_ms > GONE_AFTER_MS) return true;
    // Same machine: a dead process id tells at once, without waiting for its heartbeat to age.
    return owner.host === this.instance.host && !processAlive(owner.pid);
  }
}

function runningKey(claim: ClaimedRequest): string {
  return `${claim.caller}\n${claim.key}`;
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
