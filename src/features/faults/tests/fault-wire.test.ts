import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { listen } from '../../../transport/app.js';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, traces } from '../../../../test/helpers/rest-calls.js';
import { EventReceiver, ofEvent } from '../../../../test/helpers/event-receiver.js';

/** Fault switches seen on a real port: dropped connections, and event deliveries late, twice or lost. */
let t: TestPortal;
let base: string;
let receiver: EventReceiver;

beforeEach(async () => {
  t = await startTestPortal({ allowPrivateEventHandlers: true });
  base = `http://127.0.0.1:${await listen(t.portal.app, 0, '127.0.0.1')}`;
  receiver = await new EventReceiver().listen();
});
afterEach(async () => {
  await receiver.close();
  await t.close();
});

async function setFault(spec: Record<string, unknown>) {
  const res = await fetch(`${base}/_extcall/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
  expect(res.status).toBe(201);
  return res.json();
}

describe('a dropped connection', () => {
  test('drop: the socket closes without an answer and nothing is written; the next call works', async () => {
    await setFault({ kind: 'fail', method: 'crm.lead.add', drop: true });
    const call = () =>
      fetch(`${base}/rest/crm.lead.add`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ auth: t.demo.app.accessToken, fields: { TITLE: 'Dropped' } }),
      });
    const failure = await call().then(
      () => null,
      (error: Error & { cause?: { code?: string } }) => error,
    );
    expect(failure).toBeInstanceOf(TypeError);
    expect(String(failure?.cause?.code ?? failure?.cause)).toMatch(/ECONNRESET|UND_ERR_SOCKET|other side closed/);
    expect(await traces(t)).toMatchObject({ leads: 0 });
    expect((await call()).status).toBe(200);
    expect(await traces(t)).toMatchObject({ leads: 1 });
  });

  test('inside a batch, a dropped or bare-5xx command answers INTERNAL_SERVER_ERROR in its slot', async () => {
    await setFault({ kind: 'fail', method: 'server.time', drop: true });
    await setFault({ kind: 'fail', method: 'user.current', status: 502 });
    const res = await callApp(t, 'batch', { cmd: { time: 'server.time', me: 'user.current', admin: 'user.admin' } });
    expect(res.body.result.result_error).toEqual({
      time: { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' },
      me: { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' },
    });
    expect(res.body.result.result.admin).toBe(true);
  });
});

describe('event deliveries', () => {
  async function bindAndAddLeads(count: number) {
    expect((await callApp(t, 'event.bind', { event: 'ONCRMLEADADD', handler: receiver.url })).status).toBe(200);
    for (let i = 0; i < count; i++) expect((await callApp(t, 'crm.lead.add', { fields: { TITLE: `Lead ${i}` } })).status).toBe(200);
  }

  test('twice: the handler gets the same event two times, for `times` deliveries', async () => {
    await setFault({ kind: 'deliveries', mode: 'twice', event: 'onCrmLeadAdd', times: 1 });
    await bindAndAddLeads(2);
    const events = await receiver.waitFor(3, ofEvent('ONCRMLEADADD'));
    const ids = events.map((e) => e.fields.data.FIELDS.ID);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(receiver.received).toHaveLength(3);
  });

  test('drop: the handler never hears of it; the event counts as sent and the next one arrives', async () => {
    await setFault({ kind: 'deliveries', mode: 'drop', times: 1 });
    await bindAndAddLeads(2);
    const [only] = await receiver.waitFor(1, ofEvent('ONCRMLEADADD'));
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(receiver.received).toHaveLength(1);
    const leads = await t.portal.storage.events.all();
    expect(leads.every((e) => e.delivered_at !== null)).toBe(true);
    expect(Number(only!.fields.data.FIELDS.ID)).toBe(Math.max(...leads.map((e) => Number(JSON.parse(e.data).FIELDS.ID))));
  });

  test('delay: the delivery arrives only after the delay; the switch stays until removed', async () => {
    await setFault({ kind: 'deliveries', mode: 'delay', event: 'ONCRMLEADADD', delayMs: 1500 });
    await bindAndAddLeads(1);
    const began = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(receiver.received).toHaveLength(0);
    await receiver.waitFor(1, ofEvent('ONCRMLEADADD'));
    expect(Date.now() - began).toBeGreaterThanOrEqual(700);
    const [fault] = (await (await fetch(`${base}/_extcall/faults`)).json()).faults;
    expect(fault).toMatchObject({ mode: 'delay', hits: 1, remaining: null });
  });
});
