import { resolveStorage, type StorageOptions } from './options.js';
import { readAdminToken } from './serve/admin-token.js';
import { savedServerUrl } from './server-file.js';

/** Where `serve` listens when nothing says otherwise. */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8080';

function dataDirOf(options: StorageOptions): string | null {
  return resolveStorage({ data: options.data }, process.env).dataDir;
}

/** The address clients are given, as the server of this data directory saved it; else the default. */
export function serverBaseUrl(options: StorageOptions): string {
  const dataDir = dataDirOf(options);
  return (dataDir && savedServerUrl(dataDir, 'baseUrl')) || DEFAULT_SERVER_URL;
}

/** The server a by-URL command talks to: --url, then EXTCALL_URL, then what the data directory's server saved, then the default. */
export function adminServerUrl(options: StorageOptions & { url?: string }): string {
  const dataDir = dataDirOf(options);
  const url = options.url ?? (process.env.EXTCALL_URL || null) ?? (dataDir && savedServerUrl(dataDir, 'localUrl')) ?? DEFAULT_SERVER_URL;
  return url.replace(/\/+$/, '');
}

/** The admin token to present: --admin-token, then EXTCALL_ADMIN_TOKEN, then the data directory's; none from this machine is fine. */
export function adminTokenFor(options: StorageOptions & { adminToken?: string }): string | null {
  if (options.adminToken) return options.adminToken;
  if (process.env.EXTCALL_ADMIN_TOKEN) return process.env.EXTCALL_ADMIN_TOKEN;
  const dataDir = dataDirOf(options);
  return dataDir ? readAdminToken(dataDir) : null;
}
