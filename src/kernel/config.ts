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
  /** Time the request line and headers may take to arrive (slowloris), in milliseconds. */
  headersTimeoutMs: number;
  /** Time a whole request may take to arrive, before the allowance for its body, in milliseconds. */
  requestTimeoutMs: number;
  /** Bytes per second of body that each extend the request time by a second (slow uploads go on). */
  minBodyRate: number;
  /**
   * Webhooks are refused the telephony methods the documentation calls application-only (B9 as
   * documented). Off by default: the cloud lets webhooks call them and connectors rely on it (B9 revised).
   */
  appContextOnly: boolean;
  /** Plain-HTTP calls answer "Https required" (A20). Off by default. */
  requireHttps: boolean;
  /** SQLite fsync policy: `normal` survives a crash of the process, `full` also a power loss. */
  durability: 'normal' | 'full';
  logLevel: string;
  /** `json` lines, `pretty` (human-readable), or `auto`: pretty when stderr is a terminal. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** Serve `GET /metrics` (Prometheus text format). On by default. */
  metrics: boolean;
  /** Public base URL when behind a proxy; by default derived from the request. */
  publicUrl: string | null;
  /** Largest call recording accepted (upload, base64 or download), in bytes. */
  recordingLimit: number;
  /** Largest file accepted in a file field (PHOTO, LOGO, FILES…), in bytes. */
  fileLimit: number;
  /** RECORD_URL downloads may reach private, loopback and link-local addresses. Off by default. */
  allowPrivateRecordUrls: boolean;
  /** "host:port" pairs RECORD_URL may reach even when private. */
  recordUrlAllowedHosts: string[];
  /** Time a RECORD_URL download may take, in milliseconds. */
  recordUrlTimeoutMs: number;
  /** Event handlers may be on private, loopback and link-local addresses (local development). */
  allowPrivateEventHandlers: boolean;
  /** The request-rate leaky bucket per client address (C1–C3); null: no rate limit. */
  rateLimit: { burst: number; drainPerSecond: number } | null;
  /** Method seconds a (method, app or webhook) pair may use per ten minutes (C5, C6); null: no limit. */
  operatingLimitSeconds: number | null;
  /** A TLS listener: its port and the certificate files (null: a generated self-signed one). */
  tls: { port: number; certFile: string | null; keyFile: string | null } | null;
  /** Whether the plain-HTTP port listens (it may be turned off when TLS is on). */
  httpEnabled: boolean;
  /** Serve /oauth/authorize/, where anyone may sign in as any user (development only). Off by default. */
  authorizePage: boolean;
  /** Token that opens the admin API (/_extcall/) to peers other than the local machine; null: local only. */
  adminToken: string | null;
  /** REST calls the request journal keeps (per process), oldest dropped first. */
  journalSize: number;
}

/** The reference's default plan (C1). */
export const DEFAULT_RATE_LIMIT = { burst: 50, drainPerSecond: 2 } as const;

export const DEFAULT_BODY_LIMIT = 8 * 1024 * 1024;
export const DEFAULT_RECORDING_LIMIT = 100 * 1024 * 1024;
export const DEFAULT_FILE_LIMIT = 20 * 1024 * 1024;
/** A real client sends its headers in one packet; 10 s covers the worst mobile link. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** 256 kbit/s, a poor mobile uplink: a 50 MB recording takes 27 minutes and still arrives. */
export const DEFAULT_MIN_BODY_RATE = 32 * 1024;
export const DEFAULT_JOURNAL_SIZE = 5_000;

export function defaultConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    database: ':memory:',
    dataDir: null,
    host: '127.0.0.1',
    port: 8080,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    bodyLimit: DEFAULT_BODY_LIMIT,
    headersTimeoutMs: DEFAULT_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
    minBodyRate: DEFAULT_MIN_BODY_RATE,
    appContextOnly: false,
    requireHttps: false,
    durability: 'normal',
    logLevel: 'info',
    logFormat: 'auto',
    metrics: true,
    publicUrl: null,
    recordingLimit: DEFAULT_RECORDING_LIMIT,
    fileLimit: DEFAULT_FILE_LIMIT,
    allowPrivateRecordUrls: false,
    recordUrlAllowedHosts: [],
    recordUrlTimeoutMs: 15_000,
    allowPrivateEventHandlers: false,
    rateLimit: { ...DEFAULT_RATE_LIMIT },
    operatingLimitSeconds: null,
    tls: null,
    httpEnabled: true,
    authorizePage: false,
    adminToken: null,
    journalSize: DEFAULT_JOURNAL_SIZE,
    ...overrides,
  };
}
