import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, ok } from '../../../../test/helpers/rest-calls.js';

/**
 * The binding methods, each against its reference page: crm.contact.company.add|delete|fields|
 * items.get|items.set|items.delete, crm.company.contact.* and crm.deal.contact.* (same six).
 * crm.lead.contact.* has no page of its own: it answers as crm.deal.contact.* does.
 */
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

const FAMILIES = [
  { prefix: 'crm.contact.company', owner: 'crm.contact', item: 'crm.company', key: 'COMPANY_ID', title: 'Company' },
  { prefix: 'crm.company.contact', owner: 'crm.company', item: 'crm.contact', key: 'CONTACT_ID', title: 'Contact' },
  { prefix: 'crm.deal.contact', owner: 'crm.deal', item: 'crm.contact', key: 'CONTACT_ID', title: 'Contact' },
  { prefix: 'crm.lead.contact', owner: 'crm.lead', item: 'crm.contact', key: 'CONTACT_ID', title: 'Contact' },
];

const add = (method: string) => ok(t, `${method}.add`, { fields: { TITLE: 'Bound', NAME: 'Bound' } }) as Promise<number>;

describe.each(FAMILIES)('$prefix.*', ({ prefix, owner, item, key, title }) => {
  test(`${prefix}.fields: SORT, IS_PRIMARY, ${key}`, async () => {
    const flags = { isReadOnly: false, isImmutable: false, isMultiple: false, isDynamic: false };
    expect(await ok(t, `${prefix}.fields`)).toEqual({
      SORT: { type: 'integer', isRequired: false, ...flags, title: 'Sorting' },
      IS_PRIMARY: { type: 'char', isRequired: false, ...flags, title: 'Primary' },
      [key]: { type: 'integer', isRequired: true, ...flags, title },
    });
  });

  test(`${prefix}.add, items.get, delete: the first is primary, sorts by 10; a second add of the same answers false`, async () => {
    const id = await add(owner);
    const [a, b, c] = [await add(item), await add(item), await add(item)];
    expect(await ok(t, `${prefix}.add`, { id, fields: { [key]: a } })).toBe(true);
    expect(await ok(t, `${prefix}.add`, { id, fields: { [key]: b } })).toBe(true);
    expect(await ok(t, `${prefix}.add`, { id, fields: { [key]: a } })).toBe(false);
    expect(await ok(t, `${prefix}.add`, { id, fields: { [key]: c, IS_PRIMARY: 'Y', SORT: 100 } })).toBe(true);
    expect(await ok(t, `${prefix}.items.get`, { id })).toEqual([
      { [key]: a, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'N' },
      { [key]: b, SORT: 20, ROLE_ID: 0, IS_PRIMARY: 'N' },
      { [key]: c, SORT: 100, ROLE_ID: 0, IS_PRIMARY: 'Y' },
    ]);
    expect(await ok(t, `${prefix}.delete`, { id, fields: { [key]: c } })).toBe(true);
    // The primary one gone, the first remaining becomes primary.
    expect(await ok(t, `${prefix}.items.get`, { id })).toEqual([
      { [key]: a, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' },
      { [key]: b, SORT: 20, ROLE_ID: 0, IS_PRIMARY: 'N' },
    ]);
  });

  test(`${prefix}.items.set replaces, items.delete clears`, async () => {
    const id = await add(owner);
    const [a, b, c] = [await add(item), await add(item), await add(item)];
    await ok(t, `${prefix}.add`, { id, fields: { [key]: a } });
    expect(await ok(t, `${prefix}.items.set`, { id, items: [{ [key]: b }, { [key]: c, IS_PRIMARY: 'Y' }] })).toBe(true);
    expect(await ok(t, `${prefix}.items.get`, { id })).toEqual([
      { [key]: b, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'N' },
      { [key]: c, SORT: 20, ROLE_ID: 0, IS_PRIMARY: 'Y' },
    ]);
    expect(await ok(t, `${prefix}.items.delete`, { id })).toBe(true);
    expect(await ok(t, `${prefix}.items.get`, { id })).toEqual([]);
  });

  test(`${prefix}: the documented errors`, async () => {
    const id = await add(owner);
    await crmError(`${prefix}.add`, { id: 0, fields: { [key]: 1 } }, "The parameter 'ownerEntityID' is invalid or not defined.");
    await crmError(`${prefix}.add`, { id, fields: 'x' }, "The parameter 'fields' must be array.");
    await crmError(`${prefix}.add`, { id: 987_654, fields: { [key]: 1 } }, 'Not found');
    await crmError(`${prefix}.add`, { id, fields: { [key]: 0 } }, "The parameter 'fields' is not valid.");
    await crmError(`${prefix}.delete`, { id, fields: { SORT: 1 } }, "The parameter 'fields' is not valid.");
    await crmError(`${prefix}.items.get`, { id: -1 }, 'The parameter ownerEntityID is invalid or not defined.');
    await crmError(`${prefix}.items.set`, { id, items: 'x' }, 'The parameter items must be array.');
    await crmError(`${prefix}.items.set`, { id: 987_654, items: [] }, 'Not found');
    await crmError(`${prefix}.items.delete`, {}, 'The parameter ownerEntityID is invalid or not defined.');
  });
});

describe('the two sides of contact ↔ company, and deletes', () => {
  test('a contact bound to companies is seen from each company; COMPANY_ID is the primary one', async () => {
    const contact = await add('crm.contact');
    const [x, y] = [await add('crm.company'), await add('crm.company')];
    await ok(t, 'crm.contact.company.items.set', { id: contact, items: [{ COMPANY_ID: x }, { COMPANY_ID: y, IS_PRIMARY: 'Y' }] });
    expect((await ok(t, 'crm.contact.get', { id: contact })).COMPANY_ID).toBe(String(y));
    expect(await ok(t, 'crm.company.contact.items.get', { id: x })).toEqual([
      { CONTACT_ID: contact, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' },
    ]);
    const listed = await ok(t, 'crm.contact.list', { filter: { ID: contact }, select: ['ID', 'COMPANY_ID', 'COMPANY_IDS'] });
    expect(listed).toEqual([{ ID: String(contact), COMPANY_ID: String(y), COMPANY_IDS: [String(x), String(y)] }]);
    const byCompany = await ok(t, 'crm.company.list', { filter: { CONTACT_ID: contact }, select: ['ID', 'CONTACT_ID'] });
    expect(byCompany).toEqual([
      { ID: String(x), CONTACT_ID: [String(contact)] },
      { ID: String(y), CONTACT_ID: [String(contact)] },
    ]);
  });

  test('crm.company.delete removes its bindings: the contact falls back to its other company', async () => {
    const contact = await add('crm.contact');
    const [x, y] = [await add('crm.company'), await add('crm.company')];
    await ok(t, 'crm.contact.update', { id: contact, fields: { COMPANY_IDS: [x, y] } });
    expect((await ok(t, 'crm.contact.get', { id: contact })).COMPANY_ID).toBe(String(x));
    const deal = await ok(t, 'crm.deal.add', { fields: { TITLE: 'On company', COMPANY_ID: x } });
    await ok(t, 'crm.company.delete', { id: x });
    expect((await ok(t, 'crm.contact.get', { id: contact })).COMPANY_ID).toBe(String(y));
    expect(await ok(t, 'crm.contact.company.items.get', { id: contact })).toEqual([
      { COMPANY_ID: y, SORT: 20, ROLE_ID: 0, IS_PRIMARY: 'Y' },
    ]);
    expect((await ok(t, 'crm.deal.get', { id: deal })).COMPANY_ID).toBeNull();
  });

  test('crm.deal.update with CONTACT_ID emptied unbinds every contact; COMPANY_ID of a contact likewise', async () => {
    const contact = await add('crm.contact');
    const company = await add('crm.company');
    const deal = await ok(t, 'crm.deal.add', { fields: { TITLE: 'Unbind', CONTACT_ID: contact } });
    expect(await ok(t, 'crm.deal.contact.items.get', { id: deal })).toEqual([
      { CONTACT_ID: contact, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' },
    ]);
    await ok(t, 'crm.deal.update', { id: deal, fields: { CONTACT_ID: 0 } });
    expect(await ok(t, 'crm.deal.contact.items.get', { id: deal })).toEqual([]);
    expect((await ok(t, 'crm.deal.get', { id: deal })).CONTACT_ID).toBeNull();
    await ok(t, 'crm.contact.update', { id: contact, fields: { COMPANY_ID: company } });
    expect(await ok(t, 'crm.company.contact.items.get', { id: company })).toEqual([
      { CONTACT_ID: contact, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' },
    ]);
    await ok(t, 'crm.contact.update', { id: contact, fields: { COMPANY_ID: '' } });
    expect(await ok(t, 'crm.company.contact.items.get', { id: company })).toEqual([]);
  });

  test('crm.lead.delete and crm.contact.delete remove their lead ↔ contact bindings', async () => {
    const lead = await add('crm.lead');
    const contact = await add('crm.contact');
    await ok(t, 'crm.lead.contact.add', { id: lead, fields: { CONTACT_ID: contact } });
    expect((await ok(t, 'crm.lead.get', { id: lead })).CONTACT_ID).toBe(String(contact));
    await ok(t, 'crm.contact.delete', { id: contact });
    expect(await ok(t, 'crm.lead.contact.items.get', { id: lead })).toEqual([]);
    expect((await ok(t, 'crm.lead.get', { id: lead })).CONTACT_ID).toBeNull();
    await ok(t, 'crm.lead.delete', { id: lead });
    await crmError('crm.lead.contact.items.get', { id: lead }, 'Not found');
  });
});
