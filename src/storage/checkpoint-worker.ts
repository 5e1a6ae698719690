import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the WAL is copied back into the database file. */
const CHECKPOINT_INTERVAL_MS = 100;

/**
 * Runs SQLite's WAL checkpoints on a thread of their own, on a second connection, so that no
 * request pays for one: with the default automatic checkpoint, whichever commit crosses the
 * threshold copies the whole WAL back while every other request waits. PASSIVE checkpoints never
 * block writers; committed data is in the WAL already, so this changes no durability. Only a
 * writer can start the WAL over, so the writer still checkpoints past a higher mark (database.ts).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
  db.close();
  parentPort.close();
});
`;

export interface CheckpointWorker {
  stop(): Promise<void>;
}

export function startCheckpointWorker(file: string): CheckpointWorker {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs: CHECKPOINT_INTERVAL_MS } });
  // The worker must never keep the process alive on its own.
  worker.unref();
  return {
    stop: () =>
      new Promise((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
        setTimeout(() => void worker.terminate().then(() => resolve()), 2000).unref();
      }),
  };
}
