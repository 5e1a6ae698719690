import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, expectError, ok } from '../../../../test/helpers/rest-calls.js';
import { callIn } from '../../../../test/helpers/wire-styles.js';

/** crm.activity.type.add, crm.activity.type.list, crm.activity.type.delete (each against its reference page). */
let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
});
afterAll(() => t.close());

describe('application activity types', () => {
  test('add → list → delete; TYPE_ID required and unique per application', async () => {
    expect(await ok(t, 'crm.activity.type.list')).toEqual([]);
    expect(await ok(t, 'crm.activity.type.add', { fields: { TYPE_ID: '1C', NAME: '1C case', IS_CONFIGURABLE_TYPE: 'Y' } })).toBe(true);
    expect(await ok(t, 'crm.activity.type.add', { fields: { TYPE_ID: 'PBX' } })).toBe(true);
    expect(await ok(t, 'crm.activity.type.list')).toEqual([
      { TYPE_ID: '1C', NAME: '1C case', IS_CONFIGURABLE_TYPE: 'Y', ICON_ID: '0' },
      { TYPE_ID: 'PBX', NAME: '', IS_CONFIGURABLE_TYPE: 'N', ICON_ID: '0' },
    ]);
    await expectError(
      t,
      'crm.activity.type.add',
      { fields: { NAME: 'x' } },
      400,
      'INVALID_ARG_VALUE',
      'The required field TYPE_ID is not filled',
    );
    await expectError(
      t,
      'crm.activity.type.add',
      { fields: { TYPE_ID: '1C' } },
      400,
      'INVALID_ARG_VALUE',
      'A custom activity type with the specified TYPE_ID already exists',
    );
    expect(await ok(t, 'crm.activity.type.delete', { TYPE_ID: '1C' })).toBe(true);
    await expectError(
      t,
      'crm.activity.type.delete',
      { TYPE_ID: '1C' },
      400,
      'INVALID_ARG_VALUE',
      'Custom activity type with the specified TYPE_ID does not exist',
    );
    expect((await ok(t, 'crm.activity.type.list')).map((x: { TYPE_ID: string }) => x.TYPE_ID)).toEqual(['PBX']);
  });

  test('a webhook is refused with "Access denied! Application context required"; an employee with "Admin permissions required"', async () => {
    for (const style of ['form', 'query'] as const) {
      const res = await callIn(t, style, 'crm.activity.type.list', {}, 'webhook');
      expect(res.body).toEqual({ error: 'ACCESS_DENIED', error_description: 'Access denied! Application context required' });
      expect(res.status).toBe(400);
    }
    const employee = await t.portal.services.portal.issueTokens(t.demo.app.id, 2);
    const res = await callApp(t, 'crm.activity.type.add', { fields: { TYPE_ID: 'X' } }, employee.accessToken);
    expect(res.body).toEqual({ error: 'ACCESS_DENIED', error_description: 'Admin permissions required' });
  });
});
