import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import type { CliErrorKey } from '../../kernel/errors/admin-error.js';
import { isPostgresUrl } from '../../storage/database.js';
import type { CopyReport } from '../../storage/portal-copy/copy-portal.js';
import { PortalCopyError, type CopyRefusal } from '../../storage/portal-copy/copy-refusal.js';
import type { UnfitReason } from '../../storage/portal-copy/column-values.js';
import { copyProgress } from '../copy-progress.js';
import { CommandFailure } from '../failure.js';
import { DATABASE_FILE } from '../options.js';
import { printTable } from '../output.js';
import { sourceInUse } from '../source-in-use.js';
import { DEMO_FILE } from '../serve/demo-file.js';
import { lockDataDirectory, type DataLock } from '../serve/data-lock.js';

const UNFIT_KEYS: Record<UnfitReason, CliErrorKey> = {
  nul: 'MIGRATE_VALUE_NUL',
  'too-long': 'MIGRATE_VALUE_TOO_LONG',
  'out-of-range': 'MIGRATE_VALUE_OUT_OF_RANGE',
  'not-an-integer': 'MIGRATE_VALUE_NOT_AN_INTEGER',
  'not-a-number': 'MIGRATE_VALUE_NOT_A_NUMBER',
  'not-a-boolean': 'MIGRATE_VALUE_NOT_A_BOOLEAN',
  'bytes-in-text': 'MIGRATE_VALUE_BYTES_IN_TEXT',
};

/** `extcall migrate --from DATA_DIR --to postgres://…`: moves a SQLite portal into an empty PostgreSQL database. */
export function migrateCommand(): Command {
  return new Command('migrate')
    .description('copy a SQLite portal (every table) into an empty PostgreSQL database; files stay in the data directory')
    .requiredOption('--from <dir>', 'data directory of the SQLite portal (stop its server first)')
    .requiredOption('--to <url>', 'postgres:// URL of an empty database')
    .action(async (flags: { from: string; to: string }) => {
      const dataDir = resolve(flags.from);
      const database = maskedUrl(flags.to);
      if (!isPostgresUrl(flags.to)) throw CommandFailure.of('MIGRATE_TARGET_NOT_POSTGRES', { value: database });
      const sourceFile = join(dataDir, DATABASE_FILE);
      if (!existsSync(sourceFile) || !statSync(sourceFile).isFile())
        throw CommandFailure.of('MIGRATE_SOURCE_NOT_A_PORTAL', { path: dataDir });
      const use = sourceInUse(dataDir, sourceFile);
      if (use && use.pid !== null) throw CommandFailure.of('MIGRATE_SOURCE_SERVED', { path: dataDir, pid: use.pid });
      if (use?.kind === 'lock-file') throw CommandFailure.of('MIGRATE_SOURCE_LOCKED', { path: dataDir, file: use.file });

      process.stderr.write(
        `copying ${sourceFile} to ${database}\n` +
          'note: the source is read as one snapshot; keep servers and commands off it until the copy ends\n',
      );
      const lock = holdSource(dataDir);
      const progress = copyProgress(process.stderr);
      let report: CopyReport;
      try {
        // Loaded when a copy runs: it brings the PostgreSQL driver, which other commands do not need at start.
        const { copyPortal } = await import('../../storage/portal-copy/copy-portal.js');
        report = await copyPortal({ sourcePath: sourceFile, targetUrl: flags.to, onProgress: progress.report });
      } catch (error) {
        throw error instanceof PortalCopyError ? refusalError(error.refusal, dataDir, database) : error;
      } finally {
        progress.end();
        lock?.release();
      }
      printReport(report, dataDir, database);
    });
}

/**
 * Holds the source's lock while copying, so a server started on it meanwhile refuses to start. A data
 * directory that cannot be written (a read-only mount of a backup) is copied without it.
 */
function holdSource(dataDir: string): DataLock | null {
  try {
    return lockDataDirectory(dataDir);
  } catch (error) {
    if (error instanceof CommandFailure) throw error;
    return null;
  }
}

function printReport(report: CopyReport, dataDir: string, database: string): void {
  printTable(report.counts.map(({ table, source, target }) => ({ table, source, target })));
  const rows = report.counts.reduce((sum, count) => sum + count.target, 0);
  const lines = [
    `verified: ${report.counts.length} tables, ${rows} rows, every count matches (schema at ${report.migration})`,
    `copied to ${database}`,
    `files: recordings and other files stay in ${dataDir}; serve the portal with the same data directory:`,
    `  extcall serve --database '${database}' --data '${dataDir}'${database.includes(':***@') ? '  (with the password where *** is)' : ''}`,
  ];
  if (existsSync(join(dataDir, DEMO_FILE))) lines.push(`(${DEMO_FILE} there keeps the demo credentials, which still work)`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function refusalError(refusal: CopyRefusal, path: string, database: string): Error {
  switch (refusal.kind) {
    case 'source-not-a-portal':
      return CommandFailure.of('MIGRATE_SOURCE_NOT_A_PORTAL', { path });
    case 'source-newer':
      return CommandFailure.of('MIGRATE_SOURCE_NEWER', { path, migration: refusal.migration });
    case 'target-unreachable':
      return CommandFailure.of('MIGRATE_TARGET_UNREACHABLE', { database, reason: refusal.reason });
    case 'target-not-empty':
      return CommandFailure.of('MIGRATE_TARGET_NOT_EMPTY', { database, table: refusal.table, rows: refusal.rows });
    case 'target-ahead':
      return CommandFailure.of('MIGRATE_TARGET_AHEAD', { database, source: refusal.source, target: refusal.target });
    case 'target-lacks':
      return CommandFailure.of('MIGRATE_TARGET_LACKS', { database, table: refusal.table, column: refusal.column });
    case 'value-unfit':
      return CommandFailure.of(UNFIT_KEYS[refusal.reason] as 'MIGRATE_VALUE_NUL', {
        table: refusal.table,
        column: refusal.column,
        row: refusal.row,
      });
    case 'insert-failed':
      return CommandFailure.of('MIGRATE_INSERT_FAILED', { table: refusal.table, reason: refusal.reason });
    case 'count-mismatch':
      return CommandFailure.of('MIGRATE_COUNT_MISMATCH', { table: refusal.table, source: refusal.source, target: refusal.target });
  }
}

/** The URL with its password replaced, fit for a terminal or a log. */
function maskedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
