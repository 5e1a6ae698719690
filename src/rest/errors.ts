/**
 * The one catalogue of wire errors: Bitrix error code, HTTP status and default description.
 * Handlers throw `RestError`s built from it; one serializer (server/envelope.ts) writes them.
 * Bitrix reuses some codes (ERROR_CORE, ACCESS_DENIED, the empty CRM code) with many texts,
 * so a description may be overridden per throw while code and status stay catalogue data.
 */
export const ERROR_CATALOGUE = {
  INTERNAL_SERVER_ERROR: { code: 'INTERNAL_SERVER_ERROR', status: 500, description: 'Internal server error' },
  ERROR_UNEXPECTED_ANSWER: { code: 'ERROR_UNEXPECTED_ANSWER', status: 500, description: 'Server returned an unexpected response' },
  QUERY_LIMIT_EXCEEDED: { code: 'QUERY_LIMIT_EXCEEDED', status: 503, description: 'Too many requests' },
  ERROR_BATCH_METHOD_NOT_ALLOWED: { code: 'ERROR_BATCH_METHOD_NOT_ALLOWED', status: 405, description: 'Method is not allowed for batch usage' },
  ERROR_BATCH_LENGTH_EXCEEDED: { code: 'ERROR_BATCH_LENGTH_EXCEEDED', status: 400, description: 'Max batch length exceeded' },
  NO_AUTH_FOUND: { code: 'NO_AUTH_FOUND', status: 401, description: 'Wrong authorization data' },
  HTTPS_REQUIRED: { code: 'INVALID_REQUEST', status: 400, description: 'Https required' },
  INVALID_REQUEST: { code: 'INVALID_REQUEST', status: 400, description: 'Invalid request' },
  REQUEST_TOO_LARGE: { code: 'INVALID_REQUEST', status: 413, description: 'Request body is too large' },
  /** Headers or body arrived too slowly (slowloris); the connection is closed after it. */
  REQUEST_TIMEOUT: { code: 'INVALID_REQUEST', status: 408, description: 'The request did not arrive in time' },
  HEADERS_TOO_LARGE: { code: 'INVALID_REQUEST', status: 431, description: 'Request headers are too large' },
  OVERLOAD_LIMIT: { code: 'OVERLOAD_LIMIT', status: 503, description: 'REST API is blocked due to overload' },
  INVALID_CREDENTIALS: { code: 'INVALID_CREDENTIALS', status: 403, description: 'Invalid request credentials' },
  INSUFFICIENT_SCOPE: { code: 'insufficient_scope', status: 403, description: 'The request requires higher privileges than provided by the webhook token' },
  EXPIRED_TOKEN: { code: 'expired_token', status: 401, description: 'The access token provided has expired' },
  INVALID_TOKEN: { code: 'invalid_token', status: 401, description: 'Token expired or invalid' },
  USER_ACCESS_ERROR: { code: 'user_access_error', status: 403, description: 'The user does not have access to the application' },
  OPERATION_TIME_LIMIT: { code: 'OPERATION_TIME_LIMIT', status: 429, description: 'Method is blocked due to operation time limit.' },
  METHOD_NOT_FOUND: { code: 'ERROR_METHOD_NOT_FOUND', status: 404, description: 'Method not found!' },
  WRONG_AUTH_TYPE: { code: 'WRONG_AUTH_TYPE', status: 403, description: 'Current authorization type is denied for this method' },
  APP_CONTEXT_REQUIRED: { code: 'ACCESS_DENIED', status: 400, description: 'Access denied! Application context required' },
  ACCESS_DENIED: { code: 'ACCESS_DENIED', status: 403, description: 'Access denied' },
  ERROR_CORE: { code: 'ERROR_CORE', status: 400, description: 'Internal error' },
  /** E44: nothing was committed, so a retry is safe: 5xx. */
  DATABASE_ERROR: { code: 'ERROR_CORE', status: 500, description: 'Unexpected database error' },
  INVALID_ARGUMENT: { code: 'INVALID_ARGUMENT', status: 400, description: 'Invalid argument' },
  CRM_ERROR: { code: '', status: 400, description: 'Not found' },
  /** event.bind with a handler the portal will not post to (Bitrix's HandlerHelper::checkCallback). */
  WRONG_HANDLER_URL: { code: 'ERROR_WRONG_HANDLER_URL', status: 400, description: 'Wrong handler URL' },
  /** Not a REST method: a file link to nothing, or to a recording the caller may not see. */
  NOT_FOUND: { code: 'NOT_FOUND', status: 404, description: 'Not found' },
} as const satisfies Record<string, CatalogueEntry>;

export interface CatalogueEntry {
  /** The `error` field on the wire (may be empty: CRM methods). */
  readonly code: string;
  readonly status: number;
  readonly description: string;
}

export type CatalogueKey = keyof typeof ERROR_CATALOGUE;

/** A Bitrix-style failure. Anything thrown that is not one becomes INTERNAL_SERVER_ERROR. */
export class RestError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(entry: CatalogueEntry, description: string = entry.description) {
    super(description);
    this.name = 'RestError';
    this.code = entry.code;
    this.status = entry.status;
  }

  get description(): string {
    return this.message;
  }
}

/** Builds the error for catalogue entry `key`, optionally with a method-specific description. */
export function restError(key: CatalogueKey, description?: string): RestError {
  return new RestError(ERROR_CATALOGUE[key], description);
}
