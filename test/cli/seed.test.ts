import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, test } from 'vitest';
import { extcall } from '../helpers/cli-process.js';

const EXAMPLE = resolve('examples/seed.yaml');

// Each test spawns the command a few times: slow on a busy machine.
describe('extcall seed (run `npm run build` first when run alone)', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'extcall-seed-cli-'));
  const data = join(dir, 'data');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('apply fills an empty portal and prints its description; a second apply is refused with exit code 2', () => {
    const applied = extcall(['seed', 'apply', EXAMPLE, '--data', data, '--base-url', 'http://pbx.test:9000/']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const described = JSON.parse(applied.stdout) as Record<string, any>;
    expect(described.webhookUrl).toBe('http://pbx.test:9000/rest/1/pbxwebhookcode0001/');
    expect(described.app).toMatchObject({ clientId: 'local.pbx-connector', accessToken: 'pbx-access-token-0001' });

    const again = extcall(['seed', 'apply', EXAMPLE, '--data', data]);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe('error: the portal already has users: a seed fills an empty portal\n');
  });

  test('export writes YAML to standard output, JSON by --format or by the extension of --out', () => {
    const yaml = extcall(['seed', 'export', '--data', data]);
    expect(yaml.code).toBe(0);
    const exported = parse(yaml.stdout) as Record<string, any>;
    expect(exported.users.map((u: any) => u.innerNumber)).toEqual(['101', '102', '103']);
    expect(exported.apps).toEqual([{ name: 'My PBX connector', scopes: ['telephony', 'crm', 'user', 'im'] }]);

    const json = extcall(['seed', 'export', '--data', data, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual(exported);

    const out = join(dir, 'portal.json');
    expect(extcall(['seed', 'export', '--data', data, '--out', out]).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(exported);
  });

  test('a faulty seed file names the file and the path; an unknown format is a usage error', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'users:\n  - { name: Anna, innerNumber: 101 }\napps: []\nwebhooks: []\n');
    const refused = extcall(['seed', 'apply', bad, '--data', join(dir, 'other')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `error: ${bad}: users[0].innerNumber must be a string of digits (1-20 of 0-9, *, # or +; quote it in YAML)\n`,
    );
    const format = extcall(['seed', 'export', '--data', data, '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('json or yaml');
  });
});
