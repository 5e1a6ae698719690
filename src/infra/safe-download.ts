import { lookup as dnsLookup, promises as dnsPromises, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { DOWNLOAD_ERRORS } from '../kernel/errors/catalogue.js';
import { fillTemplate, type TemplateArgs } from '../kernel/errors/template.js';
import { classifyAddress } from './ip-classifier.js';

/** Where and how much a server-side download may fetch. */
export interface DownloadPolicy {
  /** Allow private, loopback and link-local targets (a portal setting; tests on 127.0.0.1 need it). */
  allowPrivate: boolean;
  /** "host:port" pairs allowed even when private. */
  allowedHosts: readonly string[];
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

type DownloadErrorKey = keyof typeof DOWNLOAD_ERRORS;

/** A failed download: `status` is the HTTP status, or 0 when no answer came (E55). */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
  /** The target was refused by policy rather than failing by itself. */
  readonly refused: boolean;

  private constructor(
    key: DownloadErrorKey,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.refused = DOWNLOAD_ERRORS[key].refused;
  }

  /** The failure of catalogue key `key`; `status` is the HTTP status when one came. */
  static of<K extends DownloadErrorKey>(key: K, status: number, ...params: TemplateArgs<(typeof DOWNLOAD_ERRORS)[K]>): DownloadError {
    return new DownloadError(key, fillTemplate(DOWNLOAD_ERRORS[key].description, params[0]), status);
  }
}

/**
 * Fetches `url` into memory under `policy`: http/https only, every target address (also after a
 * redirect, also after DNS resolution) checked, a timeout for the whole download, a size cap.
 */
export async function safeDownload(url: string, policy: DownloadPolicy): Promise<{ data: Buffer; finalUrl: string }> {
  let current = url;
  const deadline = Date.now() + policy.timeoutMs;
  for (let hop = 0; hop <= policy.maxRedirects; hop++) {
    const target = parseTarget(current);
    const answer = await fetchOnce(target, policy, deadline);
    if ('redirect' in answer) {
      current = new URL(answer.redirect, target).toString();
      continue;
    }
    return { data: answer.data, finalUrl: current };
  }
  throw DownloadError.of('TOO_MANY_REDIRECTS', 0, { max: policy.maxRedirects });
}

function parseTarget(url: string): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw DownloadError.of('NOT_A_URL', 0);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw DownloadError.of('NOT_HTTP', 0);
  }
  return target;
}

function portOf(target: URL): string {
  return target.port || (target.protocol === 'https:' ? '443' : '80');
}

function checkAddress(address: string, target: URL, policy: Pick<DownloadPolicy, 'allowPrivate' | 'allowedHosts'>): void {
  if (policy.allowPrivate || policy.allowedHosts.includes(`${target.hostname}:${portOf(target)}`)) return;
  const verdict = classifyAddress(address);
  if (!verdict.public) {
    throw DownloadError.of('PRIVATE_ADDRESS', 0, { address, range: verdict.range });
  }
}

/**
 * Checks, before anything is stored, that `target` may be reached under `policy`: a literal address
 * at once, a host name by every address it resolves to now. A name that does not resolve passes:
 * the lookup at connection time checks it again.
 */
export async function checkTarget(target: URL, policy: Pick<DownloadPolicy, 'allowPrivate' | 'allowedHosts'>): Promise<void> {
  const hostname = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(hostname)) return checkAddress(hostname, target, policy);
  if (policy.allowPrivate) return;
  let addresses: LookupAddress[];
  try {
    addresses = await dnsPromises.lookup(hostname, { all: true });
  } catch {
    return;
  }
  for (const entry of addresses) checkAddress(entry.address, target, policy);
}

/**
 * A DNS lookup for connecting to `target` that refuses addresses the policy forbids, so names are
 * checked after resolution, on the very address the connection will use. Literal IPs are checked
 * at once (no lookup happens for them).
 */
export function guardedLookup(target: URL, policy: Pick<DownloadPolicy, 'allowPrivate' | 'allowedHosts'>): LookupFunction {
  const hostname = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(hostname)) checkAddress(hostname, target, policy);
  return (name, options, callback) => {
    dnsLookup(name, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as LookupAddress[];
      try {
        for (const entry of list) checkAddress(entry.address, target, policy);
      } catch (refusal) {
        return callback(refusal as NodeJS.ErrnoException, '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

function fetchOnce(target: URL, policy: DownloadPolicy, deadline: number): Promise<{ data: Buffer } | { redirect: string }> {
  const lookup = guardedLookup(target, policy);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(DownloadError.of('TIMED_OUT', 0));
    const request = client.get(
      target,
      { lookup, timeout: remaining, headers: { 'user-agent': 'extcall-recording-fetcher' } },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location) {
          response.resume();
          return resolve({ redirect: response.headers.location });
        }
        if (status < 200 || status >= 300) {
          response.resume();
          return reject(DownloadError.of('HTTP_STATUS', status, { status }));
        }
        const declared = Number(response.headers['content-length'] ?? 0);
        if (declared > policy.maxBytes) {
          response.destroy();
          return reject(DownloadError.of('TOO_LARGE', 0, { limit: policy.maxBytes }));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > policy.maxBytes) {
            response.destroy();
            reject(DownloadError.of('TOO_LARGE', 0, { limit: policy.maxBytes }));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ data: Buffer.concat(chunks) }));
        response.on('error', (error) => reject(DownloadError.of('CONNECTION_FAILED', 0, { reason: error.message })));
      },
    );
    const timer = setTimeout(() => request.destroy(DownloadError.of('TIMED_OUT', 0)), remaining);
    request.on('close', () => clearTimeout(timer));
    request.on('timeout', () => request.destroy(DownloadError.of('TIMED_OUT', 0)));
    request.on('error', (error) =>
      reject(error instanceof DownloadError ? error : DownloadError.of('CONNECTION_FAILED', 0, { reason: error.message })),
    );
  });
}
