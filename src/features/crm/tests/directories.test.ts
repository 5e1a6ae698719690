import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, expectError, ok } from '../../../../test/helpers/rest-calls.js';
import { callIn, WIRE_STYLES, type WireStyle } from '../../../../test/helpers/wire-styles.js';

/**
 * Directories: crm.status.add, .update, .delete, .get, .entity.types, .entity.items (I15 and each
 * method's reference page); crm.currency.add, .update, .delete, .base.get, .base.set (I7, I8 and their
 * pages); every crm.enum.* method and crm.multifield.fields (I12 and their pages).
 */
let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
});
afterAll(() => t.close());

/** JSON with the demo app's token; form and query string through the demo webhook. */
const okIn = async (style: WireStyle, method: string, params: Record<string, unknown> = {}) => {
  const { status, body } = await callIn(t, style, method, params, style === 'json' ? { token: t.demo.app.accessToken } : 'webhook');
  expect(status, `${style} ${method}: ${JSON.stringify(body)}`).toBe(200);
  return body.result;
};

describe('crm.status.add → get → list → update → delete', () => {
  for (const style of WIRE_STYLES) {
    test(`in the ${style} style`, async () => {
      const id = await okIn(style, 'crm.status.add', {
        fields: { ENTITY_ID: 'SOURCE', STATUS_ID: `FAIR_${style}`, NAME: 'Trade fair', SORT: 55 },
      });
      expect(typeof id).toBe('number');
      const status = await okIn(style, 'crm.status.get', { id });
      expect(status).toEqual({
        ID: String(id),
        ENTITY_ID: 'SOURCE',
        STATUS_ID: `FAIR_${style}`,
        NAME: 'Trade fair',
        NAME_INIT: '',
        SORT: '55',
        SYSTEM: 'N',
        CATEGORY_ID: null,
        COLOR: null,
        SEMANTICS: null,
      });
      const listed = await okIn(style, 'crm.status.list', { filter: { ENTITY_ID: 'SOURCE' } });
      expect(listed).toContainEqual(status);
      expect(await okIn(style, 'crm.status.update', { id, fields: { NAME: 'Exhibition', SORT: 65, COLOR: '#112233' } })).toBe(true);
      expect(await okIn(style, 'crm.status.get', { id })).toMatchObject({ NAME: 'Exhibition', SORT: '65', COLOR: '#112233' });
      expect(await okIn(style, 'crm.status.delete', { id })).toBe(true);
      await expectError(t, 'crm.status.get', { id }, 400, '', 'Status is not found.');
    });
  }
});

describe('crm.status errors and rules', () => {
  test('add: required fields, fields not an object, unknown directory, no name, duplicate (crm.status.add)', async () => {
    await expectError(
      t,
      'crm.status.add',
      { fields: { NAME: 'x' } },
      400,
      '',
      'The field ENTITY_ID is required.<br>The field STATUS_ID is required.',
    );
    await expectError(t, 'crm.status.add', { fields: { STATUS_ID: 'X', NAME: 'x' } }, 400, '', 'The field ENTITY_ID is required.');
    await expectError(t, 'crm.status.add', { fields: { ENTITY_ID: 'SOURCE', NAME: 'x' } }, 400, '', 'The field STATUS_ID is required.');
    await expectError(t, 'crm.status.add', { fields: 'x' }, 400, '', "Parameter 'fields' must be array.");
    await expectError(
      t,
      'crm.status.add',
      { fields: { ENTITY_ID: 'NOPE', STATUS_ID: 'X', NAME: 'x' } },
      400,
      '',
      'Specified entity type is not supported.',
    );
    await expectError(t, 'crm.status.add', { fields: { ENTITY_ID: 'SOURCE', STATUS_ID: 'X' } }, 400, '', 'The field Title is required.');
    await expectError(
      t,
      'crm.status.add',
      { fields: { ENTITY_ID: 'SOURCE', STATUS_ID: 'CALL', NAME: 'x' } },
      400,
      'ERROR_CORE',
      'The specified status ID already exists.',
    );
    await expectError(
      t,
      'crm.status.add',
      { fields: { ENTITY_ID: 'DEAL_STAGE', STATUS_ID: 'LATE', NAME: 'Too late', SORT: 1000 } },
      400,
      '',
      'Cannot create more stages after the final stage because the final successful stage already exists. Try using sort order values less than that of the final stage.',
    );
  });

  test('a deal stage with its semantics and colour; the stage list shows EXTRA', async () => {
    const id = await ok(t, 'crm.status.add', {
      fields: { ENTITY_ID: 'DEAL_STAGE', STATUS_ID: 'NEGOTIATION', NAME: 'Negotiation', SORT: 35, COLOR: '#AABBCC' },
    });
    const stages = await ok(t, 'crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE' } });
    expect(stages.find((s: { ID: string }) => s.ID === String(id))).toMatchObject({
      STATUS_ID: 'NEGOTIATION',
      SEMANTICS: null,
      EXTRA: { SEMANTICS: 'process', COLOR: '#AABBCC' },
    });
    const lost = await ok(t, 'crm.status.add', {
      fields: { ENTITY_ID: 'DEAL_STAGE', STATUS_ID: 'NO_BUDGET', NAME: 'No budget', SORT: 90, SEMANTICS: 'F' },
    });
    expect((await ok(t, 'crm.status.get', { id: lost })).SEMANTICS).toBe('F');
  });

  test('delete: system entries need params[FORCED]=Y; a lead stage in use stays; bad and unknown ids (crm.status.delete)', async () => {
    const [junk] = (await ok(t, 'crm.status.list', { filter: { ENTITY_ID: 'STATUS' } })).filter(
      (s: { STATUS_ID: string }) => s.STATUS_ID === 'JUNK',
    );
    await expectError(
      t,
      'crm.status.delete',
      { id: junk.ID },
      400,
      '',
      'CRM System Status can be deleted only if parameter FORCED is specified and equal to "Y".',
    );
    const stage = await ok(t, 'crm.status.add', {
      fields: { ENTITY_ID: 'STATUS', STATUS_ID: 'CALLED_BACK', NAME: 'Called back', SORT: 25 },
    });
    const lead = await ok(t, 'crm.lead.add', { fields: { TITLE: 'Staged', STATUS_ID: 'CALLED_BACK' } });
    await expectError(t, 'crm.status.delete', { id: stage }, 400, '', 'There are active items in this status.');
    await ok(t, 'crm.lead.update', { id: lead, fields: { STATUS_ID: 'NEW' } });
    expect(await ok(t, 'crm.status.delete', { id: stage })).toBe(true);
    expect(await ok(t, 'crm.status.delete', { id: junk.ID, params: { FORCED: 'Y' } })).toBe(true);
    await expectError(t, 'crm.status.delete', { id: 'x' }, 400, '', 'Invalid identifier.');
    await expectError(t, 'crm.status.delete', { id: 999_999 }, 400, '', 'Status is not found.');
    await expectError(t, 'crm.status.update', { id: 'x', fields: { NAME: 'y' } }, 400, '', 'Invalid identifier.');
    await expectError(t, 'crm.status.update', { id: 999_999, fields: { NAME: 'y' } }, 400, '', 'Status is not found.');
  });

  test('crm.status.list: equality filters and order on any field (crm.status.list)', async () => {
    const bySort = await ok(t, 'crm.status.list', { filter: { ENTITY_ID: 'SOURCE', SYSTEM: 'N' }, order: { SORT: 'DESC' } });
    const sorts = bySort.map((s: { SORT: string }) => Number(s.SORT));
    expect(sorts).toEqual([...sorts].sort((a, b) => b - a));
    expect(await ok(t, 'crm.status.list', { filter: { ENTITY_ID: 'STATUS', STATUS_ID: ['NEW', 'IN_PROCESS'] } })).toHaveLength(2);
  });

  test('crm.status.entity.types and crm.status.entity.items', async () => {
    const types = await ok(t, 'crm.status.entity.types');
    expect(types.map((x: { ID: string }) => x.ID)).toEqual(
      expect.arrayContaining([
        'STATUS',
        'SOURCE',
        'CONTACT_TYPE',
        'COMPANY_TYPE',
        'EMPLOYEES',
        'INDUSTRY',
        'DEAL_TYPE',
        'DEAL_STAGE',
        'HONORIFIC',
      ]),
    );
    expect(types.find((x: { ID: string }) => x.ID === 'STATUS')).toEqual({
      ID: 'STATUS',
      NAME: 'Lead stages',
      SEMANTIC_INFO: { START_FIELD: 'NEW', FINAL_SUCCESS_FIELD: 'CONVERTED', FINAL_UNSUCCESS_FIELD: 'JUNK', FINAL_SORT: 0 },
      ENTITY_TYPE_ID: 1,
    });
    expect(types.find((x: { ID: string }) => x.ID === 'DEAL_STAGE')).toMatchObject({ ENTITY_TYPE_ID: 2, CATEGORY_ID: 0 });
    // Every directory it names has entries on a fresh portal.
    for (const type of types) expect((await ok(t, 'crm.status.entity.items', { entityId: type.ID })).length, type.ID).toBeGreaterThan(0);
    const sources = await ok(t, 'crm.status.entity.items', { entityId: 'SOURCE' });
    expect(sources[0]).toEqual({ NAME: 'Call', SORT: 10, STATUS_ID: 'CALL' });
    await expectError(t, 'crm.status.entity.items', {}, 400, '', 'The parameter entityId is not defined or invalid.');
    await expectError(t, 'crm.status.entity.items', { entityId: 'NOPE' }, 400, '', 'The parameter entityId is not defined or invalid.');
  });
});

describe('currencies: crm.currency.add|update|delete|base.get|base.set', () => {
  test('add → get → list → update → delete; the base currency rules', async () => {
    expect(await ok(t, 'crm.currency.base.get')).toBe('USD');
    expect(
      await ok(t, 'crm.currency.add', {
        fields: {
          CURRENCY: 'cny',
          AMOUNT_CNT: 10,
          AMOUNT: 1.38,
          SORT: 700,
          LANG: { en: { FULL_NAME: 'Yuan', FORMAT_STRING: '# ¥', DECIMALS: 2 } },
        },
      }),
    ).toBe('CNY');
    expect(await ok(t, 'crm.currency.get', { id: 'CNY' })).toMatchObject({
      CURRENCY: 'CNY',
      AMOUNT_CNT: '10',
      AMOUNT: '1.3800',
      SORT: '700',
      BASE: 'N',
      FULL_NAME: 'Yuan',
      FORMAT_STRING: '# ¥',
    });
    expect((await ok(t, 'crm.currency.list')).map((c: { CURRENCY: string }) => c.CURRENCY)).toContain('CNY');
    expect(await ok(t, 'crm.currency.update', { id: 'CNY', fields: { AMOUNT: 1.4, SORT: 710 } })).toBe(true);
    expect(await ok(t, 'crm.currency.get', { id: 'CNY' })).toMatchObject({ AMOUNT: '1.4000', SORT: '710' });
    await expectError(
      t,
      'crm.currency.add',
      { fields: { CURRENCY: 'CNY', AMOUNT_CNT: 1, AMOUNT: 1 } },
      400,
      'ERROR_CORE',
      'Currency CNY already exists',
    );
    await expectError(t, 'crm.currency.add', { fields: { AMOUNT_CNT: 1, AMOUNT: 1 } }, 400, 'ERROR_CORE', 'Undefined array key "CURRENCY"');
    await expectError(
      t,
      'crm.currency.add',
      { fields: { CURRENCY: 'JPY', AMOUNT: 1 } },
      400,
      'ERROR_CORE',
      'Undefined array key "AMOUNT_CNT"',
    );
    await expectError(
      t,
      'crm.currency.add',
      { fields: { CURRENCY: 'JPY', AMOUNT_CNT: 1 } },
      400,
      'ERROR_CORE',
      'Undefined array key "AMOUNT"',
    );
    // The base currency cannot be deleted; another becomes base with base.set or BASE=Y.
    await expectError(t, 'crm.currency.delete', { id: 'USD' }, 400, '', 'Cannot delete base currency.');
    await expectError(t, 'crm.currency.delete', { id: 'DOLLARS' }, 400, '', 'Currency identifier must consist of 3 characters');
    await expectError(t, 'crm.currency.delete', { id: 'XXX' }, 400, '', 'Not found');
    expect(await ok(t, 'crm.currency.base.set', { id: 'EUR' })).toBe(true);
    expect(await ok(t, 'crm.currency.base.get')).toBe('EUR');
    expect((await ok(t, 'crm.currency.get', { id: 'USD' })).BASE).toBe('N');
    expect(await ok(t, 'crm.currency.update', { id: 'CNY', fields: { BASE: 'Y' } })).toBe(true);
    expect(await ok(t, 'crm.currency.base.get')).toBe('CNY');
    await expectError(t, 'crm.currency.delete', { id: 'CNY' }, 400, '', 'Cannot delete base currency.');
    await ok(t, 'crm.currency.base.set', { id: 'USD' });
    expect(await ok(t, 'crm.currency.delete', { id: 'CNY' })).toBe(true);
    await expectError(t, 'crm.currency.get', { id: 'CNY' }, 400, '', 'Not found');
    const bases = (await ok(t, 'crm.currency.list')).filter((c: { BASE: string }) => c.BASE === 'Y');
    expect(bases.map((c: { CURRENCY: string }) => c.CURRENCY)).toEqual(['USD']);
  });
});

describe('enumerations (I12) and crm.multifield.fields', () => {
  test('every crm.enum.* method answers its list; items carry ID, NAME, SYMBOL_CODE, SYMBOL_CODE_SHORT', async () => {
    const names = async (method: string) => (await ok(t, method)).map((e: { ID: number; NAME: string }) => `${e.ID}:${e.NAME}`);
    expect(await names('crm.enum.activitytype')).toEqual(['0:', '1:Meeting', '2:Call', '3:Task', '4:E-mail', '5:Action', '6:User Action']);
    expect(await names('crm.enum.activitydirection')).toEqual(['0:', '1:Incoming', '2:Outgoing']);
    expect(await names('crm.enum.activitypriority')).toEqual(['0:', '1:low', '2:medium', '3:high']);
    expect(await names('crm.enum.activitystatus')).toEqual(['0:', '1:Pending', '2:Completed', '3:Automatically Completed']);
    expect(await names('crm.enum.activitynotifytype')).toEqual(['0:', '1:min.', '2:h.', '3:d.']);
    expect(await names('crm.enum.contenttype')).toEqual(['0:', '1:Plain text', '2:bbCode', '3:HTML']);
    expect(await names('crm.enum.settings.mode')).toEqual(['1:Classic CRM', '2:Simple CRM']);
    expect((await names('crm.enum.addresstype')).length).toBe(6);
    expect(await ok(t, 'crm.enum.ownertype')).toContainEqual({ ID: 2, NAME: 'Deal', SYMBOL_CODE: 'DEAL', SYMBOL_CODE_SHORT: 'D' });
    expect((await ok(t, 'crm.enum.contenttype'))[1]).toEqual({ ID: 1, NAME: 'Plain text', SYMBOL_CODE: null, SYMBOL_CODE_SHORT: null });
    expect(await ok(t, 'crm.enum.getorderownertypes')).toEqual([{ attribute: 'DYN', code: 'DEAL', id: 2, name: 'Deal' }]);
    expect(Object.keys(await ok(t, 'crm.enum.fields'))).toEqual(['ID', 'NAME', 'SYMBOL_CODE', 'SYMBOL_CODE_SHORT']);
    expect(Object.keys(await ok(t, 'crm.multifield.fields'))).toEqual(['ID', 'TYPE_ID', 'VALUE', 'VALUE_TYPE']);
  });

  test('method.get knows the new methods', async () => {
    for (const name of [
      'crm.status.entity.types',
      'crm.timeline.comment.add',
      'crm.activity.type.list',
      'crm.currency.base.get',
      'crm.enum.fields',
    ]) {
      const res = await callApp(t, 'method.get', { name });
      expect(res.body.result, name).toMatchObject({ isExisting: true, isAvailable: true });
    }
  });
});
