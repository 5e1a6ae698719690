import { createHash, randomBytes } from 'node:crypto';

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random lowercase alphanumeric string, e.g. a webhook code. */
export function randomCode(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  // 252 = 7 * 36: rejecting bytes above it keeps every character equally likely.
  for (let i = 0; out.length < length; i++) {
    const byte = i < bytes.length ? bytes[i]! : randomBytes(1)[0]!;
    if (byte < 252) out += ALPHANUMERIC[byte % 36];
  }
  return out;
}

/** A random hex token (access/refresh tokens, client secrets). */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** A random id for URLs that cannot be guessed or enumerated: `bytes` of entropy, base64url. */
export function randomUrlId(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** Secrets are stored only as this hash; tokens carry enough entropy for a plain SHA-256. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
