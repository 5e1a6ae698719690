import { Command } from 'commander';
import { withPortal } from '../admin-session.js';
import { requiredApp } from '../app-choice.js';
import { addStorageOptions, parsePositiveInt, type StorageOptions } from '../options.js';
import { printJson, printLines } from '../output.js';

export function tokenCommand(): Command {
  const token = new Command('token').description('issue OAuth tokens');
  addStorageOptions(
    token
      .command('issue')
      .description('issue a new access/refresh token pair for an application')
      .option('--app <id>', 'application id (required)', parsePositiveInt)
      .option('--user <id>', 'user the tokens act as (default: the first administrator)', parsePositiveInt)
      .option('--json', 'print JSON'),
    { memory: false },
  ).action(async (flags: StorageOptions & { app?: number; user?: number; json?: boolean }) => {
    const { appId, issued } = await withPortal(flags, async (s) => {
      const appId = await requiredApp(s, flags.app);
      return { appId, issued: await s.portal.issueTokens(appId, flags.user) };
    });
    const out = {
      appId,
      userId: issued.userId,
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken,
      expiresIn: issued.expiresIn,
      expires: issued.expiresAt,
      scopes: issued.scopes,
    };
    if (flags.json) printJson(out);
    else printLines(Object.entries(out).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
  });
  addStorageOptions(
    token
      .command('code')
      .description('an authorization code (valid 30 s) to exchange at /oauth/token/ with grant_type=authorization_code')
      .option('--app <id>', 'application id (required)', parsePositiveInt)
      .option('--user <id>', 'user who authorises the application (default: the first administrator)', parsePositiveInt)
      .option('--json', 'print JSON'),
    { memory: false },
  ).action(async (flags: StorageOptions & { app?: number; user?: number; json?: boolean }) => {
    const issued = await withPortal(flags, async (s) => s.oauth.issueCode(await requiredApp(s, flags.app), flags.user));
    if (flags.json) printJson(issued);
    else process.stdout.write(`${issued.code}\n`);
  });
  return token;
}
