import * as crypto from 'node:crypto';

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random lowercase alphanumeric string, e.g. a webhook code. */
export function randomCode(length: number): string {
  const bytes = crypto.randomBytes(length);
  let out = '';
  // 252 = 7 * 36: rejecting bytes above it keeps every character equally likely.
  for (let i = 0; out.length < length; i++) {
    const byte = i < bytes.length ? bytes[i]! : crypto.randomBytes(1)[0]!;
    if (byte < 252) out += ALPHANUMERIC[byte % 36];
  }
  return out;
}

/**
 * Random bytes are drawn from the system a few kilobytes at a time: one draw per call id cost a system
 * call each (some 30 µs here), a visible share of a register. Every byte is handed out once.
 */
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

function pooledRandomBytes(count: number): Buffer {
  if (count > POOL_SIZE) return crypto.randomBytes(count);
  if (poolOffset + count > pool.length) {
    pool = crypto.randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const slice = pool.subarray(poolOffset, poolOffset + count);
  poolOffset += count;
  return slice;
}

/** A random hex token (access/refresh tokens, client secrets). */
export function randomHex(bytes: number): string {
  return pooledRandomBytes(bytes).toString('hex');
}

/** A random id for URLs that cannot be guessed or enumerated: `bytes` of entropy, base64url. */
export function randomUrlId(bytes: number): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/**
 * Node 20.12 and later hash a string in one call, without a Hash object: a third of the time, and every
 * authenticated request hashes its token. Read off the namespace (a named import of a missing export
 * fails to load) so that an older Node 20 falls back.
 */
const oneShotHash: typeof crypto.hash | undefined = crypto.hash;

/** Secrets are stored only as this hash; tokens carry enough entropy for a plain SHA-256. */
export function hashSecret(secret: string): string {
  return oneShotHash ? oneShotHash('sha256', secret, 'hex') : crypto.createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Parameter names whose values are secrets wherever they turn up (any letter case): in URLs written
 * to logs, in the request journal, in event payloads shown by the admin API. The one list of them.
 */
export const SECRET_PARAM_NAMES = [
  'auth',
  'access_token',
  'refresh_token',
  'client_secret',
  'code',
  'signature',
  'token',
  'application_token',
] as const;

const SECRET_NAMES = new Set<string>(SECRET_PARAM_NAMES);

export function isSecretParamName(name: string): boolean {
  return SECRET_NAMES.has(name.toLowerCase());
}
