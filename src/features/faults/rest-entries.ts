import { REST_ERRORS, type WireEntry } from '../../kernel/errors/catalogue.js';
import { RestError } from '../../kernel/errors/rest-error.js';

/** An error described in full, for codes the catalogue does not have. */
export interface DescribedError {
  status: number;
  code: string;
  description: string;
}

/**
 * A REST catalogue entry by its key (`DATABASE_ERROR`) or by its wire code (`ERROR_CORE`); a code
 * shared by several entries means the first of them, the catalogue's most general.
 */
export function findRestEntry(codeOrKey: string): WireEntry | undefined {
  const entries: Record<string, WireEntry> = REST_ERRORS;
  if (Object.prototype.hasOwnProperty.call(entries, codeOrKey)) return entries[codeOrKey];
  return Object.values(entries).find((entry) => entry.code === codeOrKey);
}

/** The error a `fail` switch answers with. */
export function faultError(error: string | DescribedError): RestError {
  const entry = typeof error === 'string' ? findRestEntry(error) : error;
  // Specs are checked when set, so the entry exists; a spec built around the check still fails loudly.
  if (!entry) throw new TypeError(`no REST catalogue entry ${String(error)}`);
  return RestError.described(entry);
}
