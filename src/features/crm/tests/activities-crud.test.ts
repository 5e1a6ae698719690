import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, ok } from '../../../../test/helpers/rest-calls.js';
import { EventReceiver, ofEvent } from '../../../../test/helpers/event-receiver.js';
import { callIn as callWith, WIRE_STYLES, type WireStyle } from '../../../../test/helpers/wire-styles.js';

/**
 * crm.activity.add, crm.activity.update, crm.activity.delete (each against its reference page), read
 * back with crm.activity.get and crm.activity.list (I9, I10); the events ONCRMACTIVITYADD,
 * ONCRMACTIVITYUPDATE, ONCRMACTIVITYDELETE (H16).
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

/** JSON with the demo app's token; form and query string through the demo webhook. */
const callIn = (t: TestPortal, style: WireStyle, method: string, params: Record<string, unknown> = {}) =>
  callWith(t, style, method, params, style === 'json' ? { token: t.demo.app.accessToken } : 'webhook');
const okIn = async (t: TestPortal, style: WireStyle, method: string, params: Record<string, unknown> = {}) => {
  const { status, body } = await callIn(t, style, method, params);
  expect(status, `${style} ${method}: ${JSON.stringify(body)}`).toBe(200);
  return body.result;
};

const crmError = async (method: string, params: Record<string, unknown>, description: string) => {
  const res = await callApp(t, method, params);
  expect(res.body).toEqual({ error: '', error_description: description });
  expect(res.status).toBe(400);
};

/** A call activity on the demo contact Andrew Johnson (ID 1). */
const callFields = (subject: string) => ({
  OWNER_TYPE_ID: 3,
  OWNER_ID: 1,
  TYPE_ID: 2,
  SUBJECT: subject,
  COMMUNICATIONS: [{ VALUE: '+1 555 0100', ENTITY_ID: 1, ENTITY_TYPE_ID: 3 }],
  START_TIME: '2026-03-11T09:00:00+01:00',
  END_TIME: '2026-03-11T09:30:00+01:00',
  COMPLETED: 'N',
  PRIORITY: 3,
  RESPONSIBLE_ID: 2,
  DESCRIPTION: 'Talk about the renewal',
  DESCRIPTION_TYPE: 1,
  DIRECTION: 2,
});

describe('crm.activity.add → get → list → update → delete', () => {
  for (const style of WIRE_STYLES) {
    test(`crm.activity.add / crm.activity.update / crm.activity.delete in the ${style} style (I9, I10)`, async () => {
      const id = await okIn(t, style, 'crm.activity.add', { fields: callFields(`Renewal ${style}`) });
      expect(typeof id).toBe('number');
      const activity = await okIn(t, style, 'crm.activity.get', { id });
      expect(activity).toMatchObject({
        ID: String(id),
        OWNER_ID: '1',
        OWNER_TYPE_ID: '3',
        TYPE_ID: '2',
        PROVIDER_ID: 'VOXIMPLANT_CALL',
        PROVIDER_TYPE_ID: 'CALL',
        SUBJECT: `Renewal ${style}`,
        START_TIME: '2026-03-11T09:00:00+01:00',
        END_TIME: '2026-03-11T09:30:00+01:00',
        // DEADLINE of a call is its START_TIME (crm.activity.add page).
        DEADLINE: '2026-03-11T09:00:00+01:00',
        COMPLETED: 'N',
        STATUS: '1',
        PRIORITY: '3',
        RESPONSIBLE_ID: '2',
        DESCRIPTION: 'Talk about the renewal',
        DIRECTION: '2',
        AUTHOR_ID: '1',
      });
      expect(activity.COMMUNICATIONS).toEqual([
        { ID: expect.any(String), TYPE: 'PHONE', VALUE: '+1 555 0100', ENTITY_ID: '1', ENTITY_TYPE_ID: '3' },
      ]);
      const listed = await okIn(t, style, 'crm.activity.list', { filter: { ID: id }, select: ['ID', 'SUBJECT', 'COMMUNICATIONS'] });
      expect(listed).toEqual([{ ID: String(id), SUBJECT: `Renewal ${style}`, COMMUNICATIONS: activity.COMMUNICATIONS }]);

      expect(await okIn(t, style, 'crm.activity.update', { id, fields: { SUBJECT: 'Renewal, done', COMPLETED: 'Y' } })).toBe(true);
      const updated = await okIn(t, style, 'crm.activity.get', { id });
      expect(updated).toMatchObject({ SUBJECT: 'Renewal, done', COMPLETED: 'Y', STATUS: '2', DESCRIPTION: 'Talk about the renewal' });

      expect(await okIn(t, style, 'crm.activity.delete', { id })).toBe(true);
      const gone = await callIn(t, style, 'crm.activity.get', { id });
      expect(gone.body).toEqual({ error: '', error_description: 'Not found' });
      expect(await okIn(t, style, 'crm.activity.list', { filter: { ID: id } })).toEqual([]);
    });
  }
});

describe('demo data', () => {
  test('a fresh portal lists a meeting and an e-mail on the demo contacts', async () => {
    const demo = await ok(t, 'crm.activity.list', {
      filter: { OWNER_TYPE_ID: 3 },
      order: { ID: 'ASC' },
      select: ['ID', 'TYPE_ID', 'OWNER_ID'],
    });
    expect(demo.slice(0, 2).map((a: { TYPE_ID: string }) => a.TYPE_ID)).toEqual(['1', '4']);
  });
});

describe('owners of every CRM kind (I12)', () => {
  test('an activity on a deal (OWNER_TYPE_ID 2) and on a lead', async () => {
    const deal = await ok(t, 'crm.deal.add', { fields: { TITLE: 'Activity owner' } });
    const id = await ok(t, 'crm.activity.add', {
      fields: { ...callFields('Deal call'), OWNER_TYPE_ID: 2, OWNER_ID: deal, COMMUNICATIONS: [{ VALUE: '+1 555 0100' }] },
    });
    const activity = await ok(t, 'crm.activity.get', { id });
    expect(activity).toMatchObject({ OWNER_TYPE_ID: '2', OWNER_ID: String(deal) });
    expect(activity.COMMUNICATIONS[0]).toMatchObject({ ENTITY_TYPE_ID: '2', ENTITY_ID: String(deal) });
    expect(await ok(t, 'crm.activity.list', { filter: { BINDINGS: [{ OWNER_TYPE_ID: 2, OWNER_ID: deal }] }, select: ['ID'] })).toEqual([
      { ID: String(id) },
    ]);
    expect(await ok(t, 'crm.activity.list', { filter: { BINDINGS: [{ OWNER_TYPE_ID: 2, OWNER_ID: 1e12 }] } })).toEqual([]);
    // A communication naming another object binds the activity to it too (I10).
    const withContact = await ok(t, 'crm.activity.add', {
      fields: {
        ...callFields('Deal call with Maria'),
        OWNER_TYPE_ID: 2,
        OWNER_ID: deal,
        COMMUNICATIONS: [{ VALUE: 'x', ENTITY_TYPE_ID: 3, ENTITY_ID: 2 }],
      },
    });
    const maria = await ok(t, 'crm.activity.list', { filter: { BINDINGS: [{ OWNER_TYPE_ID: 3, OWNER_ID: 2 }] }, select: ['ID'] });
    expect(maria.map((a: { ID: string }) => a.ID)).toContain(String(withContact));
    const both = await ok(t, 'crm.activity.list', {
      filter: {
        BINDINGS: [
          { OWNER_TYPE_ID: 3, OWNER_ID: 2 },
          { OWNER_TYPE_ID: 2, OWNER_ID: deal },
        ],
      },
      select: ['ID'],
    });
    expect(both).toEqual([{ ID: String(withContact) }]);
    const lead = await ok(t, 'crm.lead.add', { fields: { TITLE: 'Activity lead' } });
    const onLead = await ok(t, 'crm.activity.add', { fields: { ...callFields('Lead call'), OWNER_TYPE_ID: 1, OWNER_ID: lead } });
    expect(await ok(t, 'crm.activity.get', { id: onLead })).toMatchObject({ OWNER_TYPE_ID: '1', OWNER_ID: String(lead) });
  });
});

describe("crm.activity.add validation (the add page's error list)", () => {
  test('SUBJECT, RESPONSIBLE_ID, TYPE_ID, COMMUNICATIONS, one communication, binding', async () => {
    const base = callFields('Checks');
    const without = (key: string) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key));
    const before = await ok(t, 'crm.activity.list', { start: -1 });
    await crmError('crm.activity.add', { fields: without('SUBJECT') }, 'The field SUBJECT is not defined or empty');
    await crmError('crm.activity.add', { fields: { ...base, SUBJECT: '  ' } }, 'The field SUBJECT is not defined or empty');
    await crmError('crm.activity.add', { fields: { ...base, RESPONSIBLE_ID: 0 } }, 'The field RESPONSIBLE_ID is not defined or invalid');
    await crmError('crm.activity.add', { fields: { ...base, RESPONSIBLE_ID: 999 } }, 'The field RESPONSIBLE_ID is not defined or invalid');
    await crmError('crm.activity.add', { fields: without('TYPE_ID') }, 'The field TYPE_ID is not defined or invalid');
    await crmError('crm.activity.add', { fields: { ...base, TYPE_ID: 42 } }, 'The field TYPE_ID is not defined or invalid');
    await crmError('crm.activity.add', { fields: without('COMMUNICATIONS') }, 'The field COMMUNICATIONS is not defined or invalid');
    await crmError('crm.activity.add', { fields: { ...base, COMMUNICATIONS: 'x' } }, 'The field COMMUNICATIONS is not defined or invalid');
    await crmError(
      'crm.activity.add',
      { fields: { ...base, COMMUNICATIONS: [{ VALUE: '+1 555 0100' }, { VALUE: '+1 555 0101' }] } },
      'The only one communication is allowed for activity of specified type',
    );
    const unbound = 'Could not build binding. Please ensure that owner info and communications are defined correctly';
    await crmError('crm.activity.add', { fields: { ...base, OWNER_ID: 999_999 } }, unbound);
    await crmError('crm.activity.add', { fields: { ...base, OWNER_TYPE_ID: 77 } }, unbound);
    await crmError('crm.activity.add', { fields: { ...without('OWNER_ID'), COMMUNICATIONS: [{ VALUE: '+1 555 0100' }] } }, unbound);
    await crmError(
      'crm.activity.add',
      { fields: { ...base, TYPE_ID: 6, COMMUNICATIONS: [] } },
      'The custom activity without provider is not supported in current context',
    );
    await crmError('crm.activity.add', { fields: 'x' }, "Parameter 'fields' must be array");
    // Refused input writes nothing.
    expect(await ok(t, 'crm.activity.list', { start: -1 })).toEqual(before);
  });

  test("the owner comes from the first communication when OWNER_* are not given; RESPONSIBLE_ID defaults to the owner's", async () => {
    const id = await ok(t, 'crm.activity.add', {
      fields: { TYPE_ID: 1, SUBJECT: 'Meeting', COMMUNICATIONS: [{ VALUE: 'Maria', ENTITY_ID: 2, ENTITY_TYPE_ID: 3 }] },
    });
    const meeting = await ok(t, 'crm.activity.get', { id });
    expect(meeting).toMatchObject({ OWNER_TYPE_ID: '3', OWNER_ID: '2', RESPONSIBLE_ID: '1', PROVIDER_ID: 'CRM_MEETING', DIRECTION: '0' });
    expect(meeting.COMMUNICATIONS[0]).toMatchObject({ TYPE: '', VALUE: 'Maria', ENTITY_ID: '2', ENTITY_TYPE_ID: '3' });
  });

  test('update and delete of an unknown activity → "" "Activity is not found"; bad id → "ID is not defined or invalid"', async () => {
    await crmError('crm.activity.update', { id: 999_999, fields: { SUBJECT: 'x' } }, 'Activity is not found');
    await crmError('crm.activity.delete', { id: 999_999 }, 'Activity is not found');
    await crmError('crm.activity.delete', { id: 'x' }, 'ID is not defined or invalid');
    const id = await ok(t, 'crm.activity.add', { fields: callFields('Kept') });
    await crmError('crm.activity.update', { id, fields: { SUBJECT: '' } }, 'The field SUBJECT is not defined or empty');
    await crmError('crm.activity.update', { id, fields: { RESPONSIBLE_ID: 'abc' } }, 'The field RESPONSIBLE_ID is not defined or invalid');
    expect((await ok(t, 'crm.activity.get', { id })).SUBJECT).toBe('Kept');
  });

  test('REST_APP activities need an application: a webhook gets "" "Application context required"', async () => {
    const fields = { ...callFields('App activity'), TYPE_ID: 6, PROVIDER_ID: 'REST_APP', PROVIDER_TYPE_ID: 'ORDER', COMMUNICATIONS: [] };
    const refused = await callIn(t, 'form', 'crm.activity.add', { fields });
    expect(refused.body).toEqual({ error: '', error_description: 'Application context required' });
    const id = await ok(t, 'crm.activity.add', { fields });
    expect(await ok(t, 'crm.activity.get', { id })).toMatchObject({ TYPE_ID: '6', PROVIDER_ID: 'REST_APP', PROVIDER_TYPE_ID: 'ORDER' });
    const hookDelete = await callIn(t, 'query', 'crm.activity.delete', { id });
    expect(hookDelete.body).toEqual({ error: '', error_description: 'Application context required' });
    expect(await ok(t, 'crm.activity.delete', { id })).toBe(true);
  });
});

describe('no silent drop: every writable activity field (crm.activity.fields)', () => {
  test('set by add, read by get with its documented type, changed by update, read again', async () => {
    const first = {
      ...callFields('First subject'),
      PROVIDER_GROUP_ID: 'group-1',
      ASSOCIATED_ENTITY_ID: 17,
      STATUS: 1,
      NOTIFY_TYPE: 1,
      NOTIFY_VALUE: 15,
      LOCATION: 'Room 1',
      SETTINGS: { COLOR: 'blue' },
      ORIGINATOR_ID: 'pbx',
      ORIGIN_ID: 'pbx-1',
      PROVIDER_PARAMS: { KEY: 'one' },
      PROVIDER_DATA: 'data-1',
      RESULT_MARK: 1,
      RESULT_VALUE: 10.5,
      RESULT_SUM: 100.25,
      RESULT_CURRENCY_ID: 'USD',
      RESULT_STATUS: 1,
      RESULT_STREAM: 1,
      RESULT_SOURCE_ID: 'CALL',
      AUTOCOMPLETE_RULE: 1,
    };
    const firstRead = {
      SUBJECT: 'First subject',
      START_TIME: '2026-03-11T09:00:00+01:00',
      END_TIME: '2026-03-11T09:30:00+01:00',
      COMPLETED: 'N',
      STATUS: '1',
      RESPONSIBLE_ID: '2',
      PRIORITY: '3',
      NOTIFY_TYPE: '1',
      NOTIFY_VALUE: '15',
      DESCRIPTION: 'Talk about the renewal',
      DESCRIPTION_TYPE: '1',
      DIRECTION: '2',
      LOCATION: 'Room 1',
      SETTINGS: { COLOR: 'blue' },
      ORIGINATOR_ID: 'pbx',
      ORIGIN_ID: 'pbx-1',
      PROVIDER_ID: 'VOXIMPLANT_CALL',
      PROVIDER_TYPE_ID: 'CALL',
      PROVIDER_GROUP_ID: 'group-1',
      ASSOCIATED_ENTITY_ID: '17',
      PROVIDER_PARAMS: { KEY: 'one' },
      PROVIDER_DATA: 'data-1',
      RESULT_MARK: '1',
      RESULT_VALUE: '10.5',
      RESULT_SUM: '100.25',
      RESULT_CURRENCY_ID: 'USD',
      RESULT_STATUS: '1',
      RESULT_STREAM: '1',
      RESULT_SOURCE_ID: 'CALL',
      AUTOCOMPLETE_RULE: '1',
    };
    const bytes = [Buffer.from('%PDF-1.4 first'), Buffer.from('second file')];
    const id = await ok(t, 'crm.activity.add', {
      fields: { ...first, FILES: [{ fileData: ['offer.pdf', bytes[0]!.toString('base64')] }] },
    });
    expect(await ok(t, 'crm.activity.get', { id })).toMatchObject(firstRead);

    // Every field that crm.activity.fields calls writable, except the immutable ones and the file lists, is covered.
    const fields = await ok(t, 'crm.activity.fields');
    const writable = Object.entries(fields as Record<string, { isReadOnly: boolean; isImmutable: boolean; type: string }>)
      // Deprecated disk lists (WEBDAV_ELEMENTS, STORAGE_ELEMENT_IDS) stay apart; FILES is covered.
      .filter(([name, d]) => !d.isReadOnly && !d.isImmutable && (d.type !== 'diskfile' || name === 'FILES'))
      .map(([name]) => name);
    for (const name of writable)
      if (name !== 'COMMUNICATIONS' && name !== 'DEADLINE' && name !== 'FILES') expect(firstRead).toHaveProperty(name);
    expect(writable).toContain('FILES');
    // FILES (crm.activity.add's example: `[{fileData: [name, base64]}]`): kept, read back as links serving the bytes given.
    const withFile = await ok(t, 'crm.activity.get', { id });
    expect(withFile.FILES).toEqual([{ id: expect.any(Number), url: expect.any(String) }]);
    const firstFile = await fetchLink(withFile.FILES[0].url);
    expect(firstFile.statusCode).toBe(200);
    expect(firstFile.headers['content-type']).toBe('application/pdf');
    expect(firstFile.rawPayload.equals(bytes[0]!)).toBe(true);

    const second = {
      SUBJECT: 'Second subject',
      START_TIME: '2026-03-12T10:00:00+01:00',
      END_TIME: '2026-03-12T11:00:00+01:00',
      COMPLETED: 'Y',
      STATUS: 3,
      RESPONSIBLE_ID: 3,
      PRIORITY: 1,
      NOTIFY_TYPE: 2,
      NOTIFY_VALUE: 2,
      DESCRIPTION: '<b>Done</b>',
      DESCRIPTION_TYPE: 3,
      DIRECTION: 1,
      LOCATION: 'Room 2',
      SETTINGS: { COLOR: 'red' },
      ORIGINATOR_ID: 'crm',
      ORIGIN_ID: 'crm-2',
      PROVIDER_ID: 'CRM_CALL',
      PROVIDER_TYPE_ID: 'CALL_2',
      PROVIDER_GROUP_ID: 'group-2',
      PROVIDER_PARAMS: { KEY: 'two' },
      PROVIDER_DATA: 'data-2',
      RESULT_MARK: 2,
      RESULT_VALUE: 20.25,
      RESULT_SUM: 200.5,
      RESULT_CURRENCY_ID: 'EUR',
      RESULT_STATUS: 2,
      RESULT_STREAM: 2,
      RESULT_SOURCE_ID: 'WEB',
      AUTOCOMPLETE_RULE: 2,
      COMMUNICATIONS: [{ VALUE: '+1 555 0199', ENTITY_ID: 1, ENTITY_TYPE_ID: 4 }],
    };
    expect(await ok(t, 'crm.activity.update', { id, fields: second })).toBe(true);
    const again = await ok(t, 'crm.activity.get', { id });
    expect(again).toMatchObject({
      SUBJECT: 'Second subject',
      START_TIME: '2026-03-12T10:00:00+01:00',
      END_TIME: '2026-03-12T11:00:00+01:00',
      DEADLINE: '2026-03-12T10:00:00+01:00',
      COMPLETED: 'Y',
      STATUS: '3',
      RESPONSIBLE_ID: '3',
      PRIORITY: '1',
      NOTIFY_TYPE: '2',
      NOTIFY_VALUE: '2',
      DESCRIPTION: '<b>Done</b>',
      DESCRIPTION_TYPE: '3',
      DIRECTION: '1',
      LOCATION: 'Room 2',
      SETTINGS: { COLOR: 'red' },
      ORIGINATOR_ID: 'crm',
      ORIGIN_ID: 'crm-2',
      PROVIDER_ID: 'CRM_CALL',
      PROVIDER_TYPE_ID: 'CALL_2',
      PROVIDER_GROUP_ID: 'group-2',
      PROVIDER_PARAMS: { KEY: 'two' },
      PROVIDER_DATA: 'data-2',
      RESULT_MARK: '2',
      RESULT_VALUE: '20.25',
      RESULT_SUM: '200.5',
      RESULT_CURRENCY_ID: 'EUR',
      RESULT_STATUS: '2',
      RESULT_STREAM: '2',
      RESULT_SOURCE_ID: 'WEB',
      AUTOCOMPLETE_RULE: '2',
      EDITOR_ID: '1',
      // The owner and the type are immutable.
      OWNER_TYPE_ID: '3',
      OWNER_ID: '1',
      TYPE_ID: '2',
    });
    expect(again.COMMUNICATIONS).toEqual([
      { ID: expect.any(String), TYPE: 'PHONE', VALUE: '+1 555 0199', ENTITY_ID: '1', ENTITY_TYPE_ID: '4' },
    ]);

    // FILES given again replaces them; an empty list removes them; delete removes the files.
    expect(await ok(t, 'crm.activity.update', { id, fields: { FILES: [{ fileData: ['note.txt', bytes[1]!.toString('base64')] }] } })).toBe(
      true,
    );
    const replaced = await ok(t, 'crm.activity.get', { id });
    expect(replaced.FILES).toHaveLength(1);
    expect((await fetchLink(replaced.FILES[0].url)).rawPayload.equals(bytes[1]!)).toBe(true);
    expect((await fetchLink(withFile.FILES[0].url)).statusCode).toBe(404);
    expect(await ok(t, 'crm.activity.update', { id, fields: { FILES: [] } })).toBe(true);
    expect(await ok(t, 'crm.activity.get', { id })).not.toHaveProperty('FILES');
    expect(await ok(t, 'crm.activity.update', { id, fields: { FILES: [{ fileData: ['x.txt', 'eA=='] }] } })).toBe(true);
    const last = (await ok(t, 'crm.activity.get', { id })).FILES[0].url;
    expect(await ok(t, 'crm.activity.delete', { id })).toBe(true);
    expect((await fetchLink(last)).statusCode).toBe(404);
  });
});

/** Fetches a link handed out in an answer through the portal. */
async function fetchLink(url: string) {
  const { pathname, search } = new URL(url);
  return t.portal.app.inject({ method: 'GET', url: `${pathname}${search}` });
}

describe('the call activity of finish through these methods (E38)', () => {
  test('finish writes it; update and delete work on it like on any activity; list and get agree', async () => {
    const { CALL_ID } = await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2 });
    const { CRM_ACTIVITY_ID: id } = await ok(t, 'telephony.externalCall.finish', { CALL_ID, USER_ID: 2, DURATION: 30 });
    const [listed] = await ok(t, 'crm.activity.list', { filter: { ID: id }, select: ['*', 'COMMUNICATIONS'] });
    const got = await ok(t, 'crm.activity.get', { id });
    expect(listed).toEqual(got);
    expect(await ok(t, 'crm.activity.update', { id, fields: { DESCRIPTION: 'Called back', PRIORITY: 3 } })).toBe(true);
    expect(await ok(t, 'crm.activity.get', { id })).toMatchObject({
      DESCRIPTION: 'Called back',
      PRIORITY: '3',
      PROVIDER_ID: 'VOXIMPLANT_CALL',
      COMPLETED: 'Y',
      COMMUNICATIONS: got.COMMUNICATIONS,
    });
    expect(await ok(t, 'crm.activity.delete', { id })).toBe(true);
    await crmError('crm.activity.get', { id }, 'Not found');
  });
});

describe('events (H16)', () => {
  test('ONCRMACTIVITYADD, ONCRMACTIVITYUPDATE, ONCRMACTIVITYDELETE carry data[FIELDS][ID]', async () => {
    for (const event of ['ONCRMACTIVITYADD', 'ONCRMACTIVITYUPDATE', 'ONCRMACTIVITYDELETE']) {
      expect(await ok(t, 'event.bind', { event, handler: receiver.url })).toBe(true);
    }
    const id = await ok(t, 'crm.activity.add', { fields: callFields('Evented') });
    await ok(t, 'crm.activity.update', { id, fields: { SUBJECT: 'Evented again' } });
    await ok(t, 'crm.activity.delete', { id });
    for (const event of ['ONCRMACTIVITYADD', 'ONCRMACTIVITYUPDATE', 'ONCRMACTIVITYDELETE']) {
      const [received] = await receiver.waitFor(1, ofEvent(event));
      expect(received!.fields.data.FIELDS.ID).toBe(String(id));
    }
  });
});
