import { resolve, join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import {
  defaultConfig,
  DEFAULT_BODY_LIMIT,
  DEFAULT_JOURNAL_SIZE,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_MIN_BODY_RATE,
  DEFAULT_RATE_LIMIT,
  DEFAULT_RECORDING_LIMIT,
  DEFAULT_FILE_LIMIT,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type ServerConfig,
} from '../kernel/config.js';
import { cliErrorText, type CliErrorKey } from '../kernel/errors/admin-error.js';
import type { TemplateArgs } from '../kernel/errors/template.js';
import type { CLI_ERRORS } from '../kernel/errors/catalogue.js';
import { isValidTimeZone } from '../kernel/portal-time.js';

/** A wrong combination of flags or a bad env var, found after parsing: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  private constructor(message: string) {
    super(message);
  }

  static of<K extends CliErrorKey>(key: K, ...params: TemplateArgs<(typeof CLI_ERRORS)[K]>): UsageError {
    return new UsageError(cliErrorText(key, ...params));
  }
}

/** A bad option argument, as commander reports it ("option … argument … is invalid. <text>"): exit code 2. */
export function invalidArgument<K extends CliErrorKey>(key: K, ...params: TemplateArgs<(typeof CLI_ERRORS)[K]>): InvalidArgumentError {
  return new InvalidArgumentError(cliErrorText(key, ...params));
}

export const DEFAULT_DATA_DIR = './extcall-data';
export const DATABASE_FILE = 'extcall.sqlite';

/** Options every command that touches a portal shares: where its data lives. */
export interface StorageOptions {
  data?: string;
  memory?: boolean;
  database?: string;
}

export function addStorageOptions(command: Command, { memory }: { memory: boolean }): Command {
  command
    .option('--data <dir>', `data directory (env EXTCALL_DATA, default ${DEFAULT_DATA_DIR})`)
    .option('--database <url>', 'a postgres:// URL instead of the SQLite file in the data directory (env EXTCALL_DATABASE)');
  if (memory) command.option('--memory', 'keep everything in memory: nothing is written to disk');
  return command;
}

/** Where the portal's data lives, from flags, then env vars, then defaults. */
export function resolveStorage(options: StorageOptions, env: NodeJS.ProcessEnv): Pick<ServerConfig, 'database' | 'dataDir'> {
  if (options.memory && options.data) throw UsageError.of('MEMORY_AND_DATA');
  if (options.memory) return { database: ':memory:', dataDir: null };
  // An empty variable counts as unset, as for every other EXTCALL_ variable.
  const dataDir = resolve(options.data ?? (env.EXTCALL_DATA || DEFAULT_DATA_DIR));
  const database = options.database ?? (env.EXTCALL_DATABASE || join(dataDir, DATABASE_FILE));
  return { database, dataDir };
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw invalidArgument('NOT_A_PORT', { value });
  return port;
}

export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw invalidArgument('NOT_A_POSITIVE_INTEGER', { value });
  return Number(value);
}

export function parseTimeZone(value: string): string {
  if (!isValidTimeZone(value)) throw invalidArgument('NOT_A_TIME_ZONE', { value });
  return value;
}

export function parsePositiveNumber(value: string): number {
  const number = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || number <= 0) throw invalidArgument('NOT_A_POSITIVE_NUMBER', { value });
  return number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function parseLogLevel(value: string): string {
  if (!(LOG_LEVELS as readonly string[]).includes(value)) throw invalidArgument('NOT_A_LOG_LEVEL', { value });
  return value;
}

/** `--log-format`: JSON lines, human-readable lines, or human-readable on a terminal only. */
export function parseLogFormat(value: string): ServerConfig['logFormat'] {
  if (value !== 'json' && value !== 'pretty' && value !== 'auto') throw invalidArgument('NOT_A_LOG_FORMAT', { value });
  return value;
}

export function parseDurability(value: string): 'normal' | 'full' {
  if (value !== 'normal' && value !== 'full') throw invalidArgument('NOT_A_DURABILITY');
  return value;
}

export function envFlag(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());
}

export interface ServeFlags extends StorageOptions {
  port?: number;
  host?: string;
  timezone?: string;
  bodyLimit?: number;
  appContextOnly?: boolean;
  /** Deprecated no-op: webhooks may call the telephony methods by default now (B9 revised). */
  allowWebhookTelephony?: boolean;
  requireHttps?: boolean;
  durability?: 'normal' | 'full';
  logLevel?: string;
  logFormat?: ServerConfig['logFormat'];
  /** Commander's --no-metrics: false when given. */
  metrics?: boolean;
  journalSize?: number;
  publicUrl?: string;
  recordingLimit?: number;
  fileLimit?: number;
  allowPrivateRecordUrls?: boolean;
  allowPrivateEventHandlers?: boolean;
  /** Commander's --no-limits: false when given. */
  limits?: boolean;
  rateBurst?: number;
  rateDrain?: number;
  operatingLimit?: number;
  tlsPort?: number;
  tlsCert?: string;
  tlsKey?: string;
  /** Commander's --no-http: false when given. */
  http?: boolean;
  authorizePage?: boolean;
  /** Seconds. */
  headersTimeout?: number;
  /** Seconds. */
  requestTimeout?: number;
  minBodyRate?: number;
}

/** The server configuration from `serve` flags over env vars over defaults. */
export function serveConfig(flags: ServeFlags, env: NodeJS.ProcessEnv): ServerConfig {
  const fromEnv = <T>(name: string, parse: (v: string) => T): T | undefined => {
    const value = env[name];
    if (value === undefined || value === '') return undefined;
    try {
      return parse(value);
    } catch (error) {
      throw UsageError.of('BAD_ENV_VALUE', { variable: name, reason: (error as Error).message });
    }
  };
  const limitsOff = flags.limits === false || envFlag(env.EXTCALL_NO_LIMITS);
  const appContextOnly = flags.appContextOnly ?? envFlag(env.EXTCALL_APP_CONTEXT_ONLY);
  if (appContextOnly && legacyWebhookTelephony(flags, env)) {
    throw UsageError.of('APP_CONTEXT_CONTRADICTION');
  }
  return defaultConfig({
    ...resolveStorage(flags, env),
    port: flags.port ?? fromEnv('EXTCALL_PORT', parsePort) ?? 8080,
    host: flags.host ?? env.EXTCALL_HOST ?? '127.0.0.1',
    ...pick('timeZone', flags.timezone ?? fromEnv('EXTCALL_TIMEZONE', parseTimeZone)),
    bodyLimit: flags.bodyLimit ?? fromEnv('EXTCALL_BODY_LIMIT', parsePositiveInt) ?? DEFAULT_BODY_LIMIT,
    appContextOnly,
    requireHttps: flags.requireHttps ?? envFlag(env.EXTCALL_REQUIRE_HTTPS),
    durability: flags.durability ?? fromEnv('EXTCALL_DURABILITY', parseDurability) ?? 'normal',
    logLevel: flags.logLevel ?? fromEnv('EXTCALL_LOG_LEVEL', parseLogLevel) ?? 'info',
    logFormat: flags.logFormat ?? fromEnv('EXTCALL_LOG_FORMAT', parseLogFormat) ?? 'auto',
    metrics: flags.metrics !== false && !envFlag(env.EXTCALL_NO_METRICS),
    journalSize: flags.journalSize ?? fromEnv('EXTCALL_JOURNAL_SIZE', parsePositiveInt) ?? DEFAULT_JOURNAL_SIZE,
    publicUrl: (flags.publicUrl ?? env.EXTCALL_PUBLIC_URL ?? null)?.replace(/\/+$/, '') ?? null,
    recordingLimit: flags.recordingLimit ?? fromEnv('EXTCALL_RECORDING_LIMIT', parsePositiveInt) ?? DEFAULT_RECORDING_LIMIT,
    fileLimit: flags.fileLimit ?? fromEnv('EXTCALL_FILE_LIMIT', parsePositiveInt) ?? DEFAULT_FILE_LIMIT,
    allowPrivateRecordUrls: flags.allowPrivateRecordUrls ?? envFlag(env.EXTCALL_ALLOW_PRIVATE_RECORD_URLS),
    allowPrivateEventHandlers: flags.allowPrivateEventHandlers ?? envFlag(env.EXTCALL_ALLOW_PRIVATE_EVENT_HANDLERS),
    rateLimit: limitsOff
      ? null
      : {
          burst: flags.rateBurst ?? fromEnv('EXTCALL_RATE_BURST', parsePositiveInt) ?? DEFAULT_RATE_LIMIT.burst,
          drainPerSecond: flags.rateDrain ?? fromEnv('EXTCALL_RATE_DRAIN', parsePositiveNumber) ?? DEFAULT_RATE_LIMIT.drainPerSecond,
        },
    operatingLimitSeconds: limitsOff ? null : (flags.operatingLimit ?? fromEnv('EXTCALL_OPERATING_LIMIT', parsePositiveNumber) ?? null),
    authorizePage: flags.authorizePage ?? envFlag(env.EXTCALL_AUTHORIZE_PAGE),
    ...tlsConfig(flags, env, fromEnv),
    ...timeoutConfig(flags, fromEnv),
  });
}

/** Slow-client limits: times in seconds on the command line, milliseconds in the configuration. */
function timeoutConfig(
  flags: ServeFlags,
  fromEnv: <T>(name: string, parse: (v: string) => T) => T | undefined,
): Pick<ServerConfig, 'headersTimeoutMs' | 'requestTimeoutMs' | 'minBodyRate'> {
  const ms = (seconds: number | undefined, fallback: number) =>
    seconds === undefined ? fallback : Math.max(1, Math.round(seconds * 1000));
  const headersTimeoutMs = ms(flags.headersTimeout ?? fromEnv('EXTCALL_HEADERS_TIMEOUT', parsePositiveNumber), DEFAULT_HEADERS_TIMEOUT_MS);
  const requestTimeoutMs = ms(flags.requestTimeout ?? fromEnv('EXTCALL_REQUEST_TIMEOUT', parsePositiveNumber), DEFAULT_REQUEST_TIMEOUT_MS);
  if (headersTimeoutMs > requestTimeoutMs) throw UsageError.of('HEADERS_TIMEOUT_TOO_LONG');
  const minBodyRate = flags.minBodyRate ?? fromEnv('EXTCALL_MIN_BODY_RATE', parsePositiveInt) ?? DEFAULT_MIN_BODY_RATE;
  return { headersTimeoutMs, requestTimeoutMs, minBodyRate };
}

/** Notices about flags that still work but no longer do anything, for stderr. */
export function deprecationNotices(flags: ServeFlags, env: NodeJS.ProcessEnv): string[] {
  return legacyWebhookTelephony(flags, env)
    ? [
        '--allow-webhook-telephony (EXTCALL_ALLOW_WEBHOOK_TELEPHONY) does nothing now: webhooks may call the telephony methods by default; --app-context-only refuses them',
      ]
    : [];
}

function legacyWebhookTelephony(flags: ServeFlags, env: NodeJS.ProcessEnv): boolean {
  return flags.allowWebhookTelephony ?? envFlag(env.EXTCALL_ALLOW_WEBHOOK_TELEPHONY);
}

function tlsConfig(
  flags: ServeFlags,
  env: NodeJS.ProcessEnv,
  fromEnv: <T>(name: string, parse: (v: string) => T) => T | undefined,
): Pick<ServerConfig, 'tls' | 'httpEnabled'> {
  const port = flags.tlsPort ?? fromEnv('EXTCALL_TLS_PORT', parsePort);
  const certFile = flags.tlsCert ?? env.EXTCALL_TLS_CERT ?? null;
  const keyFile = flags.tlsKey ?? env.EXTCALL_TLS_KEY ?? null;
  const httpEnabled = flags.http !== false && !envFlag(env.EXTCALL_NO_HTTP);
  if ((certFile === null) !== (keyFile === null)) throw UsageError.of('TLS_CERT_AND_KEY');
  if (port === undefined && certFile !== null) throw UsageError.of('TLS_CERT_NEEDS_PORT');
  if (port === undefined && !httpEnabled) throw UsageError.of('NO_HTTP_NEEDS_TLS');
  return { tls: port === undefined ? null : { port, certFile, keyFile }, httpEnabled };
}

function pick<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
