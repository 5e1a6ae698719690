import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POSTGRES_ENABLED } from '../../../../test/helpers/databases.js';
import { startPostgresTestPortal, startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, ok } from '../../../../test/helpers/rest-calls.js';

/** crm.deal.add|get|list|update|delete|fields (their reference pages): pipeline, stages from crm.status, defaults. */
let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
});
afterAll(() => t.close());

describe('deals', () => {
  test('a fresh portal has a pipeline with stages (crm.status DEAL_STAGE) and demo deals on the demo contacts', async () => {
    const stages = await ok(t, 'crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE' } });
    expect(stages.map((s: { STATUS_ID: string }) => s.STATUS_ID)).toEqual(expect.arrayContaining(['NEW', 'PREPARATION', 'WON', 'LOSE']));
    const deals = await callApp(t, 'crm.deal.list', { select: ['ID', 'TITLE', 'STAGE_ID', 'CONTACT_ID', 'COMPANY_ID', 'CONTACT_IDS'] });
    expect(deals.body.total).toBeGreaterThanOrEqual(3);
    const rollout = deals.body.result.find((d: { TITLE: string }) => d.TITLE === 'Northwind: PBX rollout');
    expect(rollout).toMatchObject({ STAGE_ID: 'PREPARATION', CONTACT_ID: '1', COMPANY_ID: '1', CONTACT_IDS: ['1'] });
    for (const method of ['crm.lead.list', 'crm.contact.list', 'crm.company.list']) {
      expect((await ok(t, method)).length, method).toBeGreaterThan(0);
    }
  });

  test('crm.deal.add: the documented defaults', async () => {
    const id = await ok(t, 'crm.deal.add', { fields: {} });
    const deal = await ok(t, 'crm.deal.get', { id });
    expect(deal).toMatchObject({
      ID: String(id),
      TITLE: `Deal #${id}`,
      TYPE_ID: 'SALE',
      CATEGORY_ID: '0',
      STAGE_ID: 'NEW',
      STAGE_SEMANTIC_ID: 'P',
      IS_NEW: 'Y',
      IS_RECURRING: 'N',
      IS_RETURN_CUSTOMER: 'N',
      IS_REPEATED_APPROACH: 'N',
      PROBABILITY: null,
      CURRENCY_ID: 'USD',
      OPPORTUNITY: '0.00',
      IS_MANUAL_OPPORTUNITY: 'N',
      TAX_VALUE: '0.00',
      COMPANY_ID: null,
      CONTACT_ID: null,
      QUOTE_ID: null,
      BEGINDATE: '2026-03-10T00:00:00+01:00',
      CLOSEDATE: '2026-03-17T00:00:00+01:00',
      OPENED: 'Y',
      CLOSED: 'N',
      ASSIGNED_BY_ID: '1',
      CREATED_BY_ID: '1',
      MODIFY_BY_ID: '1',
      MOVED_BY_ID: '1',
      DATE_CREATE: '2026-03-10T11:00:00+01:00',
      SOURCE_ID: 'CALL',
      LEAD_ID: null,
    });
    // Every field of crm.deal.fields is a key of the answer.
    const fields = Object.keys(await ok(t, 'crm.deal.fields')).filter((name) => name !== 'CONTACT_IDS');
    expect(Object.keys(deal)).toEqual(fields);
  });

  test('stages: a final stage closes the deal with its semantics; the mover and the time are kept', async () => {
    const id = await ok(t, 'crm.deal.add', { fields: { TITLE: 'Stage walk', STAGE_ID: 'PREPARATION' } });
    expect(await ok(t, 'crm.deal.get', { id })).toMatchObject({ IS_NEW: 'N', STAGE_SEMANTIC_ID: 'P', CLOSED: 'N' });
    t.clock.advanceSeconds(120);
    const employee = await t.portal.services.portal.issueTokens(t.demo.app.id, 2);
    const res = await callApp(t, 'crm.deal.update', { id, fields: { STAGE_ID: 'WON' } }, employee.accessToken);
    expect(res.body.result).toBe(true);
    expect(await ok(t, 'crm.deal.get', { id })).toMatchObject({
      STAGE_SEMANTIC_ID: 'S',
      CLOSED: 'Y',
      MOVED_BY_ID: '2',
      MODIFY_BY_ID: '2',
      MOVED_TIME: '2026-03-10T11:02:00+01:00',
    });
    await ok(t, 'crm.deal.update', { id, fields: { STAGE_ID: 'LOSE' } });
    expect((await ok(t, 'crm.deal.get', { id })).STAGE_SEMANTIC_ID).toBe('F');
    expect(await ok(t, 'crm.deal.list', { filter: { STAGE_SEMANTIC_ID: 'F', ID: id }, select: ['ID', 'STAGE_ID'] })).toEqual([
      { ID: String(id), STAGE_ID: 'LOSE' },
    ]);
  });

  test('CATEGORY_ID is immutable: update keeps the deal in its pipeline', async () => {
    const id = await ok(t, 'crm.deal.add', { fields: { TITLE: 'Pipeline', CATEGORY_ID: 0 } });
    await ok(t, 'crm.deal.update', { id, fields: { CATEGORY_ID: 5, TITLE: 'Pipeline 2' } });
    expect(await ok(t, 'crm.deal.get', { id })).toMatchObject({ CATEGORY_ID: '0', TITLE: 'Pipeline 2' });
  });

  test('CONTACT_IDS binds contacts, the first primary; CONTACT_ID (deprecated) names the primary one', async () => {
    const c1 = await ok(t, 'crm.contact.add', { fields: { NAME: 'One' } });
    const c2 = await ok(t, 'crm.contact.add', { fields: { NAME: 'Two' } });
    const id = await ok(t, 'crm.deal.add', { fields: { TITLE: 'Contacts', CONTACT_IDS: [c1, c2] } });
    expect((await ok(t, 'crm.deal.get', { id })).CONTACT_ID).toBe(String(c1));
    await ok(t, 'crm.deal.update', { id, fields: { CONTACT_ID: c2 } });
    expect((await ok(t, 'crm.deal.get', { id })).CONTACT_ID).toBe(String(c2));
    const byContact = await ok(t, 'crm.deal.list', { filter: { CONTACT_IDS: c1 }, select: ['ID', 'CONTACT_IDS'] });
    expect(byContact).toEqual([{ ID: String(id), CONTACT_IDS: [String(c1), String(c2)] }]);
    // Deleting a contact removes it from the deal; the other becomes primary.
    await ok(t, 'crm.contact.delete', { id: c2 });
    expect((await ok(t, 'crm.deal.get', { id })).CONTACT_ID).toBe(String(c1));
    expect(await ok(t, 'crm.deal.contact.items.get', { id })).toEqual([{ CONTACT_ID: c1, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' }]);
  });

  test('crm.deal.delete removes the deal, its bindings and its activities', async () => {
    const contact = await ok(t, 'crm.contact.add', { fields: { NAME: 'Kept' } });
    const id = await ok(t, 'crm.deal.add', { fields: { TITLE: 'To delete', CONTACT_IDS: [contact] } });
    await t.portal.storage.crmActivities.insert({
      owner_type_id: 2,
      owner_id: id,
      type_id: 2,
      provider_id: 'VOXIMPLANT_CALL',
      provider_type_id: 'CALL',
      subject: 'Call',
      direction: 1,
      start_time: 0,
      end_time: 0,
      deadline: 0,
      responsible_id: 1,
      author_id: 1,
      editor_id: 1,
      completed: 'Y',
      status: 2,
      priority: 2,
      description: '',
      description_type: 1,
      origin_id: '',
      communication_type: 'PHONE',
      communication_value: '1',
      created: 0,
      last_updated: 0,
    });
    expect(await ok(t, 'crm.deal.delete', { id })).toBe(true);
    expect(
      await t.portal.database.db
        .selectFrom('crm_bindings')
        .selectAll()
        .where('owner_id', '=', id)
        .where('kind', '=', 'DEAL_CONTACT')
        .execute(),
    ).toEqual([]);
    expect(
      await t.portal.database.db
        .selectFrom('crm_activities')
        .selectAll()
        .where('owner_type_id', '=', 2)
        .where('owner_id', '=', id)
        .execute(),
    ).toEqual([]);
    expect((await ok(t, 'crm.contact.get', { id: contact })).NAME).toBe('Kept');
  });
});

describe.runIf(POSTGRES_ENABLED)('the CRM entities on PostgreSQL (crm.deal.*, crm.*.delete, the binding methods)', () => {
  let pg: TestPortal;
  beforeAll(async () => {
    pg = await startPostgresTestPortal();
  });
  afterAll(() => pg?.close());

  test('filters and order on dates, amounts, flags and bindings; deletes clear every reference', async () => {
    const contact = await ok(pg, 'crm.contact.add', { fields: { NAME: 'Pg', EMAIL: [{ VALUE: 'pg@example.com' }] } });
    const company = await ok(pg, 'crm.company.add', { fields: { TITLE: 'Pg Co', REVENUE: 10.5 } });
    const lead = await ok(pg, 'crm.lead.add', { fields: { TITLE: 'Pg lead', CONTACT_IDS: [contact], COMPANY_ID: company } });
    expect((await ok(pg, 'crm.lead.get', { id: lead })).IS_RETURN_CUSTOMER).toBe('Y');
    const small = await ok(pg, 'crm.deal.add', {
      fields: { TITLE: 'Small', OPPORTUNITY: 10.25, BEGINDATE: '2026-01-05', CONTACT_IDS: [contact] },
    });
    const big = await ok(pg, 'crm.deal.add', {
      fields: { TITLE: 'Big', OPPORTUNITY: 99999.99, BEGINDATE: '2026-02-05', COMPANY_ID: company },
    });
    const ids = (rows: Array<{ ID: string }>) => rows.map((r) => Number(r.ID));
    expect(ids(await ok(pg, 'crm.deal.list', { filter: { '>OPPORTUNITY': 10.3, '@ID': [small, big] }, select: ['ID'] }))).toEqual([big]);
    expect(ids(await ok(pg, 'crm.deal.list', { filter: { '<BEGINDATE': '2026-02-01', '@ID': [small, big] }, select: ['ID'] }))).toEqual([
      small,
    ]);
    expect(ids(await ok(pg, 'crm.deal.list', { filter: { '@ID': [small, big] }, order: { OPPORTUNITY: 'DESC' }, select: ['ID'] }))).toEqual(
      [big, small],
    );
    expect(ids(await ok(pg, 'crm.deal.list', { filter: { CONTACT_IDS: [contact] }, select: ['ID'] }))).toEqual([small]);
    expect(ids(await ok(pg, 'crm.contact.list', { filter: { HAS_EMAIL: 'Y' }, select: ['ID'] }))).toContain(contact);
    expect(await ok(pg, 'crm.company.contact.items.set', { id: company, items: [{ CONTACT_ID: contact }] })).toBe(true);
    expect((await ok(pg, 'crm.contact.get', { id: contact })).COMPANY_ID).toBe(String(company));

    await ok(pg, 'crm.company.delete', { id: company });
    expect((await ok(pg, 'crm.deal.get', { id: big })).COMPANY_ID).toBeNull();
    expect((await ok(pg, 'crm.lead.get', { id: lead })).COMPANY_ID).toBeNull();
    expect((await ok(pg, 'crm.contact.get', { id: contact })).COMPANY_ID).toBeNull();
    await ok(pg, 'crm.contact.delete', { id: contact });
    expect((await ok(pg, 'crm.deal.get', { id: small })).CONTACT_ID).toBeNull();
    await ok(pg, 'crm.lead.delete', { id: lead });
    await ok(pg, 'crm.deal.delete', { id: small });
    expect(ids(await ok(pg, 'crm.deal.list', { filter: { '@ID': [small, big] }, select: ['ID'] }))).toEqual([big]);
  });
});
