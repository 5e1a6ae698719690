import qs from 'qs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, ok } from '../../../../test/helpers/rest-calls.js';
import { EventReceiver, ofEvent } from '../../../../test/helpers/event-receiver.js';

/**
 * crm.lead|contact|company|deal.add|get|list|update|delete (their reference pages), in the three wire
 * styles clients use: a JSON body with an access token, a form-urlencoded body and a query string
 * through the webhook (A7, A8).
 */
let t: TestPortal;
let receiver: EventReceiver;
beforeAll(async () => {
  t = await startTestPortal({ allowPrivateEventHandlers: true });
  receiver = await new EventReceiver().listen();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

type Wire = (method: string, params: Record<string, unknown>) => Promise<{ status: number; body: Record<string, any> }>;

const json: Wire = (method, params) => callApp(t, method, params);
const form: Wire = async (method, params) => {
  const res = await t.portal.app.inject({
    method: 'POST',
    url: `${t.webhookPath}${method}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: qs.stringify(params),
  });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
};
const query: Wire = async (method, params) => {
  const res = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}${method}?${qs.stringify(params)}` });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
};

const KINDS = [
  { prefix: 'crm.lead', fields: { TITLE: 'Wire lead', CURRENCY_ID: 'USD', OPPORTUNITY: '12500.00' }, change: { TITLE: 'Wire lead 2' } },
  { prefix: 'crm.contact', fields: { NAME: 'Wire', LAST_NAME: 'Contact', POST: 'Buyer' }, change: { NAME: 'Wired' } },
  { prefix: 'crm.company', fields: { TITLE: 'Wire Company', REVENUE: '1000' }, change: { TITLE: 'Wire Company 2' } },
  { prefix: 'crm.deal', fields: { TITLE: 'Wire deal', OPPORTUNITY: '500', CURRENCY_ID: 'EUR' }, change: { TITLE: 'Wire deal 2' } },
];

describe.each([
  ['JSON body', json],
  ['form-urlencoded body', form],
  ['query string', query],
])('CRUD through a %s', (_style, call) => {
  test.each(KINDS)('$prefix: add, get, list, update, delete', async ({ prefix, fields, change }) => {
    const added = await call(`${prefix}.add`, { fields });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const id = added.body.result;
    expect(typeof id).toBe('number');

    const got = (await call(`${prefix}.get`, { id })).body.result;
    for (const [name, value] of Object.entries(fields)) {
      const expected = name === 'OPPORTUNITY' ? Number(value).toFixed(2) : value;
      expect({ name, value: got[name] }).toEqual({ name, value: expected });
    }
    expect(got.ID).toBe(String(id));

    const listed = await call(`${prefix}.list`, { filter: { ID: id }, select: ['ID', ...Object.keys(fields)] });
    expect(listed.body.total).toBe(1);
    expect(listed.body.result[0].ID).toBe(String(id));

    expect((await call(`${prefix}.update`, { id, fields: change })).body.result).toBe(true);
    const changed = (await call(`${prefix}.get`, { id })).body.result;
    for (const [name, value] of Object.entries(change)) expect(changed[name]).toBe(value);

    expect((await call(`${prefix}.delete`, { id })).body).toMatchObject({ result: true });
    const gone = await call(`${prefix}.get`, { id });
    expect(gone.status).toBe(400);
    expect(gone.body).toEqual({ error: '', error_description: 'Not found' });
  });
});

describe('documented errors and defaults (crm.*.add|update|get|delete reference pages, A19)', () => {
  const crmError = async (method: string, params: Record<string, unknown>, description: string, code = '') => {
    const res = await callApp(t, method, params);
    expect(res.body).toEqual({ error: code, error_description: description });
    expect(res.status).toBe(400);
  };

  test.each(['crm.lead', 'crm.contact', 'crm.company', 'crm.deal'])('%s.delete: bad id, unknown id', async (prefix) => {
    await crmError(`${prefix}.delete`, { id: 'x' }, 'ID is not defined or invalid');
    await crmError(`${prefix}.delete`, {}, 'ID is not defined or invalid');
    await crmError(`${prefix}.delete`, { id: 987_654 }, 'Not found');
    await crmError(`${prefix}.update`, { id: 987_654, fields: { COMMENTS: 'x' } }, 'Not found');
  });

  test('crm.deal.add: fields and params must be objects; an unknown currency is refused', async () => {
    await crmError('crm.deal.add', { fields: 'x' }, "Parameter 'fields' must be array");
    await crmError('crm.deal.add', { fields: { TITLE: 'x' }, params: 'x' }, "Parameter 'params' must be array");
    await crmError('crm.deal.add', { fields: { TITLE: 'x', CURRENCY_ID: 'XXX' } }, 'Invalid value for the "Currency" field');
    const id = await ok(t, 'crm.deal.add', { fields: { TITLE: 'Currency check' } });
    await crmError('crm.deal.update', { id, fields: { CURRENCY_ID: 'ZZZ' } }, 'Invalid value for the "Currency" field');
  });

  test('crm.contact.add and crm.company.add: an e-mail that is no address answers ERROR_CORE', async () => {
    await crmError(
      'crm.contact.add',
      { fields: { NAME: 'Bad', EMAIL: [{ VALUE: 'not-an-address', VALUE_TYPE: 'WORK' }] } },
      'The field Work e-mail contains an invalid address',
      'ERROR_CORE',
    );
    await crmError(
      'crm.company.add',
      { fields: { TITLE: 'Bad', EMAIL: [{ VALUE: 'nope', VALUE_TYPE: 'WORK' }] } },
      'The E-mail field contains an invalid address',
      'ERROR_CORE',
    );
  });

  test('crm.lead.add: the documented defaults — first stage, base currency, OPENED, the caller responsible; CURRENCY_ID/OPPORTUNITY kept', async () => {
    const id = await ok(t, 'crm.lead.add', { fields: { TITLE: 'Defaults' } });
    const lead = await ok(t, 'crm.lead.get', { id });
    expect(lead).toMatchObject({
      STATUS_ID: 'NEW',
      STATUS_SEMANTIC_ID: 'P',
      CURRENCY_ID: 'USD',
      OPPORTUNITY: '0.00',
      IS_MANUAL_OPPORTUNITY: 'N',
      OPENED: 'Y',
      ASSIGNED_BY_ID: '1',
      CREATED_BY_ID: '1',
      MOVED_BY_ID: '1',
      IS_RETURN_CUSTOMER: 'N',
      HAS_PHONE: 'N',
      HAS_EMAIL: 'N',
      HAS_IMOL: 'N',
      DATE_CLOSED: '',
      BIRTHDATE: '',
    });
    const usd = await ok(t, 'crm.lead.add', { fields: { TITLE: 'Issue example', CURRENCY_ID: 'USD', OPPORTUNITY: '12500.00' } });
    expect(await ok(t, 'crm.lead.get', { id: usd })).toMatchObject({ CURRENCY_ID: 'USD', OPPORTUNITY: '12500.00' });
  });

  test('crm.lead.update: lead statuses carry their semantics (STATUS_SEMANTIC_ID, DATE_CLOSED)', async () => {
    const id = await ok(t, 'crm.lead.add', { fields: { TITLE: 'Semantics' } });
    t.clock.advanceSeconds(60);
    await ok(t, 'crm.lead.update', { id, fields: { STATUS_ID: 'CONVERTED' } });
    expect(await ok(t, 'crm.lead.get', { id })).toMatchObject({ STATUS_SEMANTIC_ID: 'S', DATE_CLOSED: '2026-03-10T11:01:00+01:00' });
    await ok(t, 'crm.lead.update', { id, fields: { STATUS_ID: 'JUNK' } });
    expect((await ok(t, 'crm.lead.get', { id })).STATUS_SEMANTIC_ID).toBe('F');
    await ok(t, 'crm.lead.update', { id, fields: { STATUS_ID: 'IN_PROCESS' } });
    expect(await ok(t, 'crm.lead.get', { id })).toMatchObject({ STATUS_SEMANTIC_ID: 'P', DATE_CLOSED: '' });
    const finished = await ok(t, 'crm.lead.list', { filter: { STATUS_SEMANTIC_ID: 'P', ID: id }, select: ['ID'] });
    expect(finished).toEqual([{ ID: String(id) }]);
  });

  test('crm.contact.add: defaults from the first dictionary entries; responsible = the caller unless a user is named', async () => {
    const id = await ok(t, 'crm.contact.add', { fields: { NAME: 'Default' } });
    expect(await ok(t, 'crm.contact.get', { id })).toMatchObject({
      TYPE_ID: 'CLIENT',
      SOURCE_ID: 'CALL',
      OPENED: 'Y',
      EXPORT: 'Y',
      ASSIGNED_BY_ID: '1',
    });
    const other = await ok(t, 'crm.contact.add', { fields: { NAME: 'Other', ASSIGNED_BY_ID: 3 } });
    expect((await ok(t, 'crm.contact.get', { id: other })).ASSIGNED_BY_ID).toBe('3');
  });
});

describe('list: filter, select, order on every kind (crm.*.list reference pages, I14)', () => {
  test('multifields: PHONE, EMAIL, WEB, IM with value types; select names them, * does not', async () => {
    const id = await ok(t, 'crm.contact.add', {
      fields: {
        NAME: 'Multi',
        PHONE: [{ VALUE: '+49 30 1234567', VALUE_TYPE: 'MOBILE' }],
        EMAIL: [{ VALUE: 'multi@example.com', VALUE_TYPE: 'HOME' }],
        WEB: [{ VALUE: 'https://multi.example', VALUE_TYPE: 'HOME' }],
        IM: [{ VALUE: 'multi.skype', VALUE_TYPE: 'SKYPE' }],
      },
    });
    const contact = await ok(t, 'crm.contact.get', { id });
    expect(contact.WEB).toEqual([{ ID: expect.any(String), VALUE_TYPE: 'HOME', VALUE: 'https://multi.example', TYPE_ID: 'WEB' }]);
    expect(contact.IM).toEqual([{ ID: expect.any(String), VALUE_TYPE: 'SKYPE', VALUE: 'multi.skype', TYPE_ID: 'IM' }]);
    expect(contact).toMatchObject({ HAS_PHONE: 'Y', HAS_EMAIL: 'Y' });
    const star = await ok(t, 'crm.contact.list', { filter: { ID: id }, select: ['*'] });
    expect(star[0]).not.toHaveProperty('PHONE');
    expect(star[0]).toHaveProperty('ADDRESS_CITY', null);
    const named = await ok(t, 'crm.contact.list', { filter: { WEB: 'https://multi.example' }, select: ['*', 'UF_*', 'PHONE', 'WEB'] });
    expect(named).toHaveLength(1);
    expect(named[0].PHONE[0].VALUE).toBe('+49 30 1234567');
    expect(named[0].WEB[0].VALUE).toBe('https://multi.example');
    expect(await ok(t, 'crm.contact.list', { filter: { HAS_EMAIL: 'Y', ID: id }, select: ['ID'] })).toEqual([{ ID: String(id) }]);
    expect(await ok(t, 'crm.contact.list', { filter: { HAS_EMAIL: 'N', ID: id }, select: ['ID'] })).toEqual([]);
  });

  test('filters on the new fields (text, number, date, money) and order by them', async () => {
    const a = await ok(t, 'crm.company.add', { fields: { TITLE: 'Filter A', REVENUE: 100, ADDRESS_CITY: 'Berlin', INDUSTRY: 'IT' } });
    const b = await ok(t, 'crm.company.add', { fields: { TITLE: 'Filter B', REVENUE: 300, ADDRESS_CITY: 'Bonn', INDUSTRY: 'IT' } });
    const c = await ok(t, 'crm.company.add', { fields: { TITLE: 'Filter C', REVENUE: 200, ADDRESS_CITY: 'Paris', INDUSTRY: 'TELECOM' } });
    const ids = (rows: Array<{ ID: string }>) => rows.map((r) => Number(r.ID));
    expect(
      ids(
        await ok(t, 'crm.company.list', { filter: { '%TITLE': 'Filter', '>=REVENUE': 150 }, order: { REVENUE: 'DESC' }, select: ['ID'] }),
      ),
    ).toEqual([b, c]);
    expect(
      ids(
        await ok(t, 'crm.company.list', {
          filter: { '%ADDRESS_CITY': 'B', INDUSTRY: 'IT' },
          order: { ADDRESS_CITY: 'ASC' },
          select: ['ID'],
        }),
      ),
    ).toEqual([a, b]);
    expect(ids(await ok(t, 'crm.company.list', { filter: { '@ID': [a, c] }, order: { ID: 'DESC' }, select: ['ID'] }))).toEqual([c, a]);
    const lead = await ok(t, 'crm.lead.add', { fields: { TITLE: 'Born', BIRTHDATE: '1985-02-03', UTM_SOURCE: 'google' } });
    expect(ids(await ok(t, 'crm.lead.list', { filter: { '<BIRTHDATE': '1990-01-01', UTM_SOURCE: 'google' }, select: ['ID'] }))).toEqual([
      lead,
    ]);
  });

  test('paging by 50 with total and next', async () => {
    for (let i = 0; i < 51; i++) await ok(t, 'crm.deal.add', { fields: { TITLE: `Paged ${i}`, ORIGINATOR_ID: 'paging' } });
    const first = await callApp(t, 'crm.deal.list', { filter: { ORIGINATOR_ID: 'paging' }, select: ['ID'] });
    expect(first.body.result).toHaveLength(50);
    expect(first.body.total).toBe(51);
    expect(first.body.next).toBe(50);
    const second = await callApp(t, 'crm.deal.list', { filter: { ORIGINATOR_ID: 'paging' }, select: ['ID'], start: 50 });
    expect(second.body.result).toHaveLength(1);
    expect(second.body).not.toHaveProperty('next');
  });
});

describe('events of the changes (crm.*.add|update|delete; event.bind accepts them)', () => {
  test('ONCRM<KIND>ADD|UPDATE|DELETE reach a bound handler with FIELDS[ID]', async () => {
    const kinds = ['LEAD', 'CONTACT', 'COMPANY', 'DEAL'];
    for (const kind of kinds)
      for (const change of ['ADD', 'UPDATE', 'DELETE'])
        expect(await ok(t, 'event.bind', { event: `ONCRM${kind}${change}`, handler: receiver.url })).toBe(true);
    for (const kind of kinds) {
      const prefix = `crm.${kind.toLowerCase()}`;
      const id = await ok(t, `${prefix}.add`, { fields: { TITLE: 'Evented', NAME: 'Evented' } });
      await ok(t, `${prefix}.update`, { id, fields: { COMMENTS: 'changed' } });
      await ok(t, `${prefix}.delete`, { id });
      for (const change of ['ADD', 'UPDATE', 'DELETE']) {
        const [event] = await receiver.waitFor(1, (e) => ofEvent(`ONCRM${kind}${change}`)(e) && e.fields.data?.FIELDS?.ID === String(id));
        expect(event!.fields.data.FIELDS.ID).toBe(String(id));
      }
    }
  });

  test('a failing change raises nothing: the event is queued in its transaction', async () => {
    const before = (await t.portal.storage.events.all()).length;
    await callApp(t, 'crm.deal.add', { fields: { TITLE: 'No', CURRENCY_ID: 'XXX' } });
    expect((await t.portal.storage.events.all()).length).toBe(before);
  });
});

describe('method.get knows the new methods (method.get page)', () => {
  test.each([
    'crm.deal.add',
    'crm.deal.list',
    'crm.lead.delete',
    'crm.contact.delete',
    'crm.company.delete',
    'crm.contact.company.items.set',
    'crm.company.contact.fields',
    'crm.deal.contact.items.delete',
    'crm.lead.contact.add',
  ])('%s', async (name) => {
    expect(await ok(t, 'method.get', { name })).toEqual({ isExisting: true, isAvailable: true });
  });
});
