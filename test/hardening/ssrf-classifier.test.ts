import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { callApp, ok } from '../helpers/rest-calls.js';
import { MP3 } from './helpers.js';

/** A local file server that counts every connection made to it. */
let files: http.Server;
let port = 0;
let connections = 0;
/** An allowed host that redirects into an IPv6 form of loopback. */
let redirector: http.Server;
let redirectPort = 0;
beforeAll(async () => {
  files = http.createServer((_req, res) => res.end(MP3));
  files.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  port = (files.address() as AddressInfo).port;
  redirector = http.createServer((_req, res) => {
    res.writeHead(302, { location: `http://[::127.0.0.1]:${port}/x.mp3` });
    res.end();
  });
  await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
  redirectPort = (redirector.address() as AddressInfo).port;
});
afterAll(async () => {
  files.closeAllConnections();
  await new Promise((r) => files.close(r));
  await new Promise((r) => redirector.close(r));
});

let t: TestPortal;
let callId: string;
beforeEach(async () => {
  t = await startTestPortal({ recordUrlAllowedHosts: [`127.0.0.1:${0}`], recordUrlTimeoutMs: 2000 });
  callId = (await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2 })).CALL_ID;
  await ok(t, 'telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 2, DURATION: 30 });
  connections = 0;
});
afterEach(() => t.close());

const ATTACH = 'telephony.externalCall.attachRecord';

describe('issue 8 item 6: IPv6 forms of private IPv4 addresses are refused before any connection', () => {
  test.each([
    ['IPv4-compatible', () => `http://[::127.0.0.1]:${port}/x.mp3`],
    ['NAT64', () => `http://[64:ff9b::127.0.0.1]:${port}/`],
    ['NAT64 (local-use prefix)', () => `http://[64:ff9b:1::7f00:1]:${port}/x.mp3`],
    ['IPv4-mapped', () => `http://[::ffff:127.0.0.1]:${port}/x.mp3`],
    ['IPv4-translated', () => `http://[::ffff:0:127.0.0.1]:${port}/x.mp3`],
    ['6to4 of loopback', () => `http://[2002:7f00:1::1]:${port}/x.mp3`],
  ])('issue 8 item 6: attachRecord with a RECORD_URL on %s loopback is refused', async (_form, url) => {
    const res = await callApp(t, ATTACH, { CALL_ID: callId, RECORD_URL: url(), FILENAME: 'x.mp3' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('ERROR_CORE');
    expect(res.body.error_description).toMatch(/private, loopback or link-local address/);
    expect(connections).toBe(0);
    const [row] = await ok(t, 'voximplant.statistic.get', { FILTER: { CALL_ID: callId } });
    expect(row.RECORD_FILE_ID).toBeNull();
  });

  test('issue 8 item 6: a redirect from an allowed host to [::127.0.0.1] is refused too', async () => {
    const portal = await startTestPortal({ recordUrlAllowedHosts: [`127.0.0.1:${redirectPort}`] });
    try {
      const id = (await ok(portal, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2 })).CALL_ID;
      await ok(portal, 'telephony.externalCall.finish', { CALL_ID: id, USER_ID: 2, DURATION: 30 });
      const res = await callApp(portal, ATTACH, { CALL_ID: id, RECORD_URL: `http://127.0.0.1:${redirectPort}/x.mp3` });
      expect(res.body.error_description).toMatch(/private, loopback or link-local address \(::7f00:1, loopback\)/);
      expect(connections).toBe(0);
    } finally {
      await portal.close();
    }
  });

  test('issue 8 item 6: --allow-private-record-urls still lets a download reach the local server', async () => {
    const portal = await startTestPortal({ allowPrivateRecordUrls: true });
    try {
      const id = (await ok(portal, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2 })).CALL_ID;
      await ok(portal, 'telephony.externalCall.finish', { CALL_ID: id, USER_ID: 2, DURATION: 30 });
      const { FILE_ID } = await ok(portal, ATTACH, { CALL_ID: id, RECORD_URL: `http://127.0.0.1:${port}/x.mp3` });
      expect(Number.isInteger(FILE_ID)).toBe(true);
      expect(connections).toBe(1);
    } finally {
      await portal.close();
    }
  });

  test('issue 8 item 6: the same classifier guards event handlers', async () => {
    const res = await callApp(t, 'event.bind', { event: 'ONVOXIMPLANTCALLEND', handler: `http://[::127.0.0.1]:${port}/handler` });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('ERROR_WRONG_HANDLER_URL');
    expect(res.body.error_description).toMatch(/\(::7f00:1, loopback\)/);
  });
});
