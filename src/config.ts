/** Everything an extcall server instance is configured with. Flags and env vars map onto this. */
export interface ServerConfig {
  /** `:memory:`, a SQLite file, or a postgres:// URL. */
  database: string;
  /** Where recordings and demo-portal.json live; null with --memory. */
  dataDir: string | null;
  host: string;
  port: number;
  /** The portal's IANA time zone: dates in answers carry its offset (A15). */
  timeZone: string;
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  /** Webhooks may call the application-only telephony methods (B9 decision). Off by default. */
  allowWebhookTelephony: boolean;
  /** Plain-HTTP calls answer "Https required" (A20). Off by default. */
  requireHttps: boolean;
  /** SQLite fsync policy: `normal` survives a crash of the process, `full` also a power loss. */
  durability: 'normal' | 'full';
  logLevel: string;
  /** Public base URL when behind a proxy; by default derived from the request. */
  publicUrl: string | null;
  /** Largest call recording accepted (upload, base64 or download), in bytes. */
  recordingLimit: number;
  /** RECORD_URL downloads may reach private, loopback and link-local addresses. Off by default. */
  allowPrivateRecordUrls: boolean;
  /** "host:port" pairs RECORD_URL may reach even when private. */
  recordUrlAllowedHosts: string[];
  /** Time a RECORD_URL download may take, in milliseconds. */
  recordUrlTimeoutMs: number;
  /** Event handlers may be on private, loopback and link-local addresses (local development). */
  allowPrivateEventHandlers: boolean;
}

export const DEFAULT_BODY_LIMIT = 8 * 1024 * 1024;
export const DEFAULT_RECORDING_LIMIT = 100 * 1024 * 1024;

export function defaultConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    database: ':memory:',
    dataDir: null,
    host: '127.0.0.1',
    port: 8080,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    bodyLimit: DEFAULT_BODY_LIMIT,
    allowWebhookTelephony: false,
    requireHttps: false,
    durability: 'normal',
    logLevel: 'info',
    publicUrl: null,
    recordingLimit: DEFAULT_RECORDING_LIMIT,
    allowPrivateRecordUrls: false,
    recordUrlAllowedHosts: [],
    recordUrlTimeoutMs: 15_000,
    allowPrivateEventHandlers: false,
    ...overrides,
  };
}
