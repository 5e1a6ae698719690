import { accessSync, constants, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CommandFailure } from '../failure.js';

/** The data directory as `serve` found it, so a start that fails can take back what it created. */
export interface PreparedDataDirectory {
  path: string;
  /** Removes what this start created: the directory itself when it was new, else the entries that were not there. */
  undo(): void;
}

/**
 * Checks that `path` can hold a portal (a writable directory, or a place where one can be made) and
 * makes it. A file or a read-only place is a usage error naming the path.
 */
export function prepareDataDirectory(path: string): PreparedDataDirectory {
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) throw CommandFailure.of('DATA_IS_A_FILE', { path });
    assertWritable(path, path);
    const before = new Set(readdirSync(path));
    return {
      path,
      undo: () => {
        for (const entry of readdirSync(path)) if (!before.has(entry)) rmSync(join(path, entry), { recursive: true, force: true });
      },
    };
  }
  const missingFrom = firstMissingAncestor(path);
  const existingParent = dirname(missingFrom);
  if (!statSync(existingParent).isDirectory()) throw CommandFailure.of('DATA_IS_A_FILE', { path: existingParent });
  assertWritable(existingParent, path);
  try {
    makeDirectories(missingFrom, path);
  } catch (error) {
    throw CommandFailure.of('DATA_NOT_WRITABLE', { path, reason: (error as NodeJS.ErrnoException).code ?? 'not writable' });
  }
  return { path, undo: () => rmSync(missingFrom, { recursive: true, force: true }) };
}

function assertWritable(directory: string, path: string): void {
  try {
    accessSync(directory, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw CommandFailure.of('DATA_NOT_WRITABLE', { path, reason: (error as NodeJS.ErrnoException).code ?? 'not writable' });
  }
}

/**
 * `mkdir -p` from `first` (the outermost missing level) down to `path`, one level at a time: Node's
 * recursive mkdir never ends where the kernel answers ENOENT under an existing parent (/proc, /sys).
 */
function makeDirectories(first: string, path: string): void {
  const levels = [path];
  while (levels[0] !== first) levels.unshift(dirname(levels[0]!));
  for (const level of levels) mkdirSync(level);
}

/** The outermost directory of `path` that does not exist yet (what `mkdir -p` would create first). */
function firstMissingAncestor(path: string): string {
  let missing = path;
  while (!existsSync(dirname(missing)) && dirname(missing) !== missing) missing = dirname(missing);
  return missing;
}
