import { Command } from 'commander';
import { withPortal } from '../admin-session.js';
import { addStorageOptions, parsePositiveInt, type StorageOptions } from '../options.js';
import { printJson, printTable } from '../output.js';

/** `extcall calls list`: the latest finished calls, as the statistics hold them. */
export function callsCommand(): Command {
  const calls = new Command('calls').description('inspect calls the portal recorded');
  addStorageOptions(
    calls
      .command('list')
      .description('the latest statistics rows, newest first')
      .option('--limit <n>', 'how many rows', parsePositiveInt, 20)
      .option('--json', 'print the rows as voximplant.statistic.get shows them'),
    { memory: false },
  ).action(async (flags: StorageOptions & { limit: number; json?: boolean }) => {
    const rows = await withPortal(flags, (s) => s.statistics.latest(flags.limit));
    if (flags.json) {
      printJson(rows);
      return;
    }
    printTable(
      rows.map((r) => ({
        id: r.ID,
        start: r.CALL_START_DATE,
        type: r.CALL_TYPE,
        user: r.PORTAL_USER_ID,
        phone: r.PHONE_NUMBER,
        seconds: r.CALL_DURATION,
        code: r.CALL_FAILED_CODE,
        crm: r.CRM_ENTITY_TYPE ? `${String(r.CRM_ENTITY_TYPE)} ${String(r.CRM_ENTITY_ID)}` : '-',
        activity: r.CRM_ACTIVITY_ID,
        app: r.REST_APP_NAME,
      })),
    );
  });
  return calls;
}
