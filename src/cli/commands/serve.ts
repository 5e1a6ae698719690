import type { Services } from '../../features/services.js';
import { join } from 'node:path';
import { Command } from 'commander';
import { seedDemoPortal, type DemoPortal } from '../../features/platform/demo-portal.js';
import { applySeed } from '../../features/seeding/apply-seed.js';
import { loadSeedFile } from '../../features/seeding/load-seed-file.js';
import type { PortalSeed } from '../../features/seeding/seed-document.js';
import { createPortal, type Portal } from '../../portal.js';
import { isPostgresUrl } from '../../storage/database.js';
import { listen, type HttpApp } from '../../transport/app.js';
import { createLogger } from '../../transport/logger.js';
import type { ServerConfig } from '../../kernel/config.js';
import { loadTlsMaterial, type TlsMaterial } from '../../transport/tls.js';
import { ADMIN_TOKEN_FILE, ensureAdminToken } from '../serve/admin-token.js';
import { prepareDataDirectory, type PreparedDataDirectory } from '../serve/data-directory.js';
import { lockDataDirectory, type DataLock } from '../serve/data-lock.js';
import {
  DEMO_FILE,
  DEMO_TOKEN_MARGIN_SECONDS,
  demoFilePath,
  demoRefreshIntervalMs,
  followResets,
  keepDemoTokenFresh,
  readDemoFile,
  refreshedDemo,
  writeDemoFile,
} from '../serve/demo-file.js';
import { limitHeapGrowth } from '../serve/heap-growth.js';
import { capYoungGeneration } from '../serve/young-generation.js';
import { isAddressInUse, portInUse, reservePort, type PortReservation } from '../serve/port-reservation.js';
import { writeServerFile } from '../server-file.js';
import {
  addStorageOptions,
  deprecationNotices,
  parseDurability,
  parseLogFormat,
  parseLogLevel,
  parsePort,
  parsePositiveInt,
  parsePositiveNumber,
  parseTimeZone,
  serveConfig,
  type ServeFlags,
} from '../options.js';

export function serveCommand(): Command {
  const serve = new Command('serve')
    .description('start the portal; on first start it creates a demo portal and prints its credentials')
    .option('--port <port>', 'port to listen on (env EXTCALL_PORT, default 8080; 0 picks a free one)', parsePort)
    .option('--host <host>', 'address to listen on (env EXTCALL_HOST, default 127.0.0.1)')
    .option('--timezone <zone>', 'portal time zone, IANA name (env EXTCALL_TIMEZONE, default: the system zone)', parseTimeZone)
    .option('--body-limit <bytes>', 'largest request body accepted (env EXTCALL_BODY_LIMIT, default 8388608)', parsePositiveInt)
    .option(
      '--app-context-only',
      'refuse webhooks the telephony methods documented as application-only: register, finish, externalLine.* (env EXTCALL_APP_CONTEXT_ONLY)',
    )
    .option(
      '--allow-webhook-telephony',
      'deprecated, does nothing: webhooks may call the telephony methods by default (env EXTCALL_ALLOW_WEBHOOK_TELEPHONY)',
    )
    .option('--require-https', 'answer plain-HTTP calls with "Https required" (env EXTCALL_REQUIRE_HTTPS)')
    .option(
      '--durability <mode>',
      'SQLite commit durability: normal (survives a crash) or full (fsync, survives power loss) (env EXTCALL_DURABILITY)',
      parseDurability,
    )
    .option(
      '--recording-limit <bytes>',
      'largest call recording accepted (env EXTCALL_RECORDING_LIMIT, default 104857600)',
      parsePositiveInt,
    )
    .option(
      '--file-limit <bytes>',
      'largest file accepted in a file field: PHOTO, LOGO, FILES… (env EXTCALL_FILE_LIMIT, default 20971520)',
      parsePositiveInt,
    )
    .option(
      '--headers-timeout <seconds>',
      'time request headers may take to arrive; slower clients get 408 and are disconnected (env EXTCALL_HEADERS_TIMEOUT, default 10)',
      parsePositiveNumber,
    )
    .option(
      '--request-timeout <seconds>',
      'time a whole request may take to arrive, plus a second per --min-body-rate bytes of body received (env EXTCALL_REQUEST_TIMEOUT, default 60)',
      parsePositiveNumber,
    )
    .option(
      '--min-body-rate <bytes>',
      'bytes of body per second that keep a slow upload going (env EXTCALL_MIN_BODY_RATE, default 32768)',
      parsePositiveInt,
    )
    .option(
      '--allow-private-record-urls',
      'let RECORD_URL downloads reach private, loopback and link-local addresses (env EXTCALL_ALLOW_PRIVATE_RECORD_URLS)',
    )
    .option(
      '--allow-private-event-handlers',
      'deliver events to handlers on private, loopback and link-local addresses (env EXTCALL_ALLOW_PRIVATE_EVENT_HANDLERS)',
    )
    .option('--no-limits', 'turn off the request-rate and operating-time limits, for local testing (env EXTCALL_NO_LIMITS)')
    .option('--rate-burst <n>', 'requests a client address may make at once (env EXTCALL_RATE_BURST, default 50)', parsePositiveInt)
    .option('--rate-drain <n>', 'requests per second the rate bucket drains (env EXTCALL_RATE_DRAIN, default 2)', parsePositiveNumber)
    .option(
      '--operating-limit <seconds>',
      'method seconds per app or webhook and method in 10 minutes; default none (env EXTCALL_OPERATING_LIMIT)',
      parsePositiveNumber,
    )
    .option('--tls-port <port>', 'also serve HTTPS on this port (env EXTCALL_TLS_PORT)', parsePort)
    .option(
      '--tls-cert <file>',
      'PEM certificate for HTTPS; without it a self-signed one is made in the data directory (env EXTCALL_TLS_CERT)',
    )
    .option('--tls-key <file>', 'PEM private key for --tls-cert (env EXTCALL_TLS_KEY)')
    .option('--no-http', 'do not listen on plain HTTP (needs --tls-port) (env EXTCALL_NO_HTTP)')
    .option(
      '--authorize-page',
      'serve /oauth/authorize/, where anyone may sign in as any user: for developing OAuth apps (env EXTCALL_AUTHORIZE_PAGE)',
    )
    .option('--public-url <url>', 'base URL clients use, when behind a proxy (env EXTCALL_PUBLIC_URL)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (env EXTCALL_LOG_LEVEL, default info)', parseLogLevel)
    .option(
      '--log-format <format>',
      'json, pretty, or auto: pretty when stderr is a terminal, else JSON lines (env EXTCALL_LOG_FORMAT, default auto)',
      parseLogFormat,
    )
    .option('--no-metrics', 'do not serve GET /metrics (env EXTCALL_NO_METRICS)')
    .option(
      '--journal-size <n>',
      'REST calls the request journal keeps (GET /_extcall/requests), newest first out (env EXTCALL_JOURNAL_SIZE, default 5000)',
      parsePositiveInt,
    )
    .option(
      '--seed <file>',
      'on first start fill the portal from this seed file (JSON or YAML, docs/seeding.md) instead of the demo portal (env EXTCALL_SEED)',
    );
  addStorageOptions(serve, { memory: true });
  serve.action(async (flags: ServeFlags & { seed?: string }) => {
    const config = serveConfig(flags, process.env);
    for (const notice of deprecationNotices(flags, process.env)) process.stderr.write(`note: ${notice}\n`);
    // Read and checked before anything else: a bad seed file starts nothing and creates nothing.
    const seedFile = flags.seed ?? (process.env.EXTCALL_SEED || undefined);
    const seed = seedFile ? await loadSeedFile(seedFile) : null;
    limitHeapGrowth();
    capYoungGeneration();
    await startServing(config, seed);
  });
  return serve;
}

/**
 * Starts the server. The ports are taken first and the data directory locked next, so a taken port
 * or a directory another server holds fails the start before anything is created; should a later
 * step fail, what this start created is taken back.
 */
async function startServing(config: ServerConfig, seed: PortalSeed | null): Promise<void> {
  const reservations = await reservePorts(config);
  let dataDir: PreparedDataDirectory | null = null;
  let lock: DataLock | null = null;
  let portal: Portal | null = null;
  try {
    // Made before the portal: on PostgreSQL nothing else creates it, and the demo credentials written
    // there on first start exist nowhere else (only their hashes are stored).
    dataDir = config.dataDir ? prepareDataDirectory(config.dataDir) : null;
    // One process per SQLite file; PostgreSQL portals may run several instances.
    if (dataDir && !isPostgresUrl(config.database)) lock = lockDataDirectory(dataDir.path);
    const serving: ServerConfig = { ...config, adminToken: dataDir ? ensureAdminToken(dataDir.path) : null };
    const tls = serving.tls ? await loadTlsMaterial({ ...serving.tls, dataDir: serving.dataDir, host: serving.host }) : null;
    portal = await createPortal(serving, { logger: createLogger(serving.logLevel, undefined, serving.logFormat), tls: tls ?? undefined });
    const urls = await listenOnReserved(portal, serving, reservations);
    // With both listeners, clients are pointed at HTTPS (the SDK's webhook mode insists on it).
    const baseUrl = serving.publicUrl ?? urls[urls.length - 1]!;
    // Events name the portal by the address clients use.
    await portal.services.identity.rememberBaseUrl(baseUrl);
    const demoFile = serving.dataDir ? demoFilePath(serving.dataDir) : null;
    const services = portal.services;
    const seeder = (url: string): Promise<DemoPortal | null> => (seed ? applySeed(services, seed, url) : seedDemoPortal(services, url));
    const demo = await prepareDemo(portal, baseUrl, demoFile, seeder);
    if (demoFile) followResets(services, demoFile, seeder);
    else services.control.seedWith(seeder);
    const stopRefreshing = demoFile ? keepDemoTokenFresh(portal.services, demoFile, baseUrl, demoRefreshIntervalMs(process.env)) : null;
    const removeServerFile = serving.dataDir
      ? writeServerFile(serving.dataDir, { pid: process.pid, baseUrl, localUrl: reachableLocally(urls[0]!), urls })
      : null;
    // A self-signed certificate: the printed curl lines name it, so they work as printed.
    const curl = tls?.selfSigned && baseUrl.startsWith('https:') ? `curl --cacert '${tls.certPath}'` : 'curl';
    printBanner(baseUrl, serving, demo, curl);
    await printConsoleLink(portal.services, reachableLocally(baseUrl));
    printAdmin(reachableLocally(urls[0]!), serving.dataDir);
    printServing(urls, serving, tls);
    await waitForShutdown(portal);
    stopRefreshing?.();
    removeServerFile?.();
    lock?.release();
  } catch (error) {
    // Nothing of a failed start stays behind: the ports, the portal, the lock, the files it made.
    await releaseAll(reservations);
    await portal?.close().catch(() => {});
    lock?.release();
    dataDir?.undo();
    throw error;
  }
}

interface Reservations {
  http: PortReservation | null;
  tls: PortReservation | null;
}

async function reservePorts(config: ServerConfig): Promise<Reservations> {
  const http = config.httpEnabled ? await reservePort(config.port, config.host) : null;
  try {
    const tls = config.tls ? await reservePort(config.tls.port, config.host) : null;
    return { http, tls };
  } catch (error) {
    await http?.release();
    throw error;
  }
}

async function releaseAll(reservations: Reservations): Promise<void> {
  const { http, tls } = reservations;
  reservations.http = null;
  reservations.tls = null;
  await http?.release();
  await tls?.release();
}

/** Hands each reserved port to its listener; another program taking it in that instant is the same clear failure. */
async function listenOnReserved(portal: Portal, config: ServerConfig, reservations: Reservations): Promise<string[]> {
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const { http, tls } = reservations;
  await releaseAll(reservations);
  const bind = async (app: HttpApp, port: number) => {
    try {
      return await listen(app, port, config.host);
    } catch (error) {
      throw isAddressInUse(error) ? portInUse(config.host, port) : error;
    }
  };
  const urls: string[] = [];
  if (http) urls.push(`http://${host}:${await bind(portal.app, http.port)}`);
  if (tls && portal.tlsApp) urls.push(`https://${host}:${await bind(portal.tlsApp, tls.port)}`);
  return urls;
}

/** Seeds an empty portal, or refreshes the saved demo description of an existing one. */
async function prepareDemo(
  portal: Portal,
  baseUrl: string,
  file: string | null,
  seeder: (baseUrl: string) => Promise<DemoPortal | null>,
): Promise<DemoPortal | null> {
  const { services } = portal;
  const empty = (await services.users.all()).length === 0;
  const saved = file ? readDemoFile(file) : null;
  let demo: DemoPortal | null = null;
  if (empty) demo = await seeder(baseUrl);
  else if (saved) demo = await refreshedDemo(services, saved, baseUrl, DEMO_TOKEN_MARGIN_SECONDS);
  if (demo && file) writeDemoFile(file, demo);
  return demo;
}

/** A listener on every address (0.0.0.0, ::) is reached from this machine at the loopback address. */
function reachableLocally(url: string): string {
  return url.replace(
    /^(https?:\/\/)(0\.0\.0\.0|\[::\])(?=:)/,
    (_, scheme: string, any: string) => `${scheme}${any === '[::]' ? '[::1]' : '127.0.0.1'}`,
  );
}

/** A one-time sign-in link into the console, for the first administrator (a portal without one gets the hint). */
async function printConsoleLink(services: Services, baseUrl: string): Promise<void> {
  const link = await services.consoleAccess.createSignIn().catch(() => null);
  const line = link
    ? `console:       ${baseUrl}/console/sign-in?token=${link.token}  (once, within 15 minutes, as ${link.user.name}; another: extcall console-link)`
    : `console:       ${baseUrl}/ (sign in with a link from: extcall console-link --user ID)`;
  process.stdout.write(`${line}\n`);
}

/** Where the admin API is, and who may use it. */
function printAdmin(localUrl: string, dataDir: string | null): void {
  const access = dataDir
    ? `this machine; other hosts need the token in ${join(dataDir, ADMIN_TOKEN_FILE)}`
    : 'this machine only (--memory keeps no admin token)';
  process.stdout.write(`admin:         ${localUrl}/_extcall/ (${access})\n`);
}

/** The demo's credentials, the webhook first: it is what PBX connectors are configured with. */
function printBanner(baseUrl: string, config: ServerConfig, demo: DemoPortal | null, curl: string): void {
  const { database, dataDir } = config;
  const lines = [
    `extcall is serving the Bitrix24 REST API at ${baseUrl}/rest/`,
    `database:      ${database.startsWith('postgres') ? database.replace(/\/\/[^@/]*@/, '//***@') : database}`,
  ];
  if (demo) {
    const call = (auth: string) =>
      `-H 'content-type: application/json' -d '{${auth}"USER_PHONE_INNER":"101","PHONE_NUMBER":"+12025550147","TYPE":2}'`;
    lines.push(
      `webhook URL:   ${demo.webhookUrl}  (scopes ${demo.app.scopes.join(',')}: give it to your PBX connector)`,
      `app id:        ${demo.app.id} (client_id ${demo.app.clientId}), or as an application:`,
      `access token:  ${demo.app.accessToken}`,
      `refresh token: ${demo.app.refreshToken}`,
      `users:         ${demo.users.map((u) => `${u.id} ${u.name}${u.innerNumber ? ` (${u.innerNumber})` : ''}`).join(', ')}`,
    );
    if (dataDir) lines.push(`saved to:      ${join(dataDir, DEMO_FILE)}`);
    lines.push(
      `try:           ${curl} '${demo.webhookUrl}user.get'`,
      `               ${curl} '${demo.webhookUrl}telephony.externalcall.register/' ${call('')}`,
      `               ${curl} '${baseUrl}/rest/telephony.externalCall.register' ${call(`"auth":"${demo.app.accessToken}",`)}`,
    );
  }
  // B9 revised: say which way the portal answers webhooks on the documented application-only methods.
  lines.push(
    config.appContextOnly
      ? 'webhooks:      refused register, finish and externalLine.* (--app-context-only)'
      : 'webhooks:      may call every telephony method (--app-context-only refuses register, finish and externalLine.*)',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

function printServing(urls: string[], config: ServerConfig, tls: TlsMaterial | null): void {
  const lines = [`listening:     ${urls.join(' and ')}`];
  if (tls)
    lines.push(
      `certificate:   ${tls.certPath}${tls.selfSigned ? ` (self-signed: make clients trust it, e.g. curl --cacert '${tls.certPath}' or NODE_EXTRA_CA_CERTS='${tls.certPath}' node …)` : ''}`,
    );
  const rate = config.rateLimit;
  lines.push(
    rate
      ? `limits:        ${rate.burst} requests at once per client address, draining ${rate.drainPerSecond}/s; operating time ${config.operatingLimitSeconds === null ? 'measured, not limited' : `${config.operatingLimitSeconds} s per 10 min`} (--no-limits turns them off)`
      : 'limits:        off (--no-limits)',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

function waitForShutdown(portal: Portal): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      portal.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
