import { Command } from 'commander';
import { withPortal } from '../admin-session.js';
import { addStorageOptions, parsePositiveInt, type StorageOptions } from '../options.js';
import { printJson, printLines, printTable } from '../output.js';

export function appCommand(): Command {
  const app = new Command('app').description('manage applications (OAuth clients)');

  addStorageOptions(
    app
      .command('add')
      .description('install an application and issue its first access/refresh token pair')
      .requiredOption('--name <name>', 'application name')
      .requiredOption('--scopes <list>', 'comma-separated scopes, e.g. telephony,crm,user,im')
      .option('--user <id>', 'user the tokens belong to (default: the first administrator)', parsePositiveInt)
      .option('--redirect-uri <url>', 'where /oauth/authorize/ sends the user back with a code')
      .option('--install-url <url>', "the application's install handler: it is sent ONAPPINSTALL with the tokens")
      .option('--json', 'print JSON'),
    { memory: false },
  ).action(
    async (
      flags: StorageOptions & { name: string; scopes: string; user?: number; redirectUri?: string; installUrl?: string; json?: boolean },
    ) => {
      const created = await withPortal(flags, async (s) => {
        const added = await s.portal.addApp({ name: flags.name, scopes: flags.scopes, userId: flags.user, redirectUri: flags.redirectUri });
        if (flags.installUrl) await s.installs.announce(added.app, flags.installUrl, added.tokens.userId);
        return added;
      });
      const out = {
        id: created.app.id,
        name: created.app.name,
        clientId: created.app.client_id,
        clientSecret: created.clientSecret,
        accessToken: created.tokens.accessToken,
        refreshToken: created.tokens.refreshToken,
        expiresIn: created.tokens.expiresIn,
        scopes: created.tokens.scopes,
        userId: created.tokens.userId,
      };
      if (flags.json) printJson(out);
      else printLines(Object.entries(out).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
    },
  );

  addStorageOptions(app.command('list').description('list applications').option('--json', 'print JSON'), { memory: false }).action(
    async (flags: StorageOptions & { json?: boolean }) => {
      const rows = await withPortal(flags, (s) => s.portal.listApps());
      const out = rows.map((r) => ({ id: r.id, name: r.name, clientId: r.client_id, scopes: r.scopes, installed: r.installed === 1 }));
      if (flags.json) printJson(out);
      else printTable(out);
    },
  );

  addStorageOptions(
    app
      .command('uninstall')
      .description('uninstall an application: its tokens stop working')
      .requiredOption('--app <id>', 'application id', parsePositiveInt)
      .option('--clean', "tell the application to remove its data: ONAPPUNINSTALL's data[CLEAN] is 1"),
    { memory: false },
  ).action(async (flags: StorageOptions & { app: number; clean?: boolean }) => {
    await withPortal(flags, (s) => s.portal.uninstallApp(flags.app, { clean: flags.clean === true }));
    process.stdout.write(`application ${flags.app} uninstalled\n`);
  });
  return app;
}
