import { randomHex } from '../../kernel/secrets.js';

/** A new CALL_ID in the reference format: externalCall.<32 hex>.<unix seconds> (E2). */
export function newCallId(unixSeconds: number): string {
  return `externalCall.${randomHex(16)}.${unixSeconds}`;
}
