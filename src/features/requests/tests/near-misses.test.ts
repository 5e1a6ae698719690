import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, ok } from '../../../../test/helpers/rest-calls.js';
import { collectingNearMisses, NearMissNotes, noteCoercion, noteNearMiss, readingWith, trackReads } from '../../../kernel/near-misses.js';
import { maskParams } from '../../../kernel/params/masked-params.js';
import type { JournalEntry } from '../request-journal.js';

let t: TestPortal;
beforeEach(async () => {
  t = await startTestPortal();
});
afterEach(() => t.close());

async function lastEntry(): Promise<JournalEntry> {
  const res = await t.portal.app.inject({ method: 'GET', url: '/_extcall/requests?limit=1' });
  return (res.json() as { requests: JournalEntry[] }).requests[0]!;
}

/** The answer without its `time` block, which differs from call to call. */
function withoutTime(body: Record<string, unknown>): string {
  const { time: _time, ...rest } = body;
  return JSON.stringify(rest);
}

describe('near misses: what the portal did not use as sent', () => {
  test('a parameter the method never reads is an ignored parameter; the answer is the same as without it', async () => {
    const plain = await callApp(t, 'im.notify.get', { LIMIT: 5 });
    const extra = await callApp(t, 'im.notify.get', { LIMIT: 5, PAGE_SIZE: 10, bx24_sdk_ver: '2.2.0' });
    expect(extra.status).toBe(200);
    expect(withoutTime(extra.body)).toBe(withoutTime(plain.body));
    // SDK bookkeeping is the transport's business, never a near miss.
    expect((await lastEntry()).nearMisses).toEqual([
      { kind: 'ignored-parameter', parameter: 'PAGE_SIZE', detail: 'not a parameter of im.notify.get' },
    ]);

    const register = await callApp(t, 'telephony.externalCall.register', {
      USER_ID: 2,
      PHONE_NUMBER: '+1 555 0111',
      TYPE: 2,
      LINE: 'x1',
      COLOR: 'red',
    });
    expect(register.status).toBe(200);
    expect((await lastEntry()).nearMisses).toEqual([
      { kind: 'ignored-parameter', parameter: 'LINE', detail: 'not a parameter of telephony.externalCall.register' },
      { kind: 'ignored-parameter', parameter: 'COLOR', detail: 'not a parameter of telephony.externalCall.register' },
    ]);
  });

  test('a handler that reads its parameters itself: what it read is not ignored', async () => {
    await ok(t, 'app.option.set', { options: { theme: 'dark' }, EXTRA: 1 });
    expect((await lastEntry()).nearMisses).toEqual([
      { kind: 'ignored-parameter', parameter: 'EXTRA', detail: 'not a parameter of app.option.set' },
    ]);
  });

  test('a refused call reports no ignored parameters: it stopped reading at the refusal', async () => {
    const refused = await callApp(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUBMER: '+1 555 0113', TYPE: 2 });
    expect(refused.status).toBe(400);
    expect((await lastEntry()).nearMisses).toEqual([]);
  });

  test('a coerced value: "N" read as a flag, a negative duration clamped, a number with junk read by its digits, a date without its zone', async () => {
    const callId = (await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0112', TYPE: '2', SHOW: 'N' }))
      .CALL_ID;
    expect((await lastEntry()).nearMisses).toEqual([{ kind: 'coerced-value', parameter: 'SHOW', detail: '"N" read as false' }]);

    const finished = await callApp(t, 'telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 2, DURATION: '-5' });
    expect(finished.status).toBe(200);
    expect(finished.body.result.CALL_DURATION).toBe(0);
    expect((await lastEntry()).nearMisses).toContainEqual({ kind: 'coerced-value', parameter: 'DURATION', detail: '"-5" clamped to 0' });

    await ok(t, 'telephony.externalCall.register', {
      USER_ID: 2,
      PHONE_NUMBER: '+1 555 0114',
      TYPE: 2,
      CALL_START_DATE: '2026-03-10 09:30:00',
    });
    expect((await lastEntry()).nearMisses).toEqual([
      {
        kind: 'coerced-value',
        parameter: 'CALL_START_DATE',
        detail: `"2026-03-10 09:30:00" read in the portal's time zone as 2026-03-10T09:30:00+01:00`,
      },
    ]);
    await ok(t, 'telephony.externalCall.register', {
      USER_ID: 2,
      PHONE_NUMBER: '+1 555 0115',
      TYPE: 2,
      CALL_START_DATE: '2026-03-10T09:30:00Z',
    });
    expect((await lastEntry()).nearMisses).toEqual([]);

    await ok(t, 'im.notify.get', { LIMIT: '3abc' });
    expect((await lastEntry()).nearMisses).toEqual([{ kind: 'coerced-value', parameter: 'LIMIT', detail: '"3abc" read as 3' }]);
  });

  test('an unknown filter field and an unknown select field are skipped and reported', async () => {
    const plain = await callApp(t, 'user.get', { FILTER: { ACTIVE: true } });
    const skewed = await callApp(t, 'user.get', { FILTER: { ACTIVE: true, NO_SUCH_FIELD: 'x' } });
    expect(withoutTime(skewed.body)).toBe(withoutTime(plain.body));
    expect((await lastEntry()).nearMisses).toEqual([
      { kind: 'unknown-filter-field', parameter: 'FILTER[NO_SUCH_FIELD]', detail: 'not a filterable user field: skipped' },
    ]);

    await ok(t, 'crm.lead.list', { select: ['ID', 'TITLE', 'NOT_A_FIELD'], filter: { '>ID': 0, WHATEVER: 1 } });
    expect((await lastEntry()).nearMisses).toEqual(
      expect.arrayContaining([
        { kind: 'unknown-filter-field', parameter: 'filter[WHATEVER]', detail: 'not a filterable field of leads: skipped' },
        { kind: 'unknown-select-field', parameter: 'select[NOT_A_FIELD]', detail: 'not a field of leads: skipped' },
      ]),
    );
  });

  test('near misses of batch commands belong to their command; nearMisses=1 finds the batch', async () => {
    await ok(t, 'user.current');
    await callApp(t, 'batch', { cmd: { a: 'user.current?PLEASE=1', b: 'user.current' } });
    const res = await t.portal.app.inject({ method: 'GET', url: '/_extcall/requests?nearMisses=1' });
    const [batch, ...rest] = (res.json() as { requests: JournalEntry[] }).requests;
    expect(rest).toEqual([]);
    expect(batch!.method).toBe('batch');
    expect(batch!.nearMisses).toEqual([]);
    expect(batch!.batch!.map((command) => command.nearMisses)).toEqual([
      [{ kind: 'ignored-parameter', parameter: 'PLEASE', detail: 'not a parameter of user.current' }],
      [],
    ]);
  });
});

describe('the collector and the read-tracking view (units)', () => {
  test('value conversions land in the notes of the reader running now, nested readers apart; nothing outside one', () => {
    const outer = new NearMissNotes();
    const inner = new NearMissNotes();
    noteCoercion('x', 'dropped');
    readingWith(outer, () => {
      outer.lastRead = 'A';
      noteCoercion('1', 'read as 1');
      readingWith(inner, () => noteCoercion('2', 'read as 2'));
      noteCoercion('3', 'read as 3');
    });
    noteCoercion('4', 'dropped too');
    expect(collectingNearMisses()).toBe(false);
    expect(outer.misses.map((miss) => `${miss.parameter} ${miss.detail}`)).toEqual(['A "1" read as 1', 'A "3" read as 3']);
    expect(inner.misses.map((miss) => `${miss.parameter} ${miss.detail}`)).toEqual(['? "2" read as 2']);
  });

  test('a service-level note goes to the notes it is handed, and nowhere without them', () => {
    const notes = new NearMissNotes();
    noteNearMiss(notes, 'unknown-filter-field', 'FILTER[X]', 'skipped');
    noteNearMiss(null, 'unknown-filter-field', 'FILTER[Y]', 'skipped');
    expect(notes.misses).toEqual([{ kind: 'unknown-filter-field', parameter: 'FILTER[X]', detail: 'skipped' }]);
  });

  test('the view answers as the parameters do and counts fetched values and `in` tests, not listings', () => {
    const params = Object.assign(Object.create(null) as Record<string, unknown>, { A: 1, B: 2, C: 3 });
    const notes = new NearMissNotes();
    const { view, read } = trackReads(params, notes);
    expect(Object.keys(view)).toEqual(['A', 'B', 'C']);
    expect(Object.prototype.hasOwnProperty.call(view, 'B')).toBe(true);
    expect(view.A).toBe(1);
    expect('C' in view).toBe(true);
    expect([...read].sort()).toEqual(['A', 'C']);
    expect(notes.lastRead).toBe('A'); // the last value fetched; an `in` test fetches none
  });

  test('maskParams: secrets at any depth and in any case, file contents as name and size, long text cut', () => {
    const masked = maskParams({
      Access_Token: 'tok',
      nested: { deeper: [{ client_secret: 's', keep: 'visible' }] },
      FIELDS: { PHOTO: { fileData: ['me.png', Buffer.from('hello world').toString('base64')] } },
      FILE_CONTENT: Buffer.alloc(1000).toString('base64'),
      NOTE: 'x'.repeat(600),
    });
    expect(masked).toEqual({
      Access_Token: '***',
      nested: { deeper: [{ client_secret: '***', keep: 'visible' }] },
      FIELDS: { PHOTO: { fileData: { name: 'me.png', size: 11 } } },
      FILE_CONTENT: { name: null, size: 1000 },
      NOTE: `${'x'.repeat(500)}… (600 characters)`,
    });
    const many = maskParams({ list: Array.from({ length: 1500 }, (_, i) => i) }).list as unknown[];
    expect(many.slice(998, 1001)).toEqual([998, '(not kept: too many values)', '(not kept: too many values)']);
  });
});
