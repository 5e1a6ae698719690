import { restError } from '../../../kernel/errors/rest-error.js';
import { param, positiveIntOrNull, scalarText, type Params } from '../../../kernel/params/readers.js';
import type { UserReference } from '../../users/user-resolver.js';

/** Longest free-text value a telephony parameter may carry. */
export const MAX_TEXT = 255;

/** USER_ID or USER_PHONE_INNER, USER_ID winning (E6, E26); neither → ERROR_CORE. */
export function userReference(raw: Params): UserReference {
  const userId = param(raw, 'USER_ID');
  const inner = scalarText(param(raw, 'USER_PHONE_INNER'))?.trim() ?? '';
  if (userId !== undefined && scalarText(userId)?.trim() !== '') return { userId: positiveIntOrNull(userId) ?? 0 };
  if (inner !== '') return { innerNumber: inner };
  throw restError('USER_REFERENCE_MISSING');
}
