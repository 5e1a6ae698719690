import { OAUTH_ERRORS, REST_ERRORS, type WireEntry } from './catalogue.js';
import { fillTemplate, type TemplateArgs, type TemplateValue } from './template.js';

export type RestErrorKey = keyof typeof REST_ERRORS;
export type OAuthErrorKey = keyof typeof OAUTH_ERRORS;
/** The REST keys whose text has no placeholders: thrown by key alone. */
export type PlainRestErrorKey = { [K in RestErrorKey]: TemplateArgs<(typeof REST_ERRORS)[K]> extends [] ? K : never }[RestErrorKey];

/**
 * A Bitrix-style failure: `{error, error_description}` with an HTTP status, built from a catalogue
 * entry. Anything thrown that is not one becomes INTERNAL_SERVER_ERROR.
 */
export class RestError extends Error {
  readonly code: string;
  readonly status: number;

  protected constructor(entry: WireEntry, params: Readonly<Record<string, TemplateValue>> | undefined) {
    super(fillTemplate(entry.description, params));
    this.name = 'RestError';
    this.code = fillTemplate(entry.code, params);
    this.status = entry.status;
  }

  get description(): string {
    return this.message;
  }

  /**
   * An error whose code, text and status an administrator chose (a fault switch), or a catalogue
   * entry taken as it stands: any `{name}` in its text is kept as written.
   */
  static described(entry: WireEntry): RestError {
    const asWritten = (text: string) => Object.fromEntries([...text.matchAll(/\{(\w+)\}/g)].map(([hole, name]) => [name!, hole]));
    return new RestError(entry, { ...asWritten(entry.code), ...asWritten(entry.description) });
  }

  /** The error of catalogue entry `key` (use `restError`). */
  static of<K extends RestErrorKey>(key: K, ...params: TemplateArgs<(typeof REST_ERRORS)[K]>): RestError {
    return new RestError(REST_ERRORS[key], params[0]);
  }
}

/** The REST error of catalogue key `key`, its template filled from `params`. */
export function restError<K extends RestErrorKey>(key: K, ...params: TemplateArgs<(typeof REST_ERRORS)[K]>): RestError {
  return RestError.of(key, ...params);
}

/** An authorisation-server failure (B6): the same wire shape, answered by the OAuth routes only. */
export class OAuthError extends RestError {
  private constructor(entry: WireEntry, params: Readonly<Record<string, TemplateValue>> | undefined) {
    super(entry, params);
    this.name = 'OAuthError';
  }

  static oauth<K extends OAuthErrorKey>(key: K, ...params: TemplateArgs<(typeof OAUTH_ERRORS)[K]>): OAuthError {
    return new OAuthError(OAUTH_ERRORS[key], params[0]);
  }
}

/** The OAuth error of catalogue key `key`. */
export function oauthError<K extends OAuthErrorKey>(key: K, ...params: TemplateArgs<(typeof OAUTH_ERRORS)[K]>): OAuthError {
  return OAuthError.oauth(key, ...params);
}

/** The error body on the wire (A16): one serializer for answers, batch entries and OAuth failures. */
export interface ErrorEnvelope {
  error: string;
  error_description: string;
}

export function errorEnvelope(error: RestError): ErrorEnvelope {
  return { error: error.code, error_description: error.description };
}

/** What an error body read back from the wire says (its description, else its code); null when it is no error body. */
export function errorEnvelopeText(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const { error, error_description: description } = body as Partial<Record<keyof ErrorEnvelope, unknown>>;
  if (typeof description === 'string' && description !== '') return description;
  return typeof error === 'string' && error !== '' ? error : null;
}
