import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, expectError, ok, traces } from '../../../../test/helpers/rest-calls.js';

let t: TestPortal;
beforeEach(async () => {
  t = await startTestPortal();
});
afterEach(() => t.close());

describe('telephony.externalLine.* (G1–G7)', () => {
  test("G2/G4: add → {ID: int}; get lists the app's lines as strings, without ID", async () => {
    const added = await ok(t, 'telephony.externalLine.add', { NUMBER: '14151234567', NAME: 'Support Line', CRM_AUTO_CREATE: 'N' });
    expect(added).toEqual({ ID: expect.any(Number) });
    await ok(t, 'telephony.externalLine.add', { NUMBER: '14157654321' });
    expect(await ok(t, 'telephony.externalLine.get')).toEqual([
      { NUMBER: '14151234567', NAME: 'Support Line', CRM_AUTO_CREATE: 'N' },
      { NUMBER: '14157654321', NAME: '', CRM_AUTO_CREATE: 'Y' },
    ]);
  });

  test('G2: empty NUMBER and a duplicate are refused', async () => {
    await expectError(t, 'telephony.externalLine.add', {}, 400, 'ERROR_CORE', 'NUMBER should not be empty');
    await ok(t, 'telephony.externalLine.add', { NUMBER: '100' });
    await expectError(t, 'telephony.externalLine.add', { NUMBER: '100' }, 400, 'ERROR_CORE', 'Line already exists');
  });

  test('G3: update → {ID: "<id>"} as a string; its errors in order', async () => {
    const { ID } = await ok(t, 'telephony.externalLine.add', { NUMBER: '200' });
    expect(await ok(t, 'telephony.externalLine.update', { NUMBER: '200', NAME: 'Sales', CRM_AUTO_CREATE: 'n' })).toEqual({
      ID: String(ID),
    });
    expect(await ok(t, 'telephony.externalLine.get')).toEqual([{ NUMBER: '200', NAME: 'Sales', CRM_AUTO_CREATE: 'N' }]);
    // G7: anything but "N" (any case) is "Y".
    await ok(t, 'telephony.externalLine.update', { NUMBER: '200', CRM_AUTO_CREATE: 'no' });
    expect((await ok(t, 'telephony.externalLine.get'))[0].CRM_AUTO_CREATE).toBe('Y');
    await expectError(t, 'telephony.externalLine.update', { NAME: 'x' }, 400, 'ERROR_CORE', 'NUMBER should not be empty');
    await expectError(t, 'telephony.externalLine.update', { NUMBER: '999' }, 400, 'ERROR_CORE', 'There are no fields to update');
    await expectError(
      t,
      'telephony.externalLine.update',
      { NUMBER: '999', NAME: 'x' },
      400,
      'ERROR_CORE',
      'Could not find line with number 999',
    );
  });

  test('G5: delete → []; an unknown number is refused', async () => {
    await ok(t, 'telephony.externalLine.add', { NUMBER: '300' });
    expect(await ok(t, 'telephony.externalLine.delete', { NUMBER: '300' })).toEqual([]);
    expect(await ok(t, 'telephony.externalLine.get')).toEqual([]);
    await expectError(t, 'telephony.externalLine.delete', { NUMBER: '300' }, 400, 'ERROR_CORE', 'Could not find line with number 300');
  });

  test("G1: each app sees only its own lines; a webhook sees the portal's (B9 revised, issue 13)", async () => {
    await ok(t, 'telephony.externalLine.add', { NUMBER: '400' });
    const { tokens } = await t.portal.services.portal.addApp({ name: 'Other PBX', scopes: 'telephony' });
    expect((await callApp(t, 'telephony.externalLine.get', {}, tokens.accessToken)).body.result).toEqual([]);
    const res = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}telephony.externalLine.get` });
    expect(res.statusCode).toBe(200);
    expect(res.json().result).toEqual([]);
  });

  test('E13/G6: an outgoing call on a line with CRM_AUTO_CREATE N creates no lead, even with CRM_CREATE=1', async () => {
    await ok(t, 'telephony.externalLine.add', { NUMBER: '500', CRM_AUTO_CREATE: 'N' });
    const outgoing = await ok(t, 'telephony.externalCall.register', {
      USER_ID: 2,
      PHONE_NUMBER: '555111',
      TYPE: 1,
      LINE_NUMBER: '500',
      CRM_CREATE: 1,
    });
    expect(outgoing.CRM_CREATED_LEAD).toBeNull();
    // Incoming calls on that line still follow CRM_CREATE alone.
    const incoming = await ok(t, 'telephony.externalCall.register', {
      USER_ID: 2,
      PHONE_NUMBER: '555222',
      TYPE: 2,
      LINE_NUMBER: '500',
      CRM_CREATE: 1,
    });
    expect(incoming.CRM_CREATED_LEAD).toEqual(expect.any(Number));
  });

  test('E20: register with an unknown LINE_NUMBER creates the line for the app', async () => {
    await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '555333', TYPE: 1, LINE_NUMBER: '+4930600' });
    expect(await ok(t, 'telephony.externalLine.get')).toEqual([{ NUMBER: '+4930600', NAME: '', CRM_AUTO_CREATE: 'Y' }]);
  });
});

describe('telephony.externalCall.show / hide (E16, E58–E60)', () => {
  const viewers = (callId: string) => t.portal.services.callCards.viewers(callId);

  test('E16: register shows the card to the registering user; SHOW=0 registers silently', async () => {
    const shown = await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '600', TYPE: 2 });
    expect(await viewers(shown.CALL_ID)).toEqual([2]);
    const silent = await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '601', TYPE: 2, SHOW: 0 });
    expect(await viewers(silent.CALL_ID)).toEqual([]);
  });

  test('E58: show to one user, a JSON list, or PHP-style USER_ID[0]; unknown users are skipped', async () => {
    const { CALL_ID } = await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '602', TYPE: 2, SHOW: 0 });
    expect(await ok(t, 'telephony.externalCall.show', { CALL_ID, USER_ID: 3 })).toBe(true);
    expect(await ok(t, 'telephony.externalCall.show', { CALL_ID, USER_ID: [4, 999] })).toBe(true);
    const viaHook = await t.portal.app.inject({
      method: 'GET',
      url: `${t.webhookPath}telephony.externalCall.show?CALL_ID=${CALL_ID}&USER_ID[0]=1`,
    });
    expect(viaHook.json().result).toBe(true);
    expect(await viewers(CALL_ID)).toEqual([1, 3, 4]);
  });

  test('E58: without USER_ID the registering user sees it; an unknown call answers false', async () => {
    const { CALL_ID } = await ok(t, 'telephony.externalCall.register', { USER_ID: 3, PHONE_NUMBER: '603', TYPE: 2, SHOW: 0 });
    expect(await ok(t, 'telephony.externalCall.show', { CALL_ID })).toBe(true);
    expect(await viewers(CALL_ID)).toEqual([3]);
    expect(await ok(t, 'telephony.externalCall.show', { CALL_ID: 'externalCall.nope.1' })).toBe(false);
    expect(await ok(t, 'telephony.externalCall.hide', { CALL_ID: '' })).toBe(false);
  });

  test('E59/E37: hide one user, hide everyone; finish closes the card for everyone', async () => {
    const { CALL_ID } = await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '604', TYPE: 2 });
    await ok(t, 'telephony.externalCall.show', { CALL_ID, USER_ID: [3, 4] });
    expect(await ok(t, 'telephony.externalCall.hide', { CALL_ID, USER_ID: 3 })).toBe(true);
    expect(await viewers(CALL_ID)).toEqual([2, 4]);
    expect(await ok(t, 'telephony.externalCall.hide', { CALL_ID })).toBe(true);
    expect(await viewers(CALL_ID)).toEqual([]);
    await ok(t, 'telephony.externalCall.show', { CALL_ID, USER_ID: [2, 3] });
    await ok(t, 'telephony.externalCall.finish', { CALL_ID, USER_ID: 2 });
    expect(await viewers(CALL_ID)).toEqual([]);
    expect(await ok(t, 'telephony.externalCall.show', { CALL_ID })).toBe(false);
  });

  test('E60: show and hide write no statistics, activities or notifications', async () => {
    const { CALL_ID } = await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2 });
    const before = await traces(t);
    await ok(t, 'telephony.externalCall.show', { CALL_ID, USER_ID: 3 });
    await ok(t, 'telephony.externalCall.hide', { CALL_ID });
    expect(await traces(t)).toEqual(before);
  });
});

describe('telephony.externalCall.searchCrmEntities (E61–E65)', () => {
  test('E62/E63: contacts first, then companies, then leads; the exact item shape', async () => {
    const leadId = await ok(t, 'crm.lead.add', { fields: { TITLE: 'Inbound', PHONE: [{ VALUE: '+1-555-0100' }] } });
    await t.portal.services.users.add({ name: 'Mobile', innerNumber: '150' });
    const result = await ok(t, 'telephony.externalCall.searchCrmEntities', { PHONE_NUMBER: '15550100' });
    expect(result.map((r: { CRM_ENTITY_TYPE: string }) => r.CRM_ENTITY_TYPE)).toEqual(['CONTACT', 'LEAD']);
    expect(result[0]).toEqual({
      CRM_ENTITY_TYPE: 'CONTACT',
      CRM_ENTITY_ID: 1,
      ASSIGNED_BY_ID: 1,
      NAME: 'Andrew Johnson',
      ASSIGNED_BY: {
        ID: '1',
        TIMEMAN_STATUS: 'NOT_INSTALLED',
        USER_PHONE_INNER: '100',
        WORK_PHONE: null,
        PERSONAL_PHONE: null,
        PERSONAL_MOBILE: null,
      },
    });
    expect(result[1]).toMatchObject({ CRM_ENTITY_ID: leadId, NAME: 'Inbound' });
  });

  test('E62: nothing found is []; webhooks may search (B10)', async () => {
    const res = await t.portal.app.inject({
      method: 'GET',
      url: `${t.webhookPath}telephony.externalCall.searchCrmEntities?PHONE_NUMBER=000`,
    });
    expect(res.json().result).toEqual([]);
  });

  test('E61: PHONE_NUMBER missing or empty → ERROR_CORE "PHONE_NUMBER is empty"', async () => {
    await expectError(t, 'telephony.externalCall.searchCrmEntities', {}, 400, 'ERROR_CORE', 'PHONE_NUMBER is empty');
    await expectError(t, 'telephony.externalCall.searchCrmEntities', { PHONE_NUMBER: '  ' }, 400, 'ERROR_CORE', 'PHONE_NUMBER is empty');
  });
});
