import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { PortalAdminError } from '../../../kernel/errors/admin-error.js';
import { loadSeedFile } from '../load-seed-file.js';
import { validateSeed } from '../seed-document.js';

const MINIMAL = {
  users: [{ name: 'Anna', email: 'anna@example.com' }],
  apps: [{ name: 'App', scopes: ['crm'] }],
  webhooks: [{ scopes: 'crm' }],
};

/** The message validateSeed throws for `seed`, failing the test when it throws nothing. */
function faultOf(seed: unknown): string {
  try {
    validateSeed(seed);
  } catch (error) {
    expect(error).toBeInstanceOf(PortalAdminError);
    return (error as Error).message;
  }
  throw new Error('the seed was accepted');
}

describe('validateSeed names the exact path of a fault', () => {
  test.each([
    ['a list instead of a mapping', [], 'the seed must be a mapping of keys to values'],
    ['a typo at the top', { ...MINIMAL, user: [] }, 'user is not a known key; known here: users, apps, webhooks, lines, crm'],
    ['no users', { ...MINIMAL, users: undefined }, 'users is required'],
    [
      'an empty user list',
      { ...MINIMAL, users: [] },
      "users must list at least one entry (the first is the portal's administrator, unless another is marked admin)",
    ],
    [
      'an inner number as a number',
      { ...MINIMAL, users: [{ name: 'A' }, { name: 'B' }, { name: 'C', innerNumber: 101 }] },
      'users[2].innerNumber must be a string of digits (1-20 of 0-9, *, # or +; quote it in YAML)',
    ],
    [
      'an inner number with letters',
      { ...MINIMAL, users: [{ name: 'A', innerNumber: '10a' }] },
      'users[0].innerNumber must be a string of digits (1-20 of 0-9, *, # or +; quote it in YAML)',
    ],
    [
      'a typo in a user',
      { ...MINIMAL, users: [{ name: 'A', lastname: 'B' }] },
      'users[0].lastname is not a known key; known here: name, lastName, email, innerNumber, departments, workDepartment, workPosition, gender, admin, active',
    ],
    ['a user without a name', { ...MINIMAL, users: [{ email: 'a@b.co' }] }, 'users[0].name is required'],
    ['a blank name', { ...MINIMAL, users: [{ name: '  ' }] }, 'users[0].name must not be empty'],
    ['a bad e-mail', { ...MINIMAL, users: [{ name: 'A', email: 'nope' }] }, 'users[0].email must be an e-mail address'],
    [
      'a department by name',
      { ...MINIMAL, users: [{ name: 'A', departments: ['Sales'] }] },
      'users[0].departments[0] must be a positive integer',
    ],
    ['admin as a word', { ...MINIMAL, users: [{ name: 'A', admin: 'yes' }] }, 'users[0].admin must be true or false'],
    [
      'two users with one e-mail',
      {
        ...MINIMAL,
        users: [
          { name: 'A', email: 'a@b.co' },
          { name: 'B', email: 'A@B.co' },
        ],
      },
      'users[1].email repeats "A@B.co", already given at users[0].email',
    ],
    [
      'two active users with one inner number',
      {
        ...MINIMAL,
        users: [
          { name: 'A', innerNumber: '1' },
          { name: 'B', innerNumber: '1' },
        ],
      },
      'users[1].innerNumber repeats "1", already given at users[0].innerNumber',
    ],
    [
      'an unknown scope',
      { ...MINIMAL, apps: [{ name: 'App', scopes: ['crm', 'telefony'] }] },
      'apps[0].scopes names unknown scope(s): telefony',
    ],
    ['no scopes', { ...MINIMAL, webhooks: [{ user: 1 }] }, 'webhooks[0].scopes is required'],
    ['no apps', { ...MINIMAL, apps: [] }, "apps must list at least one entry (the first is the portal's application)"],
    [
      'an app owner who is not in the seed',
      { ...MINIMAL, apps: [{ name: 'App', scopes: 'crm', user: 'bob@example.com' }] },
      'apps[0].user names no user of the seed: "bob@example.com"',
    ],
    [
      'a user position past the end',
      { ...MINIMAL, webhooks: [{ user: 2, scopes: 'crm' }] },
      'webhooks[0].user names no user of the seed: 2',
    ],
    [
      'a user position of 0',
      { ...MINIMAL, webhooks: [{ user: 0, scopes: 'crm' }] },
      "webhooks[0].user must be a user's e-mail or position in users (1 for the first)",
    ],
    [
      'a webhook code with a slash',
      { ...MINIMAL, webhooks: [{ scopes: 'crm', code: 'a/b' }] },
      'webhooks[0].code must be 1 to 64 letters, digits, dots, dashes or underscores',
    ],
    [
      'two apps with one access token',
      {
        ...MINIMAL,
        apps: [
          { name: 'A', scopes: 'crm', accessToken: 'tok-1' },
          { name: 'B', scopes: 'crm', accessToken: 'tok-1' },
        ],
      },
      'apps[1].accessToken repeats "tok-1", already given at apps[0].accessToken',
    ],
    [
      'a line of an unknown app',
      { ...MINIMAL, lines: [{ number: '100', app: 'Other' }] },
      'lines[0].app names no application of the seed: "Other"',
    ],
    ['a line number as a number', { ...MINIMAL, lines: [{ number: 100 }] }, 'lines[0].number must be a string'],
    [
      'a line twice',
      { ...MINIMAL, lines: [{ number: '100' }, { number: '100' }] },
      'lines[1].number repeats "App 100", already given at lines[0].number',
    ],
    [
      'a typo in crm',
      { ...MINIMAL, crm: { contact: [] } },
      'crm.contact is not a known key; known here: companies, contacts, leads, deals',
    ],
    ['contacts as a mapping', { ...MINIMAL, crm: { contacts: { name: 'Ivan' } } }, 'crm.contacts must be a list'],
    [
      'a phone without value',
      { ...MINIMAL, crm: { contacts: [{ name: 'I', phones: ['1', { type: 'MOBILE' }] }] } },
      'crm.contacts[0].phones[1].value is required',
    ],
    ['a deal amount as text', { ...MINIMAL, crm: { deals: [{ title: 'D', amount: '12' }] } }, 'crm.deals[0].amount must be a number'],
    [
      'a deal naming a company that is not there',
      { ...MINIMAL, crm: { companies: [{ key: 'nw', title: 'NW' }], deals: [{ title: 'D', company: 'mw' }] } },
      'crm.deals[0].company names no company of the seed with the key "mw"',
    ],
    [
      'a contact responsible who is not there',
      { ...MINIMAL, crm: { contacts: [{ name: 'I', responsible: 'x@y.zz' }] } },
      'crm.contacts[0].responsible names no user of the seed: "x@y.zz"',
    ],
  ])('%s', (_name, seed, message) => {
    expect(faultOf(seed)).toBe(message);
  });

  test('defaults: the first user is the administrator unless one is marked; absent lists are empty', () => {
    expect(validateSeed(MINIMAL)).toEqual({
      users: [{ name: 'Anna', email: 'anna@example.com', admin: true }],
      apps: [{ name: 'App', scopes: ['crm'] }],
      webhooks: [{ scopes: ['crm'] }],
      lines: [],
      crm: { companies: [], contacts: [], leads: [], deals: [] },
    });
    const marked = validateSeed({ ...MINIMAL, users: [{ name: 'A' }, { name: 'B', admin: true }] });
    expect(marked.users.map((u) => u.admin)).toEqual([undefined, true]);
  });
});

describe('loadSeedFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'extcall-seed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  test('the example seed of the repository loads', async () => {
    const seed = await loadSeedFile(fileURLToPath(new URL('../../../../examples/seed.yaml', import.meta.url)));
    expect(seed.users.map((u) => u.email)).toEqual(['anna@example.com', 'boris@example.com', 'clara@example.com']);
    expect(seed.apps[0]!.accessToken).toBe('pbx-access-token-0001');
    expect(seed.crm.contacts[0]!.phones).toEqual(['+12025550147', { value: '+12025550148', type: 'MOBILE' }]);
  });

  test('JSON and YAML of the same portal load alike', async () => {
    const yaml = file(
      'same.yml',
      'users:\n  - { name: Anna, innerNumber: "101" }\napps:\n  - { name: App, scopes: [crm] }\nwebhooks:\n  - scopes: crm\n',
    );
    const json = file(
      'same.json',
      JSON.stringify({
        users: [{ name: 'Anna', innerNumber: '101' }],
        apps: [{ name: 'App', scopes: ['crm'] }],
        webhooks: [{ scopes: 'crm' }],
      }),
    );
    expect(await loadSeedFile(yaml)).toEqual(await loadSeedFile(json));
  });

  test('a missing file names the file', async () => {
    const missing = join(dir, 'missing.yaml');
    await expect(loadSeedFile(missing)).rejects.toThrow(`cannot read the seed file ${missing}: ENOENT`);
  });

  test('another extension is refused', async () => {
    await expect(loadSeedFile(file('seed.txt', '{}'))).rejects.toThrow('seed.txt: a seed file ends in .json, .yaml or .yml');
  });

  test('a YAML syntax error names the line and column', async () => {
    const path = file('broken.yaml', 'users:\n  - name: Anna\n    name: Boris\n');
    await expect(loadSeedFile(path)).rejects.toThrow(`${path}, line 3, column 5: Map keys must be unique`);
  });

  test('a JSON syntax error names the line and column', async () => {
    const path = file('broken.json', '{\n  "users": [\n    { "name": "Anna", }\n  ]\n}\n');
    await expect(loadSeedFile(path)).rejects.toThrow(new RegExp(`^${escape(path)}, line 3, column 23: `));
  });

  test('a validation fault names the file and the path in it', async () => {
    const path = file('typo.yaml', 'users:\n  - { name: Anna, innerNumber: 101 }\napps: []\nwebhooks: []\n');
    await expect(loadSeedFile(path)).rejects.toThrow(
      `${path}: users[0].innerNumber must be a string of digits (1-20 of 0-9, *, # or +; quote it in YAML)`,
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
