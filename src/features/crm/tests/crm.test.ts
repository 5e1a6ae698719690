import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, ok } from '../../../../test/helpers/rest-calls.js';

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
});
afterAll(() => t.close());

const crmError = async (method: string, params: Record<string, unknown>, description: string) => {
  const res = await callApp(t, method, params);
  expect(res.body).toEqual({ error: '', error_description: description });
  expect(res.status).toBe(400);
};

describe('leads, contacts, companies (I13, I14, A19, A22)', () => {
  test('I13: add returns an integer ID; get returns string values and the PHONE multifield shape', async () => {
    const id = await ok(t, 'crm.contact.add', {
      fields: { NAME: 'Greta', LAST_NAME: 'Lind', PHONE: [{ VALUE: '+46 8 123 456', VALUE_TYPE: 'MOBILE' }] },
    });
    expect(typeof id).toBe('number');
    const contact = await ok(t, 'crm.contact.get', { id });
    expect(contact).toMatchObject({
      ID: String(id),
      NAME: 'Greta',
      LAST_NAME: 'Lind',
      ASSIGNED_BY_ID: '1',
      OPENED: 'Y',
      HAS_PHONE: 'Y',
      HAS_EMAIL: 'N',
    });
    expect(contact.PHONE).toEqual([{ ID: expect.any(String), VALUE_TYPE: 'MOBILE', VALUE: '+46 8 123 456', TYPE_ID: 'PHONE' }]);
    expect(contact.DATE_CREATE).toBe('2026-03-10T11:00:00+01:00');
    expect(contact).not.toHaveProperty('EMAIL');
  });

  test('I13: ID is an alias of id; bad id → "ID is not defined or invalid"; unknown → "Not found" (empty code, A19)', async () => {
    const id = await ok(t, 'crm.company.add', { fields: { TITLE: 'Acme' } });
    expect((await ok(t, 'crm.company.get', { ID: id })).TITLE).toBe('Acme');
    await crmError('crm.company.get', { id: 'abc' }, 'ID is not defined or invalid');
    await crmError('crm.company.get', {}, 'ID is not defined or invalid');
    await crmError('crm.lead.get', { id: 999_999 }, 'Not found');
  });

  test('update changes fields and multifields; returns true', async () => {
    const id = await ok(t, 'crm.lead.add', { fields: { TITLE: 'Web lead', PHONE: [{ VALUE: '111' }] } });
    const phoneId = (await ok(t, 'crm.lead.get', { id })).PHONE[0].ID;
    expect(
      await ok(t, 'crm.lead.update', { id, fields: { STATUS_ID: 'IN_PROCESS', PHONE: [{ ID: phoneId, VALUE: '222' }, { VALUE: '333' }] } }),
    ).toBe(true);
    const lead = await ok(t, 'crm.lead.get', { id });
    expect(lead.STATUS_ID).toBe('IN_PROCESS');
    expect(lead.PHONE.map((p: { VALUE: string }) => p.VALUE)).toEqual(['222', '333']);
    await ok(t, 'crm.lead.update', { id, fields: { PHONE: [{ ID: phoneId, DELETE: 'Y' }] } });
    expect((await ok(t, 'crm.lead.get', { id })).PHONE.map((p: { VALUE: string }) => p.VALUE)).toEqual(['333']);
    await crmError('crm.lead.update', { id: 999_999, fields: { TITLE: 'x' } }, 'Not found');
  });

  test('I14: list with filter prefixes, PHONE lookup by digits, order, select; * excludes multifields', async () => {
    const local = await startTestPortal();
    try {
      const call = (method: string, params: Record<string, unknown>) => ok(local, method, params);
      for (let i = 0; i < 55; i++)
        await call('crm.contact.add', {
          fields: { NAME: `N${i}`, LAST_NAME: i % 2 ? 'Odd' : 'Even', PHONE: [{ VALUE: `+1 (700) 000-${String(i).padStart(4, '0')}` }] },
        });
      const page = await callApp(local, 'crm.contact.list', {
        filter: { LAST_NAME: 'Odd' },
        order: { ID: 'DESC' },
        select: ['ID', 'NAME'],
      });
      expect(page.body.total).toBe(27);
      expect(Object.keys(page.body.result[0])).toEqual(['ID', 'NAME']);
      const all = await callApp(local, 'crm.contact.list', { select: ['*'] });
      // Demo contacts (2) + 55.
      expect([all.body.total, all.body.next, all.body.result.length]).toEqual([57, 50, 50]);
      expect(all.body.result[0]).not.toHaveProperty('PHONE');
      const byPhone = await call('crm.contact.list', { filter: { PHONE: '17000000007' }, select: ['ID', 'NAME', 'PHONE'] });
      expect(byPhone.map((c: { NAME: string }) => c.NAME)).toEqual(['N7']);
      expect(byPhone[0].PHONE[0].VALUE).toBe('+1 (700) 000-0007');
      const ranged = await call('crm.contact.list', { filter: { '>ID': 55, '%NAME': 'N5' }, select: ['NAME'] });
      expect(ranged.map((c: { NAME: string }) => c.NAME)).toEqual(['N53', 'N54']);
    } finally {
      await local.close();
    }
  });

  test('I14: order and filter must be objects', async () => {
    await crmError('crm.lead.list', { order: 'ID' }, "Parameter 'order' must be array");
    await crmError('crm.lead.list', { filter: 'x' }, "Parameter 'filter' must be array");
  });

  test('fields descriptors carry type and flags', async () => {
    const fields = await ok(t, 'crm.lead.fields');
    expect(fields.TITLE).toEqual({
      type: 'string',
      isRequired: false,
      isReadOnly: false,
      isImmutable: false,
      isMultiple: false,
      isDynamic: false,
      title: 'Lead Title',
    });
    expect(fields.ID.isReadOnly).toBe(true);
    expect(fields.PHONE).toMatchObject({ type: 'crm_multifield', isMultiple: true });
  });
});

describe('crm.duplicate.findbycomm (I16)', () => {
  test('I16: finds by phone digits ignoring formatting and extensions; only non-empty types', async () => {
    const result = await ok(t, 'crm.duplicate.findbycomm', { type: 'PHONE', values: ['+1 (555) 0100 ext. 12'] });
    expect(result).toEqual({ CONTACT: [1] });
    const company = await ok(t, 'crm.duplicate.findbycomm', { type: 'PHONE', values: ['15550199', '15550100'] });
    expect(company).toEqual({ CONTACT: [1], COMPANY: [1] });
    const onlyLeads = await ok(t, 'crm.duplicate.findbycomm', { type: 'PHONE', values: ['15550100'], entity_type: 'LEAD' });
    expect(onlyLeads).toEqual([]);
  });

  test('A21/I16: nothing found is an empty list', async () => {
    expect(await ok(t, 'crm.duplicate.findbycomm', { type: 'EMAIL', values: ['nobody@nowhere.example'] })).toEqual([]);
    expect(await ok(t, 'crm.duplicate.findbycomm', { type: 'EMAIL', values: ['ANDREW@northwind.example'] })).toEqual({ CONTACT: [1] });
  });

  test('I16: errors put the sentence in error', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ values: ['1'] }, 'Communication type is not defined'],
      [{ type: 'FAX', values: ['1'] }, "Communication type 'FAX' is not supported in current context"],
      [{ type: 'PHONE' }, 'Communication values is not defined'],
    ];
    for (const [params, error] of cases) {
      const res = await callApp(t, 'crm.duplicate.findbycomm', params);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe(error);
    }
  });
});

describe('currencies and dictionaries (I7, I8, I12, I15)', () => {
  test('I7: crm.currency.list — string values, one base currency, total always 0, no next', async () => {
    const res = await callApp(t, 'crm.currency.list', { order: { SORT: 'desc' } });
    expect(res.body.total).toBe(0);
    expect(res.body).not.toHaveProperty('next');
    const usd = res.body.result.find((c: { CURRENCY: string }) => c.CURRENCY === 'USD');
    expect(usd).toMatchObject({ AMOUNT_CNT: '1', AMOUNT: '1.0000', BASE: 'Y', DECIMALS: '2' });
    expect(res.body.result.filter((c: { BASE: string }) => c.BASE === 'Y')).toHaveLength(1);
    expect(res.body.result[0].CURRENCY).toBe('BYN');
  });

  test('I8: crm.currency.get with LANG; unknown → "" "Not found"', async () => {
    const eur = await ok(t, 'crm.currency.get', { id: 'eur' });
    expect(eur.CURRENCY).toBe('EUR');
    expect(eur.LANG.en).toMatchObject({ FULL_NAME: 'Euro', DECIMALS: '2' });
    await crmError('crm.currency.get', { id: 'XXX' }, 'Not found');
    expect((await ok(t, 'crm.currency.fields')).CURRENCY.isRequired).toBe(true);
  });

  test('I15: crm.status.list with ENTITY_ID SOURCE includes CALL', async () => {
    const sources = await ok(t, 'crm.status.list', { filter: { ENTITY_ID: 'SOURCE' } });
    expect(sources.map((s: { STATUS_ID: string }) => s.STATUS_ID)).toContain('CALL');
    expect(Object.keys(sources[0])).toEqual([
      'ID',
      'ENTITY_ID',
      'STATUS_ID',
      'NAME',
      'NAME_INIT',
      'SORT',
      'SYSTEM',
      'CATEGORY_ID',
      'COLOR',
      'SEMANTICS',
    ]);
    const stages = await ok(t, 'crm.status.list', { filter: { ENTITY_ID: 'STATUS' } });
    expect(stages.find((s: { STATUS_ID: string }) => s.STATUS_ID === 'CONVERTED').EXTRA).toEqual({
      SEMANTICS: 'success',
      COLOR: '#7BD500',
    });
  });

  test('I12: enumerations', async () => {
    expect((await ok(t, 'crm.enum.ownertype')).map((e: { ID: number }) => e.ID)).toEqual([1, 2, 3, 4]);
    expect((await ok(t, 'crm.enum.activitytype')).find((e: { ID: number }) => e.ID === 2).NAME).toBe('Call');
    expect((await ok(t, 'crm.enum.activitydirection')).map((e: { ID: number }) => e.ID)).toEqual([0, 1, 2]);
  });
});

describe('crm.activity (I9–I11)', () => {
  test('I9/I10: the finish activity via get and list; BINDINGS filter; COMMUNICATIONS only when selected', async () => {
    const { CALL_ID } = await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 1 });
    const { CRM_ACTIVITY_ID } = await ok(t, 'telephony.externalCall.finish', { CALL_ID, USER_ID: 2, DURATION: 60 });
    const activity = await ok(t, 'crm.activity.get', { id: CRM_ACTIVITY_ID });
    expect(activity).toMatchObject({
      SUBJECT: 'Outgoing call Andrew Johnson',
      DIRECTION: '2',
      SETTINGS: [],
      PROVIDER_PARAMS: [],
      PROVIDER_GROUP_ID: null,
    });
    expect(activity.COMMUNICATIONS).toEqual([
      { ID: expect.any(String), TYPE: 'PHONE', VALUE: '+1 555 0100', ENTITY_ID: '1', ENTITY_TYPE_ID: '3' },
    ]);
    const listed = await callApp(t, 'crm.activity.list', { filter: { BINDINGS: [{ OWNER_TYPE_ID: 3, OWNER_ID: 1 }] } });
    expect(listed.body.result.map((a: { ID: string }) => a.ID)).toContain(String(CRM_ACTIVITY_ID));
    expect(listed.body.result[0]).not.toHaveProperty('COMMUNICATIONS');
    const selected = await ok(t, 'crm.activity.list', { filter: { ID: CRM_ACTIVITY_ID }, select: ['ID', 'COMMUNICATIONS'] });
    expect(Object.keys(selected[0])).toEqual(['ID', 'COMMUNICATIONS']);
    const none = await ok(t, 'crm.activity.list', { filter: { BINDINGS: [{ OWNER_TYPE_ID: 4, OWNER_ID: 1 }] } });
    expect(none).toEqual([]);
    await crmError('crm.activity.get', { id: 'x' }, 'ID is not defined or invalid');
    await crmError('crm.activity.get', { id: 999 }, 'Not found');
  });

  test('I11: field descriptors', async () => {
    const fields = await ok(t, 'crm.activity.fields');
    expect(fields.SUBJECT).toMatchObject({ type: 'string', isReadOnly: false });
    expect(Object.keys(await ok(t, 'crm.activity.communication.fields'))).toEqual([
      'ID',
      'ACTIVITY_ID',
      'ENTITY_ID',
      'ENTITY_TYPE_ID',
      'TYPE',
      'VALUE',
    ]);
  });
});
