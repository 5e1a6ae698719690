import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startPostgresTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp } from '../../../../test/helpers/rest-calls.js';
import { POSTGRES_ENABLED } from '../../../../test/helpers/databases.js';

/**
 * Activities, timeline comments, statuses and currencies on PostgreSQL, which refuses what SQLite lets
 * pass (long varchar values, integers beyond 32 bits): the flows answer alike, and oversized input is a
 * 4xx or kept within the columns, never a 5xx (crm.activity.add, crm.timeline.comment.add,
 * crm.status.add, crm.currency.add reference pages).
 */
describe.skipIf(!POSTGRES_ENABLED)('activities, comments and directories on PostgreSQL', () => {
  let t: TestPortal;
  beforeAll(async () => {
    t = await startPostgresTestPortal();
  });
  afterAll(() => t?.close());

  const ok = async (method: string, params: Record<string, unknown> = {}) => {
    const res = await callApp(t, method, params);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.result;
  };

  test('add → get → list → update → delete', async () => {
    const id = await ok('crm.activity.add', {
      fields: {
        ...{ OWNER_TYPE_ID: 3, OWNER_ID: 1, TYPE_ID: 2, SUBJECT: 'On PostgreSQL', RESULT_VALUE: 1.5 },
        ...{ START_TIME: '2026-03-11T09:00:00+01:00', COMMUNICATIONS: [{ VALUE: '+1 555 0100' }] },
      },
    });
    const activity = await ok('crm.activity.get', { id });
    expect(activity).toMatchObject({ START_TIME: '2026-03-11T09:00:00+01:00', RESULT_VALUE: '1.5', SETTINGS: [] });
    const listed = await ok('crm.activity.list', {
      filter: { BINDINGS: [{ OWNER_TYPE_ID: 3, OWNER_ID: 1 }] },
      select: ['ID', 'COMMUNICATIONS'],
    });
    expect(listed).toContainEqual({ ID: String(id), COMMUNICATIONS: activity.COMMUNICATIONS });
    await ok('crm.activity.update', { id, fields: { SUBJECT: 'Changed' } });
    await ok('crm.activity.delete', { id });
    const comment = await ok('crm.timeline.comment.add', { fields: { ENTITY_ID: 1, ENTITY_TYPE: 'contact', COMMENT: 'On PostgreSQL' } });
    expect(await ok('crm.timeline.comment.get', { id: comment })).toMatchObject({ CREATED: '2026-03-10T11:00:00+01:00' });
    const status = await ok('crm.status.add', { fields: { ENTITY_ID: 'SOURCE', STATUS_ID: 'PG', NAME: 'PostgreSQL' } });
    await ok('crm.status.delete', { id: status });
    await ok('crm.currency.add', { fields: { CURRENCY: 'PGX', AMOUNT_CNT: 1, AMOUNT: 2 } });
    await ok('crm.currency.base.set', { id: 'PGX' });
    expect(await ok('crm.currency.base.get')).toBe('PGX');
    await ok('crm.currency.base.set', { id: 'USD' });
  });

  test('oversized text and integers are never a 5xx', async () => {
    const big = 'x'.repeat(5000);
    const calls: Array<[string, Record<string, unknown>]> = [
      [
        'crm.activity.add',
        {
          fields: {
            ...{ OWNER_TYPE_ID: 3, OWNER_ID: 1, TYPE_ID: 2, SUBJECT: big, PROVIDER_ID: big, PROVIDER_TYPE_ID: big, ORIGIN_ID: big },
            ...{
              COMMUNICATIONS: [{ VALUE: big }],
              PRIORITY: 1e15,
              NOTIFY_VALUE: -1e15,
              RESULT_VALUE: 1e308,
              ASSOCIATED_ENTITY_ID: '99999999999',
            },
          },
        },
      ],
      [
        'crm.activity.add',
        {
          fields: {
            ...{ OWNER_TYPE_ID: 1e12, OWNER_ID: 1e12, TYPE_ID: 1e12, SUBJECT: 'x', RESPONSIBLE_ID: 1e12 },
            COMMUNICATIONS: [{ VALUE: 'x', ENTITY_ID: 1e12, ENTITY_TYPE_ID: 1e12 }],
          },
        },
      ],
      ['crm.activity.update', { id: 1e12, fields: { SUBJECT: 'x' } }],
      ['crm.activity.list', { filter: { RESULT_VALUE: 1e300, ID: 1e15, BINDINGS: [{ OWNER_TYPE_ID: 3, OWNER_ID: 1e15 }] } }],
      ['crm.timeline.comment.add', { fields: { ENTITY_ID: 1e12, ENTITY_TYPE: big, COMMENT: big, AUTHOR_ID: 1e12 } }],
      ['crm.timeline.comment.add', { fields: { ENTITY_ID: 1, ENTITY_TYPE: 'contact', COMMENT: big, AUTHOR_ID: 1e12 } }],
      ['crm.timeline.comment.list', { filter: { ENTITY_ID: 1, ENTITY_TYPE: 'contact', ID: [1e15, 'x'], AUTHOR_ID: 1e15 }, start: 1e15 }],
      ['crm.timeline.comment.update', { id: 1e15, fields: { COMMENT: 'x' }, ownerTypeId: 1e15, ownerId: 1e15 }],
      ['crm.timeline.comment.get', { id: 1e15 }],
      ['crm.status.add', { fields: { ENTITY_ID: big, STATUS_ID: big, NAME: big } }],
      ['crm.status.add', { fields: { ENTITY_ID: 'SOURCE', STATUS_ID: big, NAME: big, SORT: 1e15, COLOR: big } }],
      ['crm.status.update', { id: 1e15, fields: { NAME: 'x', SORT: 1e15 } }],
      ['crm.status.delete', { id: 1e15 }],
      ['crm.status.get', { id: 1e15 }],
      ['crm.status.entity.items', { entityId: big }],
      [
        'crm.currency.add',
        {
          fields: {
            ...{ CURRENCY: 'ABC', AMOUNT_CNT: 1e15, AMOUNT: 1e308, SORT: 1e15 },
            LANG: { en: { FULL_NAME: big, FORMAT_STRING: big, DEC_POINT: big, THOUSANDS_SEP: big, DECIMALS: 1e15 } },
          },
        },
      ],
      ['crm.currency.update', { id: 'ABC', fields: { AMOUNT_CNT: 1e15, SORT: -1e15 } }],
      ['crm.currency.delete', { id: big }],
      ['crm.activity.type.add', { fields: { TYPE_ID: big, NAME: big } }],
    ];
    for (const [method, params] of calls) {
      const res = await callApp(t, method, params);
      expect(res.status, `${method}: ${JSON.stringify(res.body).slice(0, 300)}`).toBeLessThan(500);
    }
  });
});
