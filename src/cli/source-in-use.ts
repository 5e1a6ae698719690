import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { processAlive } from '../infra/process-alive.js';

/** Who is using a data directory: a live process holding its database, or a lock file a server left. */
export type SourceUse = { kind: 'process'; pid: number } | { kind: 'lock-file'; file: string; pid: number | null };

/** Files a serving process may leave in its data directory (a lock, a description of the server). */
const LOCK_FILE = /\.lock$|^server\.json$/;

/**
 * Whether something else is using the portal in `dataDir`: a lock file whose process still runs (or
 * that names none), or (on Linux) another process with the database file open.
 */
export function sourceInUse(dataDir: string, databaseFile: string): SourceUse | null {
  return lockFileInUse(dataDir) ?? processHolding(databaseFile);
}

function lockFileInUse(dataDir: string): SourceUse | null {
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return null;
  }
  for (const file of names.filter((name) => LOCK_FILE.test(name)).sort()) {
    const pid = pidIn(join(dataDir, file));
    // A lock whose process is gone was left by a crash: it guards nothing.
    if (pid !== null && (pid === process.pid || !processAlive(pid))) continue;
    return { kind: 'lock-file', file, pid };
  }
  return null;
}

/** The process id a lock file names: its whole text, or a `pid` field of its JSON. */
function pidIn(path: string): number | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').slice(0, 4096).trim();
  } catch {
    return null;
  }
  if (/^\d+$/.test(text)) return Number(text);
  try {
    const parsed: unknown = JSON.parse(text);
    const pid = typeof parsed === 'object' && parsed !== null ? (parsed as { pid?: unknown }).pid : undefined;
    return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Another process with the database (or its write-ahead log) open, read from /proc where there is one. */
function processHolding(databaseFile: string): SourceUse | null {
  let targets: Set<string>;
  let pids: string[];
  try {
    const real = realpathSync(databaseFile);
    targets = new Set([real, `${real}-wal`]);
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
  } catch {
    return null;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process, or gone meanwhile
    }
    for (const fd of fds) {
      try {
        if (targets.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return { kind: 'process', pid: Number(pid) };
      } catch {
        // closed meanwhile
      }
    }
  }
  return null;
}
