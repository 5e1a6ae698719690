import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CommandFailure } from '../failure.js';
import { processAlive } from '../../infra/process-alive.js';

export const LOCK_FILE = 'extcall.lock';

export interface DataLock {
  release(): void;
}

/**
 * Holds the SQLite data directory for this process while it serves: one writer per database file.
 * The lock file holds our pid; a lock left by a process that is gone is taken over. (Two starts that
 * find the same stale lock at the same instant could both take it; the window is a few microseconds.)
 */
export function lockDataDirectory(dataDir: string): DataLock {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return held(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = lockHolder(path);
    if (holder !== null && holder !== process.pid && processAlive(holder)) {
      throw CommandFailure.of('DATA_DIR_LOCKED', { path: dataDir, pid: holder });
    }
    removeQuietly(path);
  }
  throw CommandFailure.of('DATA_DIR_LOCKED', { path: dataDir, pid: lockHolder(path) ?? 'unknown' });
}

function held(path: string): DataLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (lockHolder(path) === process.pid) removeQuietly(path);
  };
  // A crash or process.exit still releases it; a kill -9 leaves a stale lock, taken over next time.
  process.on('exit', release);
  return { release };
}

function lockHolder(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
