import { restError } from '../../rest/errors.js';
import { param, positiveIntOrNull, scalarText, type Params } from '../../rest/params.js';
import type { UserReference } from '../../domain/users/user-resolver.js';

/** Longest free-text value a telephony parameter may carry. */
export const MAX_TEXT = 255;

/** USER_ID or USER_PHONE_INNER, USER_ID winning (E6, E26); neither → ERROR_CORE. */
export function userReference(raw: Params): UserReference {
  const userId = param(raw, 'USER_ID');
  const inner = scalarText(param(raw, 'USER_PHONE_INNER'))?.trim() ?? '';
  if (userId !== undefined && scalarText(userId)?.trim() !== '') return { userId: positiveIntOrNull(userId) ?? 0 };
  if (inner !== '') return { innerNumber: inner };
  throw restError('ERROR_CORE', 'USER_ID or USER_PHONE_INNER should be set');
}

/** An optional text parameter, trimmed; longer than its column (`max`) → ERROR_CORE naming it. */
export function optionalText(raw: Params, name: string, max = MAX_TEXT): string | null {
  const value = param(raw, name);
  if (value === undefined) return null;
  const text = scalarText(value);
  if (text === undefined) throw restError('ERROR_CORE', `${name} must be a string`);
  const trimmed = text.trim();
  if (trimmed.length > max) throw restError('ERROR_CORE', `${name} is too long (${max} characters at most)`);
  return trimmed === '' ? null : trimmed;
}

/** A 0/1 flag with a default; "Y"/"N" and booleans are read too. */
export function flag(raw: Params, name: string, fallback: boolean): boolean {
  const value = param(raw, name);
  if (value === undefined || value === '') return fallback;
  if (value === true || value === false) return value;
  const text = String(scalarText(value) ?? '').trim().toUpperCase();
  if (text === 'Y' || text === 'TRUE') return true;
  if (text === 'N' || text === 'FALSE') return false;
  return Number.parseInt(text, 10) === 1;
}
