import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Portal } from '../../../portal.js';
import type { DemoPortal } from '../../platform/demo-portal.js';
import { applySeed } from '../apply-seed.js';
import { loadSeedFile } from '../load-seed-file.js';
import { validateSeed } from '../seed-document.js';
import { DIALECTS } from '../../../../test/helpers/databases.js';
import { BASE_URL, callHook, callWithToken, emptyPortal, startSeededPortal } from './seeded-portal.js';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/seed.yaml', import.meta.url));

describe('a portal seeded from examples/seed.yaml answers what the seed says', () => {
  let portal: Portal;
  let described: DemoPortal;
  const hook = '/rest/1/pbxwebhookcode0001/';

  beforeAll(async () => {
    ({ portal, described } = await startSeededPortal(await loadSeedFile(EXAMPLE)));
  });
  afterAll(() => portal.close());

  test('the description is the demo portal shape: the first app with its fixed credentials, the first webhook', () => {
    expect(described).toEqual({
      baseUrl: BASE_URL,
      webhookUrl: `${BASE_URL}${hook}`,
      app: {
        id: 1,
        clientId: 'local.pbx-connector',
        clientSecret: 'connector-secret-0001',
        accessToken: 'pbx-access-token-0001',
        refreshToken: 'pbx-refresh-token-0001',
        scopes: ['telephony', 'crm', 'user', 'im'],
      },
      users: [
        { id: 1, name: 'Anna Berg', innerNumber: '101' },
        { id: 2, name: 'Boris Klein', innerNumber: '102' },
        { id: 3, name: 'Clara Novak', innerNumber: '103' },
      ],
    });
  });

  test('user.get through the fixed webhook code answers the seeded users, inner numbers and departments', async () => {
    const { status, body } = await callHook(portal, hook, 'user.get');
    expect(status, JSON.stringify(body)).toBe(200);
    const users = (body.result as Array<Record<string, unknown>>).map((u) => ({
      ID: u.ID,
      NAME: u.NAME,
      LAST_NAME: u.LAST_NAME,
      EMAIL: u.EMAIL,
      ACTIVE: u.ACTIVE,
      UF_PHONE_INNER: u.UF_PHONE_INNER,
      UF_DEPARTMENT: u.UF_DEPARTMENT,
    }));
    expect(users).toEqual([
      { ID: '1', NAME: 'Anna', LAST_NAME: 'Berg', EMAIL: 'anna@example.com', ACTIVE: true, UF_PHONE_INNER: '101', UF_DEPARTMENT: [1] },
      {
        ID: '2',
        NAME: 'Boris',
        LAST_NAME: 'Klein',
        EMAIL: 'boris@example.com',
        ACTIVE: true,
        UF_PHONE_INNER: '102',
        UF_DEPARTMENT: [1, 3],
      },
      { ID: '3', NAME: 'Clara', LAST_NAME: 'Novak', EMAIL: 'clara@example.com', ACTIVE: false, UF_PHONE_INNER: '103', UF_DEPARTMENT: [1] },
    ]);
    const boris = (body.result as Array<Record<string, unknown>>)[1]!;
    expect(boris.WORK_DEPARTMENT).toBe('Sales');
  });

  test('the user marked admin is the administrator', async () => {
    expect((await callHook(portal, hook, 'user.admin')).body.result).toBe(true);
  });

  test('the fixed access token works, with exactly the seeded scopes', async () => {
    const scope = await callWithToken(portal, 'pbx-access-token-0001', 'scope');
    expect(scope.status).toBe(200);
    expect([...(scope.body.result as string[])].sort()).toEqual(['crm', 'im', 'telephony', 'user']);
    const current = await callWithToken(portal, 'pbx-access-token-0001', 'user.current');
    expect(current.body.result.ID).toBe('1');
  });

  test('the fixed client credentials and refresh token work at /oauth/token/', async () => {
    const res = await portal.app.inject({
      method: 'GET',
      url: '/oauth/token/?grant_type=refresh_token&client_id=local.pbx-connector&client_secret=connector-secret-0001&refresh_token=pbx-refresh-token-0001',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ scope: 'telephony,crm,user,im', user_id: 1 });
  });

  test('the lines appear in telephony.externalLine.get of the app they belong to', async () => {
    const { body } = await callWithToken(portal, 'pbx-access-token-0001', 'telephony.externalLine.get');
    expect(body.result).toEqual([
      { NUMBER: '+12025550100', NAME: 'Main line', CRM_AUTO_CREATE: 'Y' },
      { NUMBER: '+12025550101', NAME: 'Support', CRM_AUTO_CREATE: 'N' },
    ]);
  });

  test('crm.contact.list finds the contact by phone, with its company, e-mail and responsible', async () => {
    const { body } = await callHook(portal, hook, 'crm.contact.list', {
      filter: { PHONE: '+12025550148' },
      select: ['ID', 'NAME', 'LAST_NAME', 'ASSIGNED_BY_ID', 'PHONE', 'EMAIL', 'COMPANY_ID'],
    });
    expect(body.total).toBe(1);
    const [contact] = body.result as Array<Record<string, any>>;
    expect(contact).toMatchObject({ NAME: 'Ivan', LAST_NAME: 'Petrov', ASSIGNED_BY_ID: '1', COMPANY_ID: '1' });
    expect(contact!.PHONE.map((p: any) => [p.VALUE, p.VALUE_TYPE])).toEqual([
      ['+12025550147', 'WORK'],
      ['+12025550148', 'MOBILE'],
    ]);
    expect(contact!.EMAIL.map((p: any) => p.VALUE)).toEqual(['ivan@northwind.example']);
  });

  test('leads and deals are there, with their responsible, stage, amount and bindings', async () => {
    const leads = await callHook(portal, hook, 'crm.lead.list', { select: ['TITLE', 'NAME', 'ASSIGNED_BY_ID', 'STATUS_ID'] });
    expect(leads.body.result).toEqual([{ ID: '1', TITLE: 'Website enquiry', NAME: 'Tom', ASSIGNED_BY_ID: '2', STATUS_ID: 'NEW' }]);
    const deal = await callHook(portal, hook, 'crm.deal.get', { id: 1 });
    expect(deal.body.result).toMatchObject({
      TITLE: 'Northwind: PBX rollout',
      STAGE_ID: 'PREPARATION',
      CURRENCY_ID: 'USD',
      COMPANY_ID: '1',
    });
    expect(Number(deal.body.result.OPPORTUNITY)).toBe(12500);
    const contacts = await callHook(portal, hook, 'crm.deal.contact.items.get', { id: 1 });
    expect(contacts.body.result.map((c: any) => c.CONTACT_ID)).toEqual([1]);
  });

  test('a portal that has users already is refused, and nothing is added', async () => {
    const seed = validateSeed({ users: [{ name: 'Eve' }], apps: [{ name: 'x', scopes: 'crm' }], webhooks: [{ scopes: 'crm' }] });
    await expect(applySeed(portal.services, seed, BASE_URL)).rejects.toThrow('the portal already has users: a seed fills an empty portal');
    expect((await portal.services.users.all()).map((u) => u.name)).toEqual(['Anna', 'Boris', 'Clara']);
  });
});

describe('defaults of a minimal seed', () => {
  test('random credentials, the first user as administrator and owner, users named by position', async () => {
    const { portal, described } = await startSeededPortal({
      users: [{ name: 'Solo' }, { name: 'Second', innerNumber: '7' }],
      apps: [
        { name: 'Connector', scopes: 'telephony,user' },
        { name: 'Second app', scopes: ['user'], user: 2, accessToken: 'second-app-token' },
      ],
      webhooks: [{ user: 2, scopes: ['user'] }],
    });
    try {
      expect(described.app.clientId).toMatch(/^local\.[0-9a-f]{14}\.[0-9a-f]{8}$/);
      expect(described.app.accessToken).toMatch(/^[0-9a-f]{64}$/);
      expect(described.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:8080\/rest\/2\/[a-z0-9]{16}\/$/);
      const me = await callWithToken(portal, described.app.accessToken, 'user.current');
      expect(me.body.result).toMatchObject({ ID: '1', NAME: 'Solo' });
      const byHook = await callHook(portal, new URL(described.webhookUrl).pathname, 'user.current');
      expect(byHook.body.result).toMatchObject({ ID: '2', UF_PHONE_INNER: '7' });
      expect((await callHook(portal, new URL(described.webhookUrl).pathname, 'user.admin')).body.result).toBe(false);
      // Only the first app is described; the others' fixed tokens work for the user they name.
      expect((await callWithToken(portal, 'second-app-token', 'user.current')).body.result).toMatchObject({ ID: '2' });
    } finally {
      await portal.close();
    }
  });
});

describe.each(DIALECTS)('a seed that fails half way leaves the portal empty ($name)', (dialect) => {
  test('an unknown deal currency is refused naming the record; no user, app, line or record stays', async () => {
    const { location, cleanup } = await dialect.setup();
    const portal = await emptyPortal(location);
    try {
      const failing = validateSeed({
        users: [{ name: 'Anna', innerNumber: '101' }],
        apps: [{ name: 'a', scopes: 'crm,telephony' }],
        webhooks: [{ scopes: 'crm' }],
        lines: [{ number: '100' }],
        crm: { contacts: [{ name: 'Ivan', phones: ['+12025550147'] }], deals: [{ title: 'x', currency: 'XXX' }] },
      });
      await expect(applySeed(portal.services, failing, BASE_URL)).rejects.toThrow(/^crm\.deals\[0\] was refused: ./);
      expect(await portal.services.users.all()).toEqual([]);
      expect(await portal.services.portal.listApps()).toEqual([]);
      expect(await portal.services.portal.listWebhooks()).toEqual([]);
      expect(await portal.services.crm.findByPhone('+12025550147')).toEqual([]);

      const good = validateSeed({ ...failingWithoutDeal(), users: [{ name: 'Anna', innerNumber: '101' }] });
      const described = await applySeed(portal.services, good, BASE_URL);
      expect(described.users).toMatchObject([{ name: 'Anna', innerNumber: '101' }]);
      expect(await portal.services.crm.findByPhone('+12025550147')).toHaveLength(1);
      // SQLite rolls its ID counters back with the rest; PostgreSQL's sequences never go back.
      if (dialect.name === 'sqlite') expect([described.users[0]!.id, described.app.id]).toEqual([1, 1]);
    } finally {
      await portal.close();
      await cleanup();
    }
  });
});

function failingWithoutDeal() {
  return {
    apps: [{ name: 'a', scopes: 'crm,telephony' }],
    webhooks: [{ scopes: 'crm' }],
    lines: [{ number: '100' }],
    crm: { contacts: [{ name: 'Ivan', phones: ['+12025550147'] }] },
  };
}
