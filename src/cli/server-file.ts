import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Written by `serve` into its data directory while it runs, so other commands find it. */
export const SERVER_FILE = 'server.json';
const DEMO_FILE = 'demo-portal.json';

export interface ServerFile {
  pid: number;
  /** The address clients are given (the public URL, or HTTPS when both listen). */
  baseUrl: string;
  /** Where this machine reaches it most simply: plain HTTP when it listens, for the CLI's by-URL commands. */
  localUrl: string;
  /** Every listener. */
  urls: string[];
}

export function writeServerFile(dataDir: string, server: ServerFile): () => void {
  const path = join(dataDir, SERVER_FILE);
  writeFileSync(path, `${JSON.stringify(server, null, 2)}\n`);
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    process.off('exit', remove);
    if (readJson<ServerFile>(path)?.pid === server.pid) {
      try {
        unlinkSync(path);
      } catch {
        // Already gone.
      }
    }
  };
  process.on('exit', remove);
  return remove;
}

/** The address the server of `dataDir` said it serves at: server.json while it runs, else the saved demo description. */
export function savedServerUrl(dataDir: string, which: 'baseUrl' | 'localUrl'): string | null {
  const server = readJson<Partial<ServerFile>>(join(dataDir, SERVER_FILE));
  const fromServer = server?.[which];
  if (typeof fromServer === 'string') return fromServer;
  const demo = readJson<{ baseUrl?: unknown }>(join(dataDir, DEMO_FILE));
  return typeof demo?.baseUrl === 'string' ? demo.baseUrl : null;
}

function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}
