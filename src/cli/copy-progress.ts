import type { CopyEvent } from '../storage/portal-copy/copy-portal.js';

const BAR_WIDTH = 30;
/** A terminal is redrawn at most this often (the last batch of a table always shows). */
const REDRAW_MS = 100;

/**
 * Shows a copy's progress on `stream`: one bar redrawn in place on a terminal, plain lines (one per
 * table) when stderr goes to a file or a pipe, where carriage returns would only be noise.
 */
export function copyProgress(stream: NodeJS.WriteStream): { report: (event: CopyEvent) => void; end: () => void } {
  const tty = stream.isTTY === true;
  let lastDraw = 0;
  let drawn = false;
  const clear = () => {
    if (drawn) stream.write('\r\x1b[K');
    drawn = false;
  };
  const report = (event: CopyEvent) => {
    switch (event.kind) {
      case 'migrated':
        stream.write(`schema: migrated to ${event.migration}; copying ${event.rows} rows of ${event.tables} tables\n`);
        break;
      case 'rows':
        if (tty && (Date.now() - lastDraw >= REDRAW_MS || event.copied === event.total)) {
          lastDraw = Date.now();
          stream.write(`\r\x1b[K${progressBar(event.allCopied, event.allTotal)} ${event.table} ${event.copied}/${event.total}`);
          drawn = true;
        }
        break;
      case 'table-done':
        if (!tty) stream.write(`copied ${event.table}: ${event.rows} rows\n`);
        break;
      case 'sequences':
        clear();
        stream.write(`sequences: ${event.restarted} restarted past the highest ids\n`);
        break;
    }
  };
  return { report, end: clear };
}

/** `[#######-------]  45%`: the share of all rows copied so far. */
export function progressBar(done: number, total: number): string {
  const share = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(share * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%`;
}
