/**
 * The one catalogue of error texts: every failure this server can answer or print, with its code,
 * HTTP status (or CLI exit code) and description, by audience. Nothing else in src/ writes error text:
 * code throws by key (`restError('LINE_NOT_FOUND', { number })`), and test/errors/catalogue.test.ts
 * fails when text turns up anywhere else.
 *
 * Descriptions (and the few codes that vary) are templates: `{name}` is filled from the parameters
 * given with the key. The type of `restError` and its siblings derives the parameters each key needs
 * from its template, so a missing or stray parameter does not compile; filling also checks at run time.
 *
 * Bitrix reuses codes (ERROR_CORE, INVALID_REQUEST, ACCESS_DENIED, the empty code of the CRM) with
 * many texts: each text is a key of its own, so the same code appears under several keys.
 */

/** A wire error: `{error: code, error_description: description}` with `status`. */
export interface WireEntry {
  /** The `error` field (empty for the CRM's own failures, A19). */
  readonly code: string;
  readonly status: number;
  readonly description: string;
}

/** A refusal the command line prints as `error: <description>`, exiting with `exit`. */
export interface CliEntry {
  /** 2: the command line or the server refused what was asked; 1: it could not be done (a port taken, a server down). */
  readonly exit: 1 | 2;
  readonly description: string;
}

/** A failed server-side download (RECORD_URL, checks of event handler addresses). */
export interface DownloadEntry {
  readonly description: string;
  /** The target was refused by policy rather than failing by itself: a retry cannot succeed. */
  readonly refused: boolean;
}

/** Why an event delivery failed: kept with the event (event_queue.last_error) and logged. */
export interface ReasonEntry {
  readonly description: string;
}

/** The REST API (`/rest/…`) and the recording routes (`/rest/upload.json`, `/records/…`). */
/** A refusal of the web console: the HTTP status and a sentence for the person reading the page. */
export interface ConsoleEntry {
  status: number;
  description: string;
}

export const REST_ERRORS = {
  // ---- every call: server faults, dispatch, credentials, limits -------------------------------
  INTERNAL_SERVER_ERROR: { code: 'INTERNAL_SERVER_ERROR', status: 500, description: 'Internal server error' },
  /** E44: nothing was committed, so a retry is safe: 5xx. */
  DATABASE_ERROR: { code: 'ERROR_CORE', status: 500, description: 'Unexpected database error' },
  METHOD_NOT_FOUND: { code: 'ERROR_METHOD_NOT_FOUND', status: 404, description: 'Method not found!' },
  INSUFFICIENT_SCOPE: {
    code: 'insufficient_scope',
    status: 403,
    description: 'The request requires higher privileges than provided by the webhook token',
  },
  WRONG_AUTH_TYPE: { code: 'WRONG_AUTH_TYPE', status: 403, description: 'Current authorization type is denied for this method' },
  /** A18, B18: app.info outside an application. */
  APP_CONTEXT_REQUIRED: { code: 'ACCESS_DENIED', status: 400, description: 'Access denied! Application context required' },
  NO_AUTH_FOUND: { code: 'NO_AUTH_FOUND', status: 401, description: 'Wrong authorization data' },
  EXPIRED_TOKEN: { code: 'expired_token', status: 401, description: 'The access token provided has expired' },
  /** B2: a token of an application uninstalled from the portal. */
  APP_UNINSTALLED: { code: 'ERROR_OAUTH', status: 401, description: 'Application not installed' },
  /** B14: a dismissed employee's credentials. */
  INVALID_CREDENTIALS: { code: 'INVALID_CREDENTIALS', status: 403, description: 'Invalid request credentials' },
  /** B2 corrected: an access token this portal never issued. */
  UNKNOWN_TOKEN: { code: 'invalid_token', status: 401, description: 'Unable to get application by token' },
  /** B2 corrected, B15: a webhook path of an existing user with a wrong or expired code. */
  WEBHOOK_WRONG_CODE: { code: 'INVALID_CREDENTIALS', status: 401, description: 'Invalid request credentials' },
  /** B14 corrected: an access token of a dismissed employee. */
  AUTHORIZATION_ERROR: { code: 'authorization_error', status: 401, description: 'Unable to authorize user' },
  QUERY_LIMIT_EXCEEDED: { code: 'QUERY_LIMIT_EXCEEDED', status: 503, description: 'Too many requests' },
  OPERATION_TIME_LIMIT: { code: 'OPERATION_TIME_LIMIT', status: 429, description: 'Method is blocked due to operation time limit.' },
  OVERLOAD_LIMIT: { code: 'OVERLOAD_LIMIT', status: 503, description: 'REST API is blocked due to overload' },
  /** Fault switches (the admin API's /_extcall/faults): cloud refusals reproduced on demand. */
  PAYMENT_REQUIRED: { code: 'PAYMENT_REQUIRED', status: 402, description: 'Payment required' },
  METHOD_CONFIRM_WAITING: { code: 'METHOD_CONFIRM_WAITING', status: 401, description: 'Waiting for confirmation' },
  METHOD_CONFIRM_DENIED: { code: 'METHOD_CONFIRM_DENIED', status: 403, description: 'Method call denied' },
  /** B13: an application limited to some users, called with another user's token. */
  USER_ACCESS_ERROR: { code: 'user_access_error', status: 403, description: 'The user does not have access to the application' },
  ALLOWED_ONLY_INTRANET_USER: { code: 'allowed_only_intranet_user', status: 403, description: 'Action allowed only for intranet users' },

  // ---- transport: the request itself (A7–A12, A20, A27) ------------------------------------------
  HTTPS_REQUIRED: { code: 'INVALID_REQUEST', status: 400, description: 'Https required' },
  INVALID_REQUEST: { code: 'INVALID_REQUEST', status: 400, description: 'Invalid request' },
  CONSOLE_LINK_USER_INVALID: { code: 'INVALID_REQUEST', status: 400, description: 'userId: a positive whole number' },
  /** A client error the HTTP layer reported in its own words. */
  CLIENT_ERROR: { code: 'INVALID_REQUEST', status: 400, description: '{reason}' },
  NOT_HTTP: { code: 'INVALID_REQUEST', status: 400, description: 'The request is not valid HTTP/1.1' },
  /** Headers or body arrived too slowly (slowloris); the connection is closed after it. */
  REQUEST_TIMEOUT: { code: 'INVALID_REQUEST', status: 408, description: 'The request did not arrive in time' },
  HEADERS_TOO_LARGE: { code: 'INVALID_REQUEST', status: 431, description: 'Request headers are too large' },
  BODY_TOO_LARGE: { code: 'INVALID_REQUEST', status: 413, description: 'Request body is too large (limit {limit})' },
  URL_NOT_DECODABLE: { code: 'INVALID_REQUEST', status: 400, description: 'The URL is not validly percent-encoded' },
  URL_PART_TOO_LONG: { code: 'INVALID_REQUEST', status: 414, description: 'A part of the URL is too long' },
  HOST_REQUIRED: { code: 'INVALID_REQUEST', status: 400, description: 'An HTTP/1.1 request needs a Host header' },
  EXPECTATION_FAILED: { code: 'INVALID_REQUEST', status: 417, description: 'Only "Expect: 100-continue" is understood' },
  UNSUPPORTED_CONTENT_TYPE: {
    code: 'INVALID_REQUEST',
    status: 400,
    description: 'Unsupported Content-Type {type}: send application/json, application/x-www-form-urlencoded or multipart/form-data',
  },
  QUERY_NOT_UTF8: { code: 'INVALID_REQUEST', status: 400, description: 'The query string is not valid UTF-8' },
  FORM_BODY_NOT_UTF8: { code: 'INVALID_REQUEST', status: 400, description: 'The form body is not valid UTF-8' },
  JSON_BODY_NOT_UTF8: { code: 'INVALID_REQUEST', status: 400, description: 'The JSON body is not valid UTF-8' },
  PERCENT_NOT_UTF8: {
    code: 'INVALID_REQUEST',
    status: 400,
    description: 'Parameters contain percent-encoded bytes that are not valid UTF-8',
  },
  BODY_NOT_JSON: { code: 'INVALID_REQUEST', status: 400, description: 'The request body is not valid JSON: {reason}' },
  JSON_BODY_NOT_OBJECT: { code: 'INVALID_REQUEST', status: 400, description: 'The JSON body must be an object of parameters' },
  PARAMS_TOO_DEEP: { code: 'INVALID_REQUEST', status: 400, description: 'Parameters are nested deeper than {depth} levels' },
  PARAMS_TOO_MANY: { code: 'INVALID_REQUEST', status: 400, description: 'More than {count} parameters' },
  PARAM_NAME_FORBIDDEN: { code: 'INVALID_REQUEST', status: 400, description: 'Parameter name "{name}" is not allowed' },
  PARAMS_WITH_NUL: { code: 'INVALID_REQUEST', status: 400, description: 'Parameters may not contain NUL characters' },
  FILE_TOO_LARGE: { code: 'INVALID_REQUEST', status: 413, description: 'An uploaded file is larger than {limit} bytes' },
  MULTIPART_TOO_MANY_PARTS: { code: 'INVALID_REQUEST', status: 413, description: 'The multipart body has too many parts' },
  MULTIPART_PROTOTYPE_FIELD: {
    code: 'INVALID_REQUEST',
    status: 400,
    description: 'A multipart field may not be named after a prototype property (such as __proto__ or constructor)',
  },
  MULTIPART_MALFORMED: { code: 'INVALID_REQUEST', status: 400, description: 'The multipart body is malformed: {reason}' },
  MULTIPART_BOUNDARY_TOO_LONG: {
    code: 'INVALID_REQUEST',
    status: 400,
    description: 'The multipart body is malformed: the boundary is too long',
  },
  REQUEST_ID_NOT_TEXT: { code: 'INVALID_REQUEST', status: 400, description: 'The request id must be a string' },
  REQUEST_ID_TOO_LONG: { code: 'INVALID_REQUEST', status: 400, description: 'The request id is longer than {max} characters' },
  REQUEST_ID_REUSED: { code: 'INVALID_REQUEST', status: 400, description: 'Idempotency key reused with different parameters' },
  REQUEST_ID_BUSY: { code: 'INVALID_REQUEST', status: 400, description: 'A request with this idempotency key is still being processed' },
  /** Not a REST method: no route at all. */
  NOTHING_SERVED: { code: 'NOT_FOUND', status: 404, description: 'Nothing is served at {method} {url}' },

  // ---- the admin API under /_extcall/ (not Bitrix: extcall's own, in the same envelope) ------------
  ADMIN_API_REFUSED: {
    code: 'ACCESS_DENIED',
    status: 403,
    description: 'The admin API answers the local machine only; from elsewhere send the admin token as Authorization: Bearer',
  },
  // The clock and reset (POST /_extcall/clock, POST /_extcall/reset).
  CLOCK_BODY_INVALID: {
    code: 'INVALID_REQUEST',
    status: 400,
    description:
      'The clock takes a JSON object with one of: "advance" (a duration such as "2h", "90m", "30s" or milliseconds), "set" (an ISO 8601 date or Unix milliseconds), "freeze" (true or false), "restore" (true)',
  },
  CLOCK_DURATION_INVALID: {
    code: 'INVALID_REQUEST',
    status: 400,
    description: 'advance: {value} is not a duration (e.g. "2h", "1d", "15m", "30s", "500ms", or milliseconds)',
  },
  CLOCK_INSTANT_INVALID: {
    code: 'INVALID_REQUEST',
    status: 400,
    description: 'set: {value} is not a date (an ISO 8601 date with a time zone, or Unix milliseconds)',
  },
  CLOCK_OUT_OF_RANGE: { code: 'INVALID_REQUEST', status: 400, description: 'The clock cannot go before 1970 or after 9999' },
  RESET_BODY_INVALID: {
    code: 'INVALID_REQUEST',
    status: 400,
    description: 'Reset takes no body or a JSON object whose only field is "empty" (true or false)',
  },
  // Fault specs (POST /_extcall/faults): each names the field at fault.
  FAULT_SPEC_NOT_OBJECT: { code: 'INVALID_REQUEST', status: 400, description: 'A fault spec is a JSON object with a kind' },
  FAULT_FIELD_REQUIRED: { code: 'INVALID_REQUEST', status: 400, description: '{field} is required' },
  FAULT_FIELD_UNKNOWN: { code: 'INVALID_REQUEST', status: 400, description: '{field} is not a field of a {kind} fault' },
  FAULT_FIELD_CHOICE: { code: 'INVALID_REQUEST', status: 400, description: '{field} must be one of: {choices}' },
  FAULT_FIELD_NOT_ID: { code: 'INVALID_REQUEST', status: 400, description: '{field} must be a positive integer' },
  FAULT_FIELD_NOT_IDS: { code: 'INVALID_REQUEST', status: 400, description: '{field} must be a list of positive integers' },
  FAULT_FIELD_NOT_TIMES: {
    code: 'INVALID_REQUEST',
    status: 400,
    description: '{field} must be a positive integer, or null for until removed',
  },
  FAULT_FIELD_NOT_TEXT: { code: 'INVALID_REQUEST', status: 400, description: '{field} must be a non-empty string' },
  FAULT_FIELD_NOT_OBJECT: { code: 'INVALID_REQUEST', status: 400, description: '{field} must be an object' },
  FAULT_FIELD_NOT_TRUE: { code: 'INVALID_REQUEST', status: 400, description: '{field} must be true' },
  FAULT_FIELD_NOT_BOOLEAN: { code: 'INVALID_REQUEST', status: 400, description: '{field} must be true or false' },
  FAULT_FIELD_NOT_DELAY: {
    code: 'INVALID_REQUEST',
    status: 400,
    description: '{field} must be a whole number of milliseconds from 0 to {max}',
  },
  FAULT_FIELD_NOT_STATUS: { code: 'INVALID_REQUEST', status: 400, description: '{field} must be an HTTP status from 400 to 599' },
  FAULT_FAIL_ONE_ANSWER: {
    code: 'INVALID_REQUEST',
    status: 400,
    description: 'A fail fault takes exactly one of error, status, delayMs and drop',
  },
  FAULT_ERROR_UNKNOWN: {
    code: 'INVALID_REQUEST',
    status: 400,
    description: 'error: "{error}" is no code or key of the REST catalogue; for another, give an object with code, description and status',
  },
  FAULT_NO_USER: { code: 'INVALID_REQUEST', status: 400, description: 'userId: no user with id {userId}' },
  FAULT_NO_APP: { code: 'INVALID_REQUEST', status: 400, description: 'appId: no application with id {appId}' },
  FAULT_NO_TOKEN: { code: 'INVALID_REQUEST', status: 400, description: 'token: the portal has no such access token' },
  FAULT_NOT_FOUND: { code: 'NOT_FOUND', status: 404, description: 'No fault with id {id}' },
  // The request journal and event deliveries (/_extcall/requests, /_extcall/events): query parameters and ids.
  JOURNAL_QUERY_NOT_ID: { code: 'INVALID_REQUEST', status: 400, description: '{name} must be a whole number of 0 or more' },
  JOURNAL_QUERY_LIMIT: { code: 'INVALID_REQUEST', status: 400, description: 'limit must be a whole number from 1 to {max}' },
  JOURNAL_QUERY_CHOICE: { code: 'INVALID_REQUEST', status: 400, description: '{name} must be one of: {choices}' },
  EVENT_DELIVERY_NOT_FOUND: { code: 'NOT_FOUND', status: 404, description: 'No queued event with id {id}' },

  // ---- batch (D1–D12) -------------------------------------------------------------------------------
  ERROR_BATCH_METHOD_NOT_ALLOWED: {
    code: 'ERROR_BATCH_METHOD_NOT_ALLOWED',
    status: 405,
    description: 'Method is not allowed for batch usage',
  },
  ERROR_BATCH_LENGTH_EXCEEDED: { code: 'ERROR_BATCH_LENGTH_EXCEEDED', status: 400, description: 'Max batch length exceeded' },
  BATCH_CMD_NOT_LIST: { code: 'ERROR_CORE', status: 400, description: 'cmd must be an array' },
  BATCH_COMMAND_NOT_TEXT: { code: 'ERROR_CORE', status: 400, description: 'Command must be a string' },
  BATCH_COMMAND_WITHOUT_METHOD: { code: 'ERROR_CORE', status: 400, description: 'Command has no method' },

  // ---- telephony: register, finish, lines (E1–E45, G1–G7) ---------------------------------------
  USER_REFERENCE_MISSING: { code: 'ERROR_CORE', status: 400, description: 'USER_ID or USER_PHONE_INNER should be set' },
  /** E7, E28; also im.notify's addressee (I18). */
  USER_NOT_FOUND: { code: 'ERROR_CORE', status: 400, description: 'User is not found or is not active' },
  PARAM_NOT_TEXT: { code: 'ERROR_CORE', status: 400, description: '{name} must be a string' },
  PARAM_TOO_LONG: { code: 'ERROR_CORE', status: 400, description: '{name} is too long ({max} characters at most)' },
  CALL_TYPE_UNKNOWN: { code: 'ERROR_CORE', status: 400, description: 'Unknown TYPE' },
  CALL_START_DATE_INVALID: { code: 'ERROR_CORE', status: 400, description: 'CALL_START_DATE should be in the ISO-8601 format.' },
  PHONE_NUMBER_UNSUPPORTED: { code: 'ERROR_CORE', status: 400, description: 'Unsupported phone number format' },
  CALL_ID_NOT_TEXT: { code: 'INVALID_ARGUMENT', status: 400, description: 'CALL_ID must be a string' },
  STATUS_CODE_INVALID: {
    code: 'ERROR_CORE',
    status: 400,
    description: 'STATUS_CODE must be a call status code such as 200, 304, 486 or 603-S',
  },
  CALL_NOT_FOUND: { code: 'ERROR_CORE', status: 400, description: 'Call is not found (call should be registered prior to finishing)' },
  PHONE_NUMBER_EMPTY: { code: 'ERROR_CORE', status: 400, description: 'PHONE_NUMBER is empty' },
  LINE_NUMBER_EMPTY: { code: 'ERROR_CORE', status: 400, description: 'NUMBER should not be empty' },
  LINE_NOTHING_TO_UPDATE: { code: 'ERROR_CORE', status: 400, description: 'There are no fields to update' },
  LINE_EXISTS: { code: 'ERROR_CORE', status: 400, description: 'Line already exists' },
  LINE_NOT_FOUND: { code: 'ERROR_CORE', status: 400, description: 'Could not find line with number {number}' },

  // ---- telephony: recordings (E46–E57) and their routes ------------------------------------------
  RECORD_SOURCE_MISSING: {
    code: 'ERROR_CORE',
    status: 400,
    description: 'Required parameters are not set. Request should contain either URL or FILENAME parameter',
  },
  CALL_NOT_FINISHED: {
    code: 'ERROR_CORE',
    status: 400,
    description: 'Call is not found in the statistic table. It looks like it is not finished yet.',
  },
  UPLOAD_URL_INVALID: { code: 'ERROR_CORE', status: 400, description: 'The upload URL is invalid, already used or expired' },
  /** The RECORD_URL download was refused by the address policy or the size limit: its own words. */
  RECORD_URL_REFUSED: { code: 'ERROR_CORE', status: 400, description: '{reason}' },
  /** E55: the RECORD_URL download failed (status 0: no answer). */
  RECORD_URL_FAILED: { code: 'ERROR_CORE', status: 400, description: 'Server returns HTTP error code {status}' },
  FILE_NAME_EMPTY: { code: 'ERROR_CORE', status: 400, description: 'File name is empty' },
  FILE_EXTENSION_WRONG: { code: 'ERROR_CORE', status: 400, description: 'Wrong file extension. Only wav and mp3 are allowed' },
  FILE_CONTENT_EMPTY: { code: 'ERROR_CORE', status: 400, description: 'File content is empty.' },
  FILE_CONTENT_NOT_BASE64: {
    code: 'ERROR_CORE',
    status: 400,
    description: 'File content is not properly encoded. Base64 encoding is expected.',
  },
  FILE_CONTENT_NOT_AUDIO: { code: 'ERROR_CORE', status: 400, description: 'File content is not {format} audio' },
  RECORDING_TOO_LARGE: { code: 'ERROR_CORE', status: 400, description: 'The recording is larger than {limit} bytes' },
  /** The upload URL's body over the recording limit. */
  RECORDING_UPLOAD_TOO_LARGE: { code: 'INVALID_REQUEST', status: 413, description: 'The recording is larger than {limit} bytes' },
  RECORDING_NOT_MULTIPART: {
    code: 'INVALID_REQUEST',
    status: 400,
    description: 'Send the recording as multipart/form-data in the field "file"',
  },
  /** A file link to nothing, or to a recording the caller may not see. */
  NO_SUCH_RECORDING: { code: 'NOT_FOUND', status: 404, description: 'No such recording' },
  /** A file field's value over the file limit. */
  FILE_FIELD_TOO_LARGE: { code: 'ERROR_CORE', status: 400, description: 'The file is larger than {limit} bytes' },
  /** A file link to nothing, or to a file the caller may not open. */
  NO_SUCH_FILE: { code: 'NOT_FOUND', status: 404, description: 'No such file' },

  // ---- telephony: transcripts (E66, E67) -------------------------------------------------------------
  TRANSCRIPT_CALL_ID_MISSING: { code: 'ERROR_CORE', status: 400, description: 'CALL_ID should be set' },
  TRANSCRIPT_MESSAGES_NOT_LIST: { code: 'ERROR_CORE', status: 400, description: 'MESSAGES should be an array' },
  TRANSCRIPT_SIDE_INVALID: { code: 'ERROR_CORE', status: 400, description: 'MESSAGES[{index}][SIDE] should be either Client or User' },
  TRANSCRIPT_START_INVALID: {
    code: 'ERROR_CORE',
    status: 400,
    description: 'MESSAGES[{index}][START_TIME] should be greater or equal to zero',
  },
  TRANSCRIPT_STOP_INVALID: { code: 'ERROR_CORE', status: 400, description: 'MESSAGES[{index}][STOP_TIME] should be greater than zero' },
  TRANSCRIPT_MESSAGE_EMPTY: { code: 'ERROR_CORE', status: 400, description: 'MESSAGES[{index}][MESSAGE] is empty' },
  TRANSCRIPT_CALL_NOT_FOUND: { code: 'ERROR_CORE', status: 400, description: 'Call {callId} is not found. Is it finished?' },
  /** crm.activity.call.getTranscript of an unknown activity. */
  ACTIVITY_NOT_FOUND: { code: 'NOT_FOUND', status: 400, description: 'Element not found' },

  // ---- CRM: its own failures carry an empty code (A19) -----------------------------------------
  CRM_NOT_FOUND: { code: '', status: 400, description: 'Not found' },
  CRM_INVALID_ID: { code: '', status: 400, description: 'ID is not defined or invalid' },
  CRM_PARAM_NOT_ARRAY: { code: '', status: 400, description: "Parameter '{name}' must be array" },
  // ---- crm.lead|contact|company|deal.* and their bindings (their reference pages) --------------
  /** crm.deal.add|update: a CURRENCY_ID the portal does not have. */
  CRM_CURRENCY_INVALID: { code: '', status: 400, description: 'Invalid value for the "Currency" field' },
  /** crm.contact.add|update: an e-mail value that is no address; `label` names the value's type. */
  CRM_CONTACT_EMAIL_INVALID: { code: 'ERROR_CORE', status: 400, description: 'The field {label} contains an invalid address' },
  /** crm.company.add|update: an e-mail value that is no address. */
  CRM_COMPANY_EMAIL_INVALID: { code: 'ERROR_CORE', status: 400, description: 'The E-mail field contains an invalid address' },
  CRM_BINDING_OWNER_INVALID: { code: '', status: 400, description: "The parameter 'ownerEntityID' is invalid or not defined." },
  CRM_BINDING_ITEMS_OWNER_INVALID: { code: '', status: 400, description: 'The parameter ownerEntityID is invalid or not defined.' },
  CRM_BINDING_FIELDS_NOT_ARRAY: { code: '', status: 400, description: "The parameter 'fields' must be array." },
  CRM_BINDING_FIELDS_INVALID: { code: '', status: 400, description: "The parameter 'fields' is not valid." },
  CRM_BINDING_ITEMS_NOT_ARRAY: { code: '', status: 400, description: 'The parameter items must be array.' },
  // ---- crm.activity.add|update|delete, crm.activity.type.* (their reference pages) --------------
  ACTIVITY_SUBJECT_EMPTY: { code: '', status: 400, description: 'The field SUBJECT is not defined or empty' },
  ACTIVITY_RESPONSIBLE_INVALID: { code: '', status: 400, description: 'The field RESPONSIBLE_ID is not defined or invalid' },
  ACTIVITY_TYPE_INVALID: { code: '', status: 400, description: 'The field TYPE_ID is not defined or invalid' },
  ACTIVITY_COMMUNICATIONS_INVALID: { code: '', status: 400, description: 'The field COMMUNICATIONS is not defined or invalid' },
  ACTIVITY_ONE_COMMUNICATION: {
    code: '',
    status: 400,
    description: 'The only one communication is allowed for activity of specified type',
  },
  ACTIVITY_NO_BINDING: {
    code: '',
    status: 400,
    description: 'Could not build binding. Please ensure that owner info and communications are defined correctly',
  },
  ACTIVITY_CUSTOM_WITHOUT_PROVIDER: {
    code: '',
    status: 400,
    description: 'The custom activity without provider is not supported in current context',
  },
  ACTIVITY_APP_CONTEXT_REQUIRED: { code: '', status: 400, description: 'Application context required' },
  ACTIVITY_MISSING: { code: '', status: 400, description: 'Activity is not found' },
  ACTIVITY_TYPE_ADMIN_REQUIRED: { code: 'ACCESS_DENIED', status: 400, description: 'Admin permissions required' },
  ACTIVITY_TYPE_ID_EMPTY: { code: 'INVALID_ARG_VALUE', status: 400, description: 'The required field TYPE_ID is not filled' },
  ACTIVITY_TYPE_EXISTS: {
    code: 'INVALID_ARG_VALUE',
    status: 400,
    description: 'A custom activity type with the specified TYPE_ID already exists',
  },
  ACTIVITY_TYPE_UNKNOWN: {
    code: 'INVALID_ARG_VALUE',
    status: 400,
    description: 'Custom activity type with the specified TYPE_ID does not exist',
  },
  // ---- crm.timeline.comment.* (their reference pages) ----------------------------------------------
  COMMENT_REQUIRED_FIELDS: { code: '100', status: 400, description: 'Required fields are not provided' },
  COMMENT_OWNER_NOT_FOUND: { code: 'OWNER_NOT_FOUND', status: 400, description: 'Owner of the item not found' },
  COMMENT_EMPTY: { code: 'INVALID_ARG_VALUE', status: 400, description: 'Empty comment' },
  COMMENT_NOT_FOUND: { code: 'NOT_FOUND', status: 400, description: 'Not found.' },
  COMMENT_GET_NOT_FOUND: { code: '', status: 400, description: 'Not found.' },
  COMMENT_INVALID_ID: { code: '', status: 400, description: 'ID is not defined or invalid.' },
  COMMENT_ACCESS_DENIED: { code: '', status: 400, description: 'Access denied' },
  // ---- crm.status.* (their reference pages) ---------------------------------------------------------
  STATUS_ENTITY_ID_REQUIRED: { code: '', status: 400, description: 'The field ENTITY_ID is required.' },
  STATUS_STATUS_ID_REQUIRED: { code: '', status: 400, description: 'The field STATUS_ID is required.' },
  STATUS_BOTH_REQUIRED: { code: '', status: 400, description: 'The field ENTITY_ID is required.<br>The field STATUS_ID is required.' },
  STATUS_FIELDS_NOT_ARRAY: { code: '', status: 400, description: "Parameter 'fields' must be array." },
  STATUS_ENTITY_UNSUPPORTED: { code: '', status: 400, description: 'Specified entity type is not supported.' },
  STATUS_NAME_REQUIRED: { code: '', status: 400, description: 'The field Title is required.' },
  STATUS_AFTER_FINAL: {
    code: '',
    status: 400,
    description:
      'Cannot create more stages after the final stage because the final successful stage already exists. Try using sort order values less than that of the final stage.',
  },
  STATUS_EXISTS: { code: 'ERROR_CORE', status: 400, description: 'The specified status ID already exists.' },
  STATUS_INVALID_ID: { code: '', status: 400, description: 'Invalid identifier.' },
  STATUS_NOT_FOUND: { code: '', status: 400, description: 'Status is not found.' },
  STATUS_SYSTEM: {
    code: '',
    status: 400,
    description: 'CRM System Status can be deleted only if parameter FORCED is specified and equal to "Y".',
  },
  STATUS_IN_USE: { code: '', status: 400, description: 'There are active items in this status.' },
  STATUS_ENTITY_ID_INVALID: { code: '', status: 400, description: 'The parameter entityId is not defined or invalid.' },
  // ---- crm.currency.add|update|delete|base.* (their reference pages) ------------------------------------
  CURRENCY_FIELD_MISSING: { code: 'ERROR_CORE', status: 400, description: 'Undefined array key "{field}"' },
  CURRENCY_CODE_INVALID: { code: '', status: 400, description: 'Currency identifier must consist of 3 characters' },
  CURRENCY_EXISTS: { code: 'ERROR_CORE', status: 400, description: 'Currency {code} already exists' },
  CURRENCY_BASE_DELETE: { code: '', status: 400, description: 'Cannot delete base currency.' },
  /** crm.duplicate.findbycomm puts its message in `error` itself (A19, I16). */
  FINDBYCOMM_TYPE_MISSING: { code: 'Communication type is not defined', status: 400, description: "Parameter 'type' is required." },
  FINDBYCOMM_TYPE_UNSUPPORTED: {
    code: "Communication type '{type}' is not supported in current context",
    status: 400,
    description: "Parameter 'type' must be PHONE or EMAIL.",
  },
  FINDBYCOMM_VALUES_MISSING: { code: 'Communication values is not defined', status: 400, description: "Parameter 'values' is required." },
  FINDBYCOMM_TOO_MANY_VALUES: { code: 'Too many communication values', status: 400, description: 'No more than {max} values are allowed.' },

  // ---- im (I18, I19) ------------------------------------------------------------------------------
  USER_ID_EMPTY: { code: 'USER_ID_EMPTY', status: 400, description: "User ID can't be empty" },
  MESSAGE_EMPTY: { code: 'MESSAGE_EMPTY', status: 400, description: "Message can't be empty" },
  LAST_ID_AND_LAST_TYPE: {
    code: 'LAST_ID_AND_LAST_TYPE',
    status: 400,
    description: 'Parameters LAST_ID and LAST_TYPE should be used together.',
  },
  /** The im.notify.* family (I18, I19 and the method pages). */
  ATTACH_OVERSIZE: { code: 'ATTACH_OVERSIZE', status: 400, description: 'You have exceeded the maximum allowable size of attach' },
  ATTACH_ERROR: { code: 'ATTACH_ERROR', status: 400, description: 'Incorrect attach params' },
  NOTIFY_PARAMS_ERROR: { code: 'PARAMS_ERROR', status: 400, description: 'Incorrect params' },
  NOTIFY_CLIENT_ID_REQUIRED: { code: 'ACCESS_DENIED', status: 403, description: 'Access denied! Client ID not specified' },
  NOTIFY_IDS_ERROR: { code: 'PARAMS_ERROR', status: 400, description: 'No IDS param or it is not an array' },
  NOTIFY_ID_ERROR: { code: 'ID_ERROR', status: 400, description: "Notification ID can't be empty" },
  ANSWER_TEXT_ERROR: { code: 'ANSWER_TEXT_ERROR', status: 400, description: "ANSWER_TEXT can't be empty" },
  NOTIFY_VALUE_ERROR: { code: 'NOTIFY_VALUE_ERROR', status: 400, description: "Notification Value can't be empty" },
  SEARCH_TEXT_ERROR: { code: 'SEARCH_TEXT_ERROR', status: 400, description: "SEARCH_TEXT can't be less than 3 symbols" },
  LAST_ID_STRING: { code: 'LAST_ID_STRING', status: 400, description: "Last notification ID can't be string" },

  // ---- users: user.add, user.update (the method pages) ----------------------------------------------
  USER_WRONG_EMAIL: { code: 'ERROR_ARGUMENT', status: 400, description: 'wrong_email' },
  USER_EMAIL_EXISTS: { code: 'ERROR_ARGUMENT', status: 400, description: 'A user with this email already exists' },
  USER_NO_DEPARTMENT: { code: 'ERROR_ARGUMENT', status: 400, description: 'no_extranet_field' },
  USER_GROUP_NOT_SPECIFIED: { code: 'ERROR_GROUPID', status: 400, description: 'Group code not specified' },
  USER_GROUP_WRONG: { code: 'ERROR_NO_GROUP', status: 400, description: 'Group is specified incorrectly' },
  USER_ACCESS_DENIED: { code: 'ERROR_CORE', status: 400, description: 'access_denied' },
  /** user.add / user.update with an extension that is malformed or held by another active employee (I6). */
  USER_INNER_NUMBER_REFUSED: {
    code: 'ERROR_CORE',
    status: 400,
    description: 'Error updating user fields: extension {number} is not valid or already in use',
  },

  // ---- platform: options, placements, voximplant.user.get (the method pages) ------------------------
  OPTION_APP_CONTEXT_REQUIRED: { code: 'AccessException', status: 400, description: 'Application context required' },
  OPTION_ADMIN_REQUIRED: { code: 'AccessException', status: 400, description: 'Administrator authorization required' },
  OPTIONS_EMPTY: { code: 'ArgumentNullException', status: 400, description: 'options is empty' },
  PLACEMENT_APP_CONTEXT: {
    code: 'WRONG_AUTH_TYPE',
    status: 403,
    description: 'Current authorization type is denied for this method Application context required',
  },
  PLACEMENT_ACCESS_DENIED: { code: 'ACCESS_DENIED', status: 403, description: 'Access denied!' },
  PLACEMENT_ARGUMENT_EMPTY: { code: 'ERROR_ARGUMENT', status: 400, description: "Argument '{argument}' is null or empty" },
  PLACEMENT_ARGUMENT_NOT_STRING: {
    code: 'ERROR_ARGUMENT',
    status: 400,
    description: "The value of an argument '{argument}' must be of type string",
  },
  PLACEMENT_NOT_FOUND: { code: 'ERROR_PLACEMENT_NOT_FOUND', status: 400, description: 'Placement not found' },
  PLACEMENT_USER_MODE: { code: 'ERROR_PLACEMENT_USER_MODE', status: 400, description: 'User mode is not available' },
  VOXIMPLANT_USER_ID_NOT_SET: { code: '', status: 400, description: 'Parameter USER_ID is not set' },
  VOXIMPLANT_USER_ACCESS_DENIED: {
    code: 'ACCESS_DENIED',
    status: 403,
    description: 'Access denied! You have no permission to query selected users',
  },

  // ---- events (H6–H10) ----------------------------------------------------------------------------
  EVENT_NOT_SET: { code: 'ERROR_CORE', status: 400, description: 'Event is not set' },
  EVENT_NOT_FOUND: { code: 'ERROR_EVENT_NOT_FOUND', status: 400, description: 'Event not found' },
  HANDLER_EXISTS: { code: 'ERROR_HANDLER_ALREADY_EXIST', status: 400, description: 'Handler already exists!' },
  HANDLER_NOT_SET: { code: 'ERROR_CORE', status: 400, description: 'Handler is not set' },
  HANDLER_NOT_HTTP: { code: 'ERROR_CORE', status: 400, description: 'Handler must be an http or https URL' },
  OFFLINE_BIND_NEEDS_ADMIN: {
    code: 'ACCESS_DENIED',
    status: 403,
    description: 'Access denied! Offline events binding requires administrator access rights',
  },
  AUTH_TYPE_BIND_NEEDS_ADMIN: {
    code: 'ACCESS_DENIED',
    status: 403,
    description: 'Access denied! Event binding with AUTH_TYPE requires administrator access rights',
  },
  OFFLINE_UNBIND_NEEDS_ADMIN: {
    code: 'ACCESS_DENIED',
    status: 403,
    description: 'Access denied! Offline events unbinding requires administrator access rights',
  },
  AUTH_TYPE_UNBIND_NEEDS_ADMIN: {
    code: 'ACCESS_DENIED',
    status: 403,
    description: 'Access denied! Event unbinding with AUTH_TYPE requires administrator access rights',
  },
  /** event.bind with a handler the portal will not post to (Bitrix's HandlerHelper::checkCallback). */
  WRONG_HANDLER_URL_INVALID: {
    code: 'ERROR_WRONG_HANDLER_URL',
    status: 400,
    description: 'Wrong handler URL: the handler is not a valid URL',
  },
  WRONG_HANDLER_URL_PRIVATE: {
    code: 'ERROR_WRONG_HANDLER_URL',
    status: 400,
    description: 'Wrong handler URL: {reason} (--allow-private-event-handlers allows local handlers)',
  },
} as const satisfies Record<string, WireEntry>;

/** The authorisation server, /oauth/token/ and /oauth/authorize/ (B4–B6): `{error, error_description}`. */
export const OAUTH_ERRORS = {
  GRANT_TYPE_REQUIRED: { code: 'invalid_request', status: 400, description: 'grant_type is required' },
  GRANT_TYPE_UNSUPPORTED: { code: 'invalid_request', status: 400, description: 'grant_type "{grantType}" is not supported' },
  REFRESH_TOKEN_REQUIRED: { code: 'invalid_request', status: 400, description: 'refresh_token is required' },
  CODE_REQUIRED: { code: 'invalid_request', status: 400, description: 'code is required' },
  NO_REDIRECT_URI: { code: 'invalid_request', status: 400, description: 'The application has no redirect URI' },
  NO_ACTIVE_USER: { code: 'invalid_request', status: 400, description: 'No active user with that ID' },
  AUTHORIZE_PAGE_OFF: {
    code: 'invalid_request',
    status: 400,
    description: 'The authorization page is off: start the server with --authorize-page, or use `extcall token code`',
  },
  /** Unreadable input (bad encoding, too deep): the REST layer's words, as an OAuth failure. */
  UNREADABLE_REQUEST: { code: 'invalid_request', status: 400, description: '{reason}' },
  REFRESH_TOKEN_INVALID: { code: 'invalid_grant', status: 400, description: 'Invalid refresh token' },
  CODE_INVALID: { code: 'invalid_grant', status: 400, description: 'Invalid authorization code' },
  /** B14: a dismissed employee's grants are refused like a revoked one. */
  GRANT_USER_DISMISSED: { code: 'invalid_grant', status: 400, description: 'The user of this grant is dismissed' },
  CLIENT_CREDENTIALS_REQUIRED: { code: 'invalid_client', status: 401, description: 'client_id and client_secret are required' },
  CLIENT_INVALID: { code: 'invalid_client', status: 401, description: 'Invalid client credentials' },
  APP_NOT_INSTALLED: { code: 'invalid_client', status: 401, description: 'The application is not installed on this portal' },
  /** A fault switch: an application whose payment is due refreshes no token. */
  PAYMENT_REQUIRED: { code: 'PAYMENT_REQUIRED', status: 402, description: 'Payment required' },
  /** Decision: an application deleted from the portal, 401 like the other failures that identify the client. */
  APPLICATION_NOT_FOUND: { code: 'APPLICATION_NOT_FOUND', status: 401, description: 'Application not found' },
} as const satisfies Record<string, WireEntry>;

/** What the portal refuses an administrator (CLI commands, seed data): `error: …`, exit code 2. */
export const ADMIN_ERRORS = {
  USER_NAME_REQUIRED: { exit: 2, description: 'a user needs a name' },
  INNER_NUMBER_INVALID: { exit: 2, description: 'inner number "{number}" must be 1-20 digits' },
  INNER_NUMBER_TAKEN: { exit: 2, description: 'inner number {number} already belongs to user {userId}' },
  NO_USER: { exit: 2, description: 'no user with id {userId}' },
  USER_DISMISSED: { exit: 2, description: 'user {userId} is dismissed' },
  NO_ADMIN: { exit: 2, description: 'the portal has no active administrator; pass a user id' },
  APP_NAME_REQUIRED: { exit: 2, description: 'an application needs a name' },
  REDIRECT_URI_NOT_HTTP: { exit: 2, description: 'the redirect URI must be an http or https URL' },
  NO_APP: { exit: 2, description: 'no application with id {appId}' },
  NO_WEBHOOK: { exit: 2, description: 'no incoming webhook with id {webhookId}' },
  APP_NOT_INSTALLED: { exit: 2, description: 'application {appId} is not installed' },
  NO_INSTALLED_APP: { exit: 2, description: 'no installed application with id {appId}' },
  SCOPES_REQUIRED: { exit: 2, description: 'at least one scope is needed' },
  SCOPES_UNKNOWN: { exit: 2, description: 'unknown scope(s): {scopes} (the scopes: {known})' },
  NOT_A_PHONE_NUMBER: { exit: 2, description: '"{phone}" is not a phone number' },
  ONE_LINE_ONLY: { exit: 2, description: 'name one line: an application or an outgoing webhook' },
  NO_DEFAULT_LINE: {
    exit: 2,
    description:
      'name the line with --app or --outgoing-webhook, or set a default with `extcall call default-line` (the portal has no telephony application or several)',
  },
  NO_CLICK_TO_CALL_WEBHOOK: {
    exit: 2,
    description:
      'no outgoing webhook with id {id} for ONEXTERNALCALLSTART (add one with `extcall webhook outgoing add --event ONEXTERNALCALLSTART`)',
  },
  NO_CALLBACK_RECEIVER: { exit: 2, description: 'no telephony application or outgoing webhook takes callback requests' },
  SEVERAL_TELEPHONY_APPS: { exit: 2, description: 'name the telephony application with --app (the portal has several: {appIds})' },
  EVENT_NOT_FOR_OUTGOING_WEBHOOKS: { exit: 2, description: '{event} cannot be sent to an outgoing webhook; events: {events}' },
  HANDLER_NOT_HTTP: { exit: 2, description: 'the handler must be an http or https URL' },
  HANDLER_REFUSED_INVALID: { exit: 2, description: 'the handler is refused: the handler is not a valid URL' },
  HANDLER_REFUSED_PRIVATE: {
    exit: 2,
    description: 'the handler is refused: {reason} (--allow-private-event-handlers allows local handlers)',
  },
  NO_OUTGOING_WEBHOOK: { exit: 2, description: 'no outgoing webhook with id {id}' },
  INSTALL_URL_NOT_HTTP: { exit: 2, description: 'the install URL must be an http or https URL' },
  // ---- seed documents (`--seed FILE`, `extcall seed`): each names the path of the fault -----------
  SEED_NOT_A_MAPPING: { exit: 2, description: '{path} must be a mapping of keys to values' },
  SEED_NOT_A_LIST: { exit: 2, description: '{path} must be a list' },
  SEED_LIST_EMPTY: { exit: 2, description: "{path} must list at least one entry (the first is the portal's {role})" },
  SEED_KEY_REQUIRED: { exit: 2, description: '{path} is required' },
  SEED_KEY_UNKNOWN: { exit: 2, description: '{path} is not a known key; known here: {known}' },
  SEED_NOT_A_STRING: { exit: 2, description: '{path} must be a string' },
  SEED_STRING_EMPTY: { exit: 2, description: '{path} must not be empty' },
  SEED_STRING_TOO_LONG: { exit: 2, description: '{path} is longer than {max} characters' },
  SEED_NOT_A_BOOLEAN: { exit: 2, description: '{path} must be true or false' },
  SEED_NOT_A_NUMBER: { exit: 2, description: '{path} must be a number' },
  SEED_NOT_A_POSITIVE_INTEGER: { exit: 2, description: '{path} must be a positive integer' },
  SEED_NOT_AN_INNER_NUMBER: { exit: 2, description: '{path} must be a string of digits (1-20 of 0-9, *, # or +; quote it in YAML)' },
  SEED_NOT_AN_EMAIL: { exit: 2, description: '{path} must be an e-mail address' },
  SEED_NOT_A_GENDER: { exit: 2, description: '{path} must be M or F' },
  SEED_NOT_A_CREDENTIAL: { exit: 2, description: '{path} must be {min} to {max} letters, digits, dots, dashes or underscores' },
  SEED_NOT_AN_HTTP_URL: { exit: 2, description: '{path} must be an http or https URL' },
  SEED_SCOPES_UNKNOWN: { exit: 2, description: '{path} names unknown scope(s): {scopes}' },
  SEED_DUPLICATE: { exit: 2, description: '{path} repeats {value}, already given at {first}' },
  SEED_NOT_A_USER_REFERENCE: { exit: 2, description: "{path} must be a user's e-mail or position in users (1 for the first)" },
  SEED_NO_SUCH_USER: { exit: 2, description: '{path} names no user of the seed: {reference}' },
  SEED_NO_SUCH_APP: { exit: 2, description: '{path} names no application of the seed: {reference}' },
  SEED_NO_SUCH_CRM_ENTITY: { exit: 2, description: '{path} names no {kind} of the seed with the key {reference}' },
  SEED_PORTAL_NOT_EMPTY: { exit: 2, description: 'the portal already has users: a seed fills an empty portal' },
  SEED_RECORD_REFUSED: { exit: 2, description: '{path} was refused: {reason}' },
  SEED_FILE_UNREADABLE: { exit: 2, description: 'cannot read the seed file {file}: {reason}' },
  SEED_FILE_EXTENSION: { exit: 2, description: '{file}: a seed file ends in .json, .yaml or .yml' },
  SEED_FILE_SYNTAX: { exit: 2, description: '{file}, line {line}, column {column}: {reason}' },
  SEED_FILE_INVALID: { exit: 2, description: '{file}: {fault}' },
} as const satisfies Record<string, CliEntry>;

/** Wrong flags and env vars of the command line: `error: …` (UsageError) or commander's own line, exit code 2. */
export const CLI_ERRORS = {
  MEMORY_AND_DATA: { exit: 2, description: '--memory and --data exclude each other' },
  BAD_ENV_VALUE: { exit: 2, description: '{variable}: {reason}' },
  APP_CONTEXT_CONTRADICTION: {
    exit: 2,
    description:
      '--allow-webhook-telephony and --app-context-only contradict each other (webhooks may call the telephony methods by default; --app-context-only refuses them)',
  },
  HEADERS_TIMEOUT_TOO_LONG: {
    exit: 2,
    description: '--headers-timeout cannot be longer than --request-timeout (the headers are part of the request)',
  },
  TLS_CERT_AND_KEY: { exit: 2, description: '--tls-cert and --tls-key go together' },
  TLS_CERT_NEEDS_PORT: { exit: 2, description: '--tls-cert needs --tls-port' },
  NO_HTTP_NEEDS_TLS: { exit: 2, description: '--no-http needs --tls-port: the server would not listen at all' },
  ENTITY_TYPE_AND_ID: { exit: 2, description: '--entity-type and --entity-id go together' },
  LINE_CHOICES_EXCLUSIVE: { exit: 2, description: '--app, --outgoing-webhook and --clear exclude each other' },
  // Option arguments: commander prints them after its own "option '--port <port>' argument '…' is invalid."
  NOT_A_PORT: { exit: 2, description: '"{value}" is not a port number (0-65535)' },
  NOT_A_POSITIVE_INTEGER: { exit: 2, description: '"{value}" is not a positive integer' },
  NOT_A_POSITIVE_NUMBER: { exit: 2, description: '"{value}" is not a positive number' },
  NOT_A_TIME_ZONE: { exit: 2, description: '"{value}" is not a known time zone (e.g. Europe/Berlin, UTC)' },
  NOT_A_DURABILITY: { exit: 2, description: 'durability is "normal" or "full"' },
  NOT_AN_ENTITY_TYPE: { exit: 2, description: 'LEAD, CONTACT or COMPANY' },
  NOT_A_LOG_LEVEL: { exit: 2, description: '"{value}" is not a log level: fatal, error, warn, info, debug, trace or silent' },
  NOT_A_LOG_FORMAT: { exit: 2, description: '"{value}" is not a log format: json, pretty or auto' },
  NOT_JSON: { exit: 2, description: '"{value}" is not JSON: {reason}' },
  NO_PORTAL: {
    exit: 2,
    description: 'no portal in {path}: only `extcall serve --data {path}` creates one; check --data (env EXTCALL_DATA)',
  },
  DATA_IS_A_FILE: {
    exit: 2,
    description: '--data {path} is a file, not a directory; name a directory, or use --memory to keep nothing on disk',
  },
  DATA_NOT_WRITABLE: {
    exit: 2,
    description: '--data {path} cannot be written ({reason}); name a directory you may write to, or use --memory to keep nothing on disk',
  },
  PORT_IN_USE: {
    exit: 1,
    description: '{address} is already in use by another program; choose another port with --port, or --port 0 for any free one',
  },
  DATA_DIR_LOCKED: {
    exit: 1,
    description: '{path} is in use by another extcall server (pid {pid}); stop it first, or give this one another --data',
  },
  SERVER_UNREACHABLE: {
    exit: 1,
    description: 'no extcall server answers at {url} ({reason}); start one with `extcall serve`, or name it with --url (env EXTCALL_URL)',
  },
  SERVER_REFUSED: { exit: 2, description: 'the server at {url} refused: {reason}' },
  APP_REQUIRED: { exit: 2, description: "name the application with --app (the portal's applications: {apps})" },
  NOT_A_SERVER_URL: { exit: 2, description: '"{value}" is not an http or https URL' },
  SERVER_ANSWER_UNREADABLE: {
    exit: 1,
    description: 'the server at {url} answered HTTP {status} with something other than JSON; is it extcall?',
  },
  NOT_A_SEED_FORMAT: { exit: 2, description: 'json or yaml' },
  // ---- `extcall migrate`: a SQLite portal copied into an empty PostgreSQL database --------------
  MIGRATE_TARGET_NOT_POSTGRES: { exit: 2, description: '--to must be a postgres:// URL (the database to copy into), not {value}' },
  MIGRATE_SOURCE_NOT_A_PORTAL: {
    exit: 2,
    description: 'no portal in {path}: --from names the data directory of a SQLite portal, the one holding extcall.sqlite',
  },
  MIGRATE_SOURCE_NEWER: {
    exit: 2,
    description: '{path} was migrated by a newer extcall (migration {migration}); copy it with that version',
  },
  MIGRATE_SOURCE_SERVED: {
    exit: 2,
    description: '{path} is in use by a running process (pid {pid}); stop the server first: the source must not change during the copy',
  },
  MIGRATE_SOURCE_LOCKED: {
    exit: 2,
    description: '{path} holds {file}, left by a server using it; stop that server first (or remove the file if none runs)',
  },
  MIGRATE_TARGET_UNREACHABLE: { exit: 1, description: 'cannot connect to {database}: {reason}' },
  MIGRATE_TARGET_NOT_EMPTY: {
    exit: 2,
    description: '{database} is not empty (table {table} holds {rows} rows); migrate copies into an empty database only',
  },
  MIGRATE_TARGET_AHEAD: {
    exit: 2,
    description:
      '{database} is migrated to {target}, beyond the source ({source}); start the source once with this extcall to bring it up to date, or use an empty database',
  },
  MIGRATE_TARGET_LACKS: {
    exit: 1,
    description: '{database} has no column {column} in table {table} after its migrations: the copy would lose it',
  },
  MIGRATE_VALUE_NUL: {
    exit: 1,
    description: 'table {table}, column {column}, row {row} holds a NUL character, which PostgreSQL text cannot store; nothing was copied',
  },
  MIGRATE_VALUE_TOO_LONG: {
    exit: 1,
    description: 'table {table}, column {column}, row {row} is longer than the PostgreSQL column allows; nothing was copied',
  },
  MIGRATE_VALUE_OUT_OF_RANGE: {
    exit: 1,
    description: 'table {table}, column {column}, row {row} holds an integer too large for the PostgreSQL column; nothing was copied',
  },
  MIGRATE_VALUE_NOT_AN_INTEGER: { exit: 1, description: 'table {table}, column {column}, row {row} is not an integer; nothing was copied' },
  MIGRATE_VALUE_NOT_A_NUMBER: { exit: 1, description: 'table {table}, column {column}, row {row} is not a number; nothing was copied' },
  MIGRATE_VALUE_NOT_A_BOOLEAN: {
    exit: 1,
    description: 'table {table}, column {column}, row {row} is not a boolean (0 or 1); nothing was copied',
  },
  MIGRATE_VALUE_BYTES_IN_TEXT: {
    exit: 1,
    description: 'table {table}, column {column}, row {row} holds bytes where PostgreSQL expects text; nothing was copied',
  },
  MIGRATE_INSERT_FAILED: { exit: 1, description: 'copying table {table} failed: {reason}; nothing was copied' },
  MIGRATE_COUNT_MISMATCH: {
    exit: 1,
    description: 'table {table} has {source} rows in the source but {target} in the target after the copy; nothing was copied',
  },
} as const satisfies Record<string, CliEntry>;

/** Server-side downloads (E55): the reason reaches the caller through RECORD_URL_* or a handler refusal. */
export const DOWNLOAD_ERRORS = {
  NOT_A_URL: { refused: true, description: 'RECORD_URL is not a valid URL' },
  NOT_HTTP: { refused: true, description: 'RECORD_URL must be an http or https URL' },
  PRIVATE_ADDRESS: {
    refused: true,
    description: 'The URL points to a private, loopback or link-local address ({address}, {range}), which this portal does not allow',
  },
  TOO_LARGE: { refused: true, description: 'The recording is larger than {limit} bytes' },
  TOO_MANY_REDIRECTS: { refused: false, description: 'More than {max} redirects' },
  TIMED_OUT: { refused: false, description: 'Download timed out' },
  HTTP_STATUS: { refused: false, description: 'Server returns HTTP error code {status}' },
  /** The connection failed (ECONNREFUSED, a reset…): the system's words. */
  CONNECTION_FAILED: { refused: false, description: '{reason}' },
} as const satisfies Record<string, DownloadEntry>;

/** Why a delivery attempt of an event failed (H2). */
export const DELIVERY_FAILURES = {
  UNBOUND: { description: 'the handler was unbound' },
  HTTP_STATUS: { description: 'the handler answered HTTP {status}' },
  TIMED_OUT: { description: 'the handler did not answer in time' },
} as const satisfies Record<string, ReasonEntry>;

/** What the web console tells a person it turns away: the HTTP status and the words on the page. */
export const CONSOLE_ERRORS = {
  SIGN_IN_LINK_INVALID: {
    status: 403,
    description: 'This sign-in link is unknown, used or expired. Ask for a new one with: extcall console-link',
  },
  SIGNED_OUT: { status: 401, description: 'You are not signed in. Open a sign-in link printed by: extcall console-link' },
  ADMINISTRATORS_ONLY: { status: 403, description: 'This page is for administrators of the portal.' },
  FORM_EXPIRED: { status: 403, description: 'The form could not be verified. Reload the page and try again.' },
  NOT_FOUND: { status: 404, description: 'There is nothing here, or you may not see it.' },
  BAD_INPUT: { status: 400, description: '{reason}' },
  CHART_PERIOD_INVALID: { status: 400, description: 'Give the period as two dates, from and to, like 2026-03-01.' },
  CHART_PERIOD_REVERSED: { status: 400, description: 'The period ends before it starts: choose a "to" date on or after the "from" date.' },
  CHART_PERIOD_TOO_LONG: { status: 400, description: 'The period is too long: charts cover at most {days} days.' },
} as const satisfies Record<string, ConsoleEntry>;
