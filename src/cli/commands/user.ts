import { Command } from 'commander';
import { withPortal } from '../admin-session.js';
import { addStorageOptions, type StorageOptions } from '../options.js';
import { printJson, printTable } from '../output.js';
import type { UserRow } from '../../storage/schema.js';

interface UserAddFlags extends StorageOptions {
  name: string;
  lastName?: string;
  email?: string;
  inner?: string;
  admin?: boolean;
  json?: boolean;
}

export function userCommand(): Command {
  const user = new Command('user').description("manage the portal's employees");

  addStorageOptions(
    user
      .command('add')
      .description('add an employee')
      .requiredOption('--name <name>', 'first name')
      .option('--last-name <name>', 'last name')
      .option('--email <email>', 'e-mail address')
      .option('--inner <number>', 'inner phone number (extension), unique among active users')
      .option('--admin', 'make the user a portal administrator')
      .option('--json', 'print the new user as JSON'),
    { memory: false },
  ).action(async (flags: UserAddFlags) => {
    const row = await withPortal(flags, (s) =>
      s.users.add({ name: flags.name, lastName: flags.lastName, email: flags.email, innerNumber: flags.inner, admin: flags.admin }),
    );
    if (flags.json) printJson(userJson(row));
    else process.stdout.write(`added user ${row.id} (${displayName(row)})${row.phone_inner ? `, inner number ${row.phone_inner}` : ''}\n`);
  });

  addStorageOptions(user.command('list').description('list employees').option('--json', 'print JSON'), { memory: false }).action(
    async (flags: StorageOptions & { json?: boolean }) => {
      const rows = await withPortal(flags, (s) => s.users.all());
      if (flags.json) printJson(rows.map(userJson));
      else
        printTable(
          rows.map((r) => ({
            id: r.id,
            name: displayName(r),
            email: r.email,
            inner: r.phone_inner,
            admin: r.is_admin === 1 ? 'yes' : '',
            active: r.active === 1 ? 'yes' : 'no',
          })),
        );
    },
  );
  return user;
}

function displayName(row: UserRow): string {
  return `${row.name} ${row.last_name}`.trim();
}

function userJson(row: UserRow) {
  return {
    id: row.id,
    name: displayName(row),
    email: row.email,
    innerNumber: row.phone_inner,
    admin: row.is_admin === 1,
    active: row.active === 1,
  };
}
