import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { refreshDemoPortal, seedDemoPortal, type DemoPortal } from '../../features/platform/demo-portal.js';
import { createPortal, type Portal } from '../../portal.js';
import { listen } from '../../transport/app.js';
import { createLogger } from '../../transport/logger.js';
import { unixSeconds } from '../../kernel/clock.js';
import type { ServerConfig } from '../../kernel/config.js';
import { loadTlsMaterial, type TlsMaterial } from '../../transport/tls.js';
import {
  addStorageOptions,
  deprecationNotices,
  parseDurability,
  parsePort,
  parsePositiveInt,
  parsePositiveNumber,
  parseTimeZone,
  serveConfig,
  type ServeFlags,
} from '../options.js';

export const DEMO_FILE = 'demo-portal.json';

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
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (env EXTCALL_LOG_LEVEL, default info)');
  addStorageOptions(serve, { memory: true });
  serve.action(async (flags: ServeFlags) => {
    const config = serveConfig(flags, process.env);
    for (const notice of deprecationNotices(flags, process.env)) process.stderr.write(`note: ${notice}\n`);
    // Made before the portal: on PostgreSQL nothing else creates it, and the demo credentials written
    // there on first start exist nowhere else (only their hashes are stored).
    if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
    const tls = config.tls ? await loadTlsMaterial({ ...config.tls, dataDir: config.dataDir, host: config.host }) : null;
    const portal = await createPortal(config, { logger: createLogger(config.logLevel), tls: tls ?? undefined });
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const urls: string[] = [];
    if (config.httpEnabled) urls.push(`http://${host}:${await listen(portal.app, config.port, config.host)}`);
    if (portal.tlsApp && config.tls) urls.push(`https://${host}:${await listen(portal.tlsApp, config.tls.port, config.host)}`);
    // With both listeners, clients are pointed at HTTPS (the SDK's webhook mode insists on it).
    const baseUrl = config.publicUrl ?? urls[urls.length - 1]!;

    // Events name the portal by the address clients use.
    await portal.services.identity.rememberBaseUrl(baseUrl);
    const demo = await prepareDemo(portal, baseUrl, config.dataDir);
    printBanner(baseUrl, config, demo);
    printServing(urls, config, tls);
    await waitForShutdown(portal);
  });
  return serve;
}

/** Seeds an empty portal, or refreshes the saved demo description of an existing one. */
async function prepareDemo(portal: Portal, baseUrl: string, dataDir: string | null): Promise<DemoPortal | null> {
  const { services } = portal;
  const file = dataDir ? join(dataDir, DEMO_FILE) : null;
  const empty = (await services.users.all()).length === 0;
  let demo: DemoPortal | null = null;
  if (empty) {
    demo = await seedDemoPortal(services, baseUrl);
  } else if (file && existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as DemoPortal;
    demo = await refreshDemoPortal(saved, baseUrl, {
      portal: services.portal,
      accessTokenValid: (token) => services.auth.tokenValidFor(token, 60, unixSeconds(services.clock)),
    });
  }
  if (demo && file) writeFileSync(file, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
  return demo;
}

/** The demo's credentials, the webhook first: it is what PBX connectors are configured with. */
function printBanner(baseUrl: string, config: ServerConfig, demo: DemoPortal | null): void {
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
      `try:           curl '${demo.webhookUrl}user.get'`,
      `               curl '${demo.webhookUrl}telephony.externalcall.register/' ${call('')}`,
      `               curl '${baseUrl}/rest/telephony.externalCall.register' ${call(`"auth":"${demo.app.accessToken}",`)}`,
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
    lines.push(`certificate:   ${tls.certPath}${tls.selfSigned ? ' (self-signed: make clients trust it, e.g. NODE_EXTRA_CA_CERTS)' : ''}`);
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
