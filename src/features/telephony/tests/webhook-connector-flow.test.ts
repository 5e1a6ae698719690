import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { EventReceiver, ofEvent } from '../../../../test/helpers/event-receiver.js';
import { createScratchPostgres, POSTGRES_ENABLED } from '../../../../test/helpers/databases.js';

/**
 * Issue 13: a real PBX connector set up the usual way, through the demo's incoming webhook only.
 * Every request is shaped as asterlink (Asterisk ↔ Bitrix24) sends it: a JSON POST to
 * `<webhook URL><method>/`, method names in its own letter case.
 */
const WAV = Buffer.concat([
  Buffer.from('RIFF', 'latin1'),
  Buffer.from([0x24, 0x08, 0, 0]),
  Buffer.from('WAVEfmt ', 'latin1'),
  Buffer.alloc(3000, 5),
]);
const MP3 = Buffer.concat([
  Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x0a', 'latin1'),
  Buffer.alloc(10),
  Buffer.from([0xff, 0xfb, 0x90, 0x64]),
  Buffer.alloc(4000, 9),
]);

let t: TestPortal;
let webhookUrl: string;
let files: http.Server;
let filesBase: string;
let receiver: EventReceiver;

beforeAll(async () => {
  files = http.createServer((req, res) => {
    if (req.url === '/monitor/2026/03/10/in-34600111222.mp3') return res.end(MP3);
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesBase = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  receiver = await new EventReceiver().listen();
});
afterAll(async () => {
  await receiver.close();
  await new Promise((resolve) => files.close(resolve));
});

/** The demo portal on `database`, on a real port, with more employees than one user.get page holds. */
async function startPortal(database: string) {
  t = await startTestPortal({ database, recordUrlAllowedHosts: [new URL(filesBase).host], allowPrivateEventHandlers: true });
  await t.portal.app.listen({ port: 0, host: '127.0.0.1' });
  webhookUrl = `http://127.0.0.1:${(t.portal.app.server.address() as AddressInfo).port}${t.webhookPath}`;
  // 55 more with extensions, three without, one extranet user.
  const users = t.portal.services.users;
  for (let n = 200; n < 255; n++) await users.add({ name: `Agent ${n}`, innerNumber: String(n) });
  for (const name of ['Nils', 'Olga', 'Piet']) await users.add({ name });
  const guest = await users.add({ name: 'Guest', innerNumber: '300' });
  await t.portal.database.db.updateTable('users').set({ user_type: 'extranet' }).where('id', '=', guest.id).execute();
}

/** asterlink's b24.req: POST JSON to `<webhook URL><method>/`; anything but 200 is a failure. */
async function b24(method: string, params: Record<string, unknown>) {
  const res = await fetch(`${webhookUrl}${method}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  const body = await res.json();
  expect(res.status, `${method}: ${JSON.stringify(body)}`).toBe(200);
  return body as { result: any; total?: number; next?: number };
}

/** asterlink's updateUsers: employees by extension, descending, page by page, until one has none. */
async function extensionsOfEmployees() {
  const extensions = new Map<string, number>();
  const pages: Array<{ result: any; total?: number; next?: number }> = [];
  let fetched = 0;
  let total = 1;
  pages: while (total > fetched) {
    const page = await b24('user.get', { sort: 'UF_PHONE_INNER', order: 'DESC', filter: { USER_TYPE: 'employee' }, start: fetched });
    pages.push(page);
    if (page.total === 0 || page.result.length === 0) break;
    total = page.total!;
    fetched += page.result.length;
    for (const user of page.result as Array<{ ID: string; UF_PHONE_INNER?: string }>) {
      if (!user.UF_PHONE_INNER) break pages;
      extensions.set(user.UF_PHONE_INNER, Number(user.ID));
    }
  }
  return { extensions, pages };
}

const databases = [
  { name: 'SQLite', enabled: true },
  // PostgreSQL orders nulls the other way unless told: users without an extension must still come last.
  { name: 'PostgreSQL', enabled: POSTGRES_ENABLED },
].filter((d) => d.enabled);

describe.each(databases)('an asterlink-shaped connector through the demo webhook on $name (issue 13, B9 revised)', ({ name }) => {
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const scratch = name === 'PostgreSQL' ? await createScratchPostgres() : null;
    drop = scratch?.drop;
    await startPortal(scratch?.url ?? ':memory:');
  });
  afterAll(async () => {
    await t.close();
    await drop?.();
  });

  let ext: Map<string, number>;
  const viewers = (callId: string) => t.portal.services.callCards.viewers(callId);
  const statistics = async (callId: string) => (await b24('voximplant.statistic.get', { FILTER: { CALL_ID: callId } })).result[0];

  test('user.get: employees only, by UF_PHONE_INNER descending, paged by start; users without an extension come last (I1–I3)', async () => {
    const { extensions, pages } = await extensionsOfEmployees();
    expect(pages).toHaveLength(2);
    expect(pages[0]!.result).toHaveLength(50);
    expect(pages[0]).toMatchObject({ total: 62, next: 50 });
    expect(pages[0]!.result[0]).toMatchObject({ UF_PHONE_INNER: '254' });
    expect(pages[1]!.result.slice(0, 9).map((u: { UF_PHONE_INNER: string }) => u.UF_PHONE_INNER)).toEqual([
      '204',
      '203',
      '202',
      '201',
      '200',
      '103',
      '102',
      '101',
      '100',
    ]);
    expect(pages[1]!.result[9]).not.toHaveProperty('UF_PHONE_INNER');
    expect(extensions.size).toBe(59);
    expect(extensions.has('300')).toBe(false);
    expect([extensions.get('100'), extensions.get('101'), extensions.get('102'), extensions.get('103')]).toEqual([1, 2, 3, 4]);
    ext = extensions;
  });

  test('an answered incoming call from a new number: register → show to two → hide → lead reassigned → finish "200" → base64 recording', async () => {
    const init = await t.portal.services.outgoingWebhooks.add('ONVOXIMPLANTCALLINIT', `${receiver.url}?init`);
    const registered = await b24('telephony.externalcall.register', {
      USER_ID: ext.get('101'),
      PHONE_NUMBER: '+12025550147',
      TYPE: 2,
      LINE_NUMBER: '',
      CRM_CREATE: 1,
      SHOW: 0,
    });
    const { CALL_ID, CRM_ENTITY_TYPE, CRM_ENTITY_ID } = registered.result;
    expect(CALL_ID).toMatch(/^externalCall\.[0-9a-f]{32}\.\d+$/);
    expect(registered.result).toMatchObject({ CRM_CREATED_LEAD: CRM_ENTITY_ID, CRM_ENTITY_TYPE: 'LEAD' });
    expect(await viewers(CALL_ID)).toEqual([]);

    // The queue rings two phones, then one stops ringing.
    expect((await b24('telephony.externalcall.show', { CALL_ID, USER_ID: ext.get('102') })).result).toBe(true);
    expect((await b24('telephony.externalcall.show', { CALL_ID, USER_ID: ext.get('103') })).result).toBe(true);
    expect(await viewers(CALL_ID)).toEqual([3, 4]);
    expect((await b24('telephony.externalcall.hide', { CALL_ID, USER_ID: ext.get('103') })).result).toBe(true);
    expect(await viewers(CALL_ID)).toEqual([3]);

    // Answered at 102: the lead goes to that employee.
    expect(CRM_ENTITY_TYPE).toBe('LEAD');
    expect((await b24('crm.lead.update', { id: CRM_ENTITY_ID, fields: { ASSIGNED_BY_ID: ext.get('102') } })).result).toBe(true);
    expect((await b24('crm.lead.get', { id: CRM_ENTITY_ID })).result.ASSIGNED_BY_ID).toBe('3');

    const finished = (await b24('telephony.externalcall.finish', { CALL_ID, USER_ID: ext.get('102'), DURATION: 95, STATUS_CODE: '200' }))
      .result;
    // B9 revised: the call belongs to no application.
    expect(finished).toMatchObject({
      CALL_ID,
      PORTAL_USER_ID: 3,
      PORTAL_NUMBER: 'REST_APP:',
      CALL_FAILED_CODE: '200',
      CALL_STATUS: 1,
      REST_APP_ID: '',
      REST_APP_NAME: '',
      CRM_ENTITY_TYPE: 'LEAD',
      CRM_ENTITY_ID,
    });
    expect(finished.CRM_ACTIVITY_ID).toEqual(expect.any(Number));
    expect(await viewers(CALL_ID)).toEqual([]);

    const { FILE_ID } = (
      await b24('telephony.externalCall.attachRecord', { CALL_ID, FILENAME: 'in-12025550147.wav', FILE_CONTENT: WAV.toString('base64') })
    ).result;
    expect(FILE_ID).toEqual(expect.any(Number));
    expect(await statistics(CALL_ID)).toMatchObject({
      PORTAL_USER_ID: '3',
      CALL_DURATION: '95',
      CALL_FAILED_CODE: '200',
      REST_APP_ID: '',
      REST_APP_NAME: '',
      RECORD_FILE_ID: FILE_ID,
      CRM_ACTIVITY_ID: String(finished.CRM_ACTIVITY_ID),
    });
    const activity = (await b24('crm.activity.get', { id: finished.CRM_ACTIVITY_ID })).result;
    expect(activity).toMatchObject({ OWNER_ID: String(CRM_ENTITY_ID), RESPONSIBLE_ID: '3' });
    expect(activity.FILES).toHaveLength(1);
    expect(Buffer.from(await (await fetch(activity.FILES[0].url)).arrayBuffer()).equals(WAV)).toBe(true);
    const notified = await t.portal.database.db.selectFrom('notifications').select('user_id').execute();
    expect(notified.map((n) => n.user_id)).toEqual([3]);

    // Events are the same as for an application's call; REST_APP_ID is empty.
    const [event] = await receiver.waitFor(1, (e) => ofEvent('ONVOXIMPLANTCALLINIT')(e) && e.fields.data.CALL_ID === CALL_ID);
    expect(event!.fields.data).toEqual({ CALL_ID, CALL_TYPE: '2', CALLER_ID: '+12025550147', REST_APP_ID: '' });
    expect(event!.fields.auth.application_token).toBe(init.applicationToken);
    await t.portal.services.outgoingWebhooks.delete(init.id);
  });

  test('finish keeps the PBX status codes: "304" missed, "603-S" cancelled, "505" an unknown cause (E31)', async () => {
    const cases: Array<[number, string, number, string]> = [
      [2, '+12025550148', 0, '304'],
      [1, '+12025550149', 0, '603-S'],
      [1, '+12025550150', 3, '505'],
    ];
    for (const [type, phone, duration, code] of cases) {
      // LINE_NUMBER names the number dialled in: a line of the portal, not of an application.
      const { CALL_ID } = (
        await b24('telephony.externalcall.register', {
          USER_ID: ext.get('101'),
          PHONE_NUMBER: phone,
          TYPE: type,
          LINE_NUMBER: '+12025550100',
          CRM_CREATE: 0,
          SHOW: 0,
        })
      ).result;
      const finished = (
        await b24('telephony.externalcall.finish', { CALL_ID, USER_ID: ext.get('101'), DURATION: duration, STATUS_CODE: code })
      ).result;
      expect(finished, code).toMatchObject({ CALL_FAILED_CODE: code, CALL_STATUS: 0, PORTAL_NUMBER: '+12025550100', REST_APP_ID: '' });
      expect(await statistics(CALL_ID), code).toMatchObject({
        CALL_FAILED_CODE: code,
        CALL_DURATION: String(duration),
        PORTAL_NUMBER: '+12025550100',
        CALL_TYPE: String(type),
      });
    }
    // The line is the portal's: the webhook sees it, the demo application does not.
    expect((await b24('telephony.externalLine.get', {})).result).toEqual([{ NUMBER: '+12025550100', NAME: '', CRM_AUTO_CREATE: 'Y' }]);
    expect(await t.portal.services.lines.list(t.demo.app.id)).toEqual([]);
  });

  test('a known contact calls: searchCrmEntities → register → crm.contact.get (LEAD_ID) → contact reassigned → finish → recording by RECORD_URL', async () => {
    const found = (await b24('telephony.externalCall.searchCrmEntities', { PHONE_NUMBER: '+34600111222' })).result;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ CRM_ENTITY_TYPE: 'CONTACT', ASSIGNED_BY_ID: 1, NAME: 'Maria Garcia' });
    const contactId = found[0].CRM_ENTITY_ID;

    const { CALL_ID, CRM_ENTITY_TYPE, CRM_ENTITY_ID } = (
      await b24('telephony.externalcall.register', {
        USER_ID: ext.get('103'),
        PHONE_NUMBER: '+34600111222',
        TYPE: 2,
        LINE_NUMBER: '',
        CRM_CREATE: 1,
        SHOW: 0,
      })
    ).result;
    expect([CRM_ENTITY_TYPE, CRM_ENTITY_ID]).toEqual(['CONTACT', contactId]);
    expect((await b24('telephony.externalcall.show', { CALL_ID, USER_ID: ext.get('103') })).result).toBe(true);

    // Answered: asterlink reads the contact's LEAD_ID to reassign that lead too; this contact came from none.
    const contact = (await b24('crm.contact.get', { id: CRM_ENTITY_ID })).result;
    expect(contact).toHaveProperty('LEAD_ID', null);
    expect((await b24('crm.contact.update', { id: CRM_ENTITY_ID, fields: { ASSIGNED_BY_ID: ext.get('103') } })).result).toBe(true);
    expect((await b24('crm.contact.get', { id: CRM_ENTITY_ID })).result.ASSIGNED_BY_ID).toBe('4');

    expect(
      (await b24('telephony.externalcall.finish', { CALL_ID, USER_ID: ext.get('103'), DURATION: 40, STATUS_CODE: '200', VOTE: 5 })).result,
    ).toMatchObject({ CALL_VOTE: 5, REST_APP_ID: '' });
    const { FILE_ID } = (
      await b24('telephony.externalCall.attachRecord', {
        CALL_ID,
        FILENAME: 'in-34600111222.mp3',
        RECORD_URL: `${filesBase}/monitor/2026/03/10/in-34600111222.mp3`,
      })
    ).result;
    expect(FILE_ID).toEqual(expect.any(Number));
    const row = await statistics(CALL_ID);
    expect(row).toMatchObject({
      RECORD_FILE_ID: FILE_ID,
      CRM_ENTITY_TYPE: 'CONTACT',
      CRM_ENTITY_ID: String(contactId),
      PORTAL_USER_ID: '4',
    });
    const activity = (await b24('crm.activity.get', { id: Number(row.CRM_ACTIVITY_ID) })).result;
    expect(Buffer.from(await (await fetch(activity.FILES[0].url)).arrayBuffer()).equals(MP3)).toBe(true);
  });

  test("the contact's LEAD_ID is a read-only field of crm.contact.fields (I13)", async () => {
    expect((await b24('crm.contact.fields', {})).result.LEAD_ID).toMatchObject({ type: 'crm_lead', isReadOnly: true });
  });
});
