import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import type { Portal } from '../../../portal.js';
import { startTestPortal } from '../../../../test/helpers/test-portal.js';
import { applySeed } from '../apply-seed.js';
import { exportSeed } from '../export-seed.js';
import { loadSeedFile } from '../load-seed-file.js';
import { validateSeed } from '../seed-document.js';
import { BASE_URL, callHook, emptyPortal, startSeededPortal } from './seeded-portal.js';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/seed.yaml', import.meta.url));

const USER_FIELDS = [
  'ID',
  'NAME',
  'LAST_NAME',
  'EMAIL',
  'ACTIVE',
  'UF_PHONE_INNER',
  'UF_DEPARTMENT',
  'WORK_POSITION',
  'WORK_DEPARTMENT',
  'PERSONAL_GENDER',
];
const CRM_SELECT: Record<string, string[]> = {
  company: ['ID', 'TITLE', 'ASSIGNED_BY_ID', 'PHONE', 'EMAIL'],
  contact: ['ID', 'NAME', 'LAST_NAME', 'ASSIGNED_BY_ID', 'PHONE', 'EMAIL', 'COMPANY_ID', 'COMPANY_IDS'],
  lead: ['ID', 'TITLE', 'NAME', 'LAST_NAME', 'STATUS_ID', 'ASSIGNED_BY_ID', 'PHONE', 'EMAIL'],
  deal: ['ID', 'TITLE', 'STAGE_ID', 'OPPORTUNITY', 'CURRENCY_ID', 'ASSIGNED_BY_ID', 'COMPANY_ID', 'CONTACT_IDS'],
};

/** What a client sees of the seeded data through the REST API, without the IDs of phones and e-mails. */
async function restView(portal: Portal, webhookUrl: string, lineToken: string) {
  const hook = new URL(webhookUrl).pathname;
  const users = (await callHook(portal, hook, 'user.get')).body.result as Array<Record<string, unknown>>;
  const crm: Record<string, unknown> = {};
  for (const [kind, select] of Object.entries(CRM_SELECT)) {
    const items = (await callHook(portal, hook, `crm.${kind}.list`, { select, order: { ID: 'ASC' } })).body.result as Array<
      Record<string, unknown>
    >;
    crm[kind] = items.map((item) => ({
      ...item,
      PHONE: (item.PHONE as any[] | undefined)?.map((p) => [p.VALUE, p.VALUE_TYPE]),
      EMAIL: (item.EMAIL as any[] | undefined)?.map((p) => [p.VALUE, p.VALUE_TYPE]),
    }));
  }
  const lines = await portal.app.inject({ method: 'POST', url: '/rest/telephony.externalLine.get', payload: { auth: lineToken } });
  return {
    users: users.map((u) => Object.fromEntries(USER_FIELDS.map((f) => [f, u[f]]))),
    crm,
    lines: lines.json().result as unknown,
  };
}

describe('exportSeed writes the portal in the seed form', () => {
  test('round trip: the export, through YAML, applied to a fresh portal answers the same users, lines and CRM', async () => {
    const first = await startSeededPortal(await loadSeedFile(EXAMPLE));
    const second = await emptyPortal();
    try {
      const exported = await exportSeed(first.portal.services);
      const described = await applySeed(second.services, validateSeed(parse(stringify(exported))), BASE_URL);
      const before = await restView(first.portal, first.described.webhookUrl, first.described.app.accessToken);
      const after = await restView(second, described.webhookUrl, described.app.accessToken);
      expect(before.users).toHaveLength(3);
      expect((before.crm.contact as unknown[]).length).toBe(1);
      expect(before.lines).toHaveLength(2);
      expect(after).toEqual(before);
      // And the second portal exports to the same document.
      expect(await exportSeed(second.services)).toEqual(exported);
    } finally {
      await first.portal.close();
      await second.close();
    }
  });

  test('credentials are not exported (only their hashes are kept); references are by e-mail, keys name CRM records', async () => {
    const { portal } = await startSeededPortal(await loadSeedFile(EXAMPLE));
    try {
      const exported = await exportSeed(portal.services);
      expect(exported.apps).toEqual([{ name: 'My PBX connector', scopes: ['telephony', 'crm', 'user', 'im'] }]);
      expect(exported.webhooks).toEqual([{ user: 'anna@example.com', scopes: ['telephony', 'crm', 'user'], title: 'PBX' }]);
      expect(exported.users[2]).toEqual({
        name: 'Clara',
        lastName: 'Novak',
        email: 'clara@example.com',
        innerNumber: '103',
        active: false,
      });
      expect(exported.lines).toEqual([
        { number: '+12025550100', name: 'Main line', app: 'My PBX connector' },
        { number: '+12025550101', name: 'Support', app: 'My PBX connector', crmAutoCreate: false },
      ]);
      expect(exported.crm.contacts).toEqual([
        {
          key: 'contact-1',
          name: 'Ivan',
          lastName: 'Petrov',
          companies: ['company-1'],
          responsible: 'anna@example.com',
          phones: ['+12025550147', { value: '+12025550148', type: 'MOBILE' }],
          emails: ['ivan@northwind.example'],
        },
      ]);
      expect(exported.crm.deals[0]).toMatchObject({ company: 'company-1', contacts: ['contact-1'], amount: 12500, currency: 'USD' });
    } finally {
      await portal.close();
    }
  });

  test('users without an e-mail are named by position; the demo portal exports to a seed that applies', async () => {
    const t = await startTestPortal();
    const fresh = await emptyPortal();
    try {
      await t.portal.services.users.add({ name: 'Nomail', innerNumber: '555' });
      const nomail = (await t.portal.services.users.all()).find((u) => u.name === 'Nomail')!;
      await t.portal.services.portal.addWebhook({ userId: nomail.id, scopes: ['user'] });
      const exported = await exportSeed(t.portal.services);
      expect(exported.webhooks.at(-1)).toEqual({ user: exported.users.length, scopes: ['user'] });
      const described = await applySeed(fresh.services, validateSeed(exported), BASE_URL);
      expect(described.users.map((u) => u.innerNumber)).toEqual(t.demo.users.map((u) => u.innerNumber).concat('555'));
    } finally {
      await t.close();
      await fresh.close();
    }
  });
});
