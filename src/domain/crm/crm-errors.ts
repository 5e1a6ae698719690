import { restError, type RestError } from '../../rest/errors.js';

/** CRM methods report their own failures with an empty error code (A19). */
export function crmError(description: string): RestError {
  return restError('CRM_ERROR', description);
}

export const CRM_INVALID_ID = 'ID is not defined or invalid';
export const CRM_NOT_FOUND = 'Not found';
