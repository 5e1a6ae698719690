import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { withPortal } from '../../src/cli/admin-session.js';
import { main } from '../../src/cli/main.js';
import { DATABASE_FILE } from '../../src/cli/options.js';
import { defaultConfig } from '../../src/kernel/config.js';
import { seedDemoPortal } from '../../src/features/platform/demo-portal.js';
import { createPortal } from '../../src/portal.js';
import { EventReceiver } from '../helpers/event-receiver.js';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { callApp, ok } from '../helpers/rest-calls.js';
import { memoryLogger } from './helpers.js';

let receiver: EventReceiver;
beforeEach(async () => {
  receiver = await new EventReceiver().listen();
});
afterEach(() => receiver.close());

describe('issue 8 item 7: event.bind refuses handlers the portal would never post to', () => {
  let t: TestPortal;
  beforeEach(async () => {
    t = await startTestPortal();
  });
  afterEach(() => t.close());

  test('issue 8 item 7: loopback, private and link-local handlers (literal or by DNS) → 400 ERROR_WRONG_HANDLER_URL, nothing bound', async () => {
    for (const handler of [
      receiver.url,
      `http://localhost:${receiver.port}/handler`,
      'http://[::1]/h',
      'http://10.0.0.8/h',
      'http://169.254.169.254/latest',
      'http://[fd00::1]/h',
    ]) {
      const res = await callApp(t, 'event.bind', { event: 'ONVOXIMPLANTCALLEND', handler });
      expect(res.status, handler).toBe(400);
      expect(res.body.error, handler).toBe('ERROR_WRONG_HANDLER_URL');
      expect(res.body.error_description, handler).toMatch(
        /^Wrong handler URL: The URL points to a private, loopback or link-local address \(.+\).*--allow-private-event-handlers/,
      );
    }
    expect(await ok(t, 'event.get')).toEqual([]);
  });

  test('issue 8 item 7: with --allow-private-event-handlers a local handler binds and gets its events', async () => {
    const local = await startTestPortal({ allowPrivateEventHandlers: true });
    try {
      expect(await ok(local, 'event.bind', { event: 'ONVOXIMPLANTCALLINIT', handler: receiver.url })).toBe(true);
      await ok(local, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 1 });
      await receiver.waitFor(1);
    } finally {
      await local.close();
    }
  });
});

describe('issue 8 item 7: a handler refused at delivery time', () => {
  test('issue 8 item 7: the event is given up after one attempt, not retried, and logged once with the reason', async () => {
    // Bound while the portal allowed local handlers; it restarts without that switch.
    const dir = mkdtempSync(join(tmpdir(), 'extcall-policy-'));
    const database = join(dir, 'portal.db');
    try {
      const before = await createPortal(defaultConfig({ database, allowPrivateEventHandlers: true, rateLimit: null }), {
        deliverEvents: false,
      });
      const demo = await seedDemoPortal(before.services, 'http://127.0.0.1:8080');
      const handler = `${receiver.url}?secret=handler-secret-123`;
      await before.app.inject({
        method: 'POST',
        url: '/rest/event.bind',
        payload: { event: 'ONVOXIMPLANTCALLINIT', handler, auth: demo.app.accessToken },
      });
      await before.close();

      const logs = memoryLogger('info');
      const strict = await createPortal(defaultConfig({ database, rateLimit: null }), { logger: logs.logger });
      try {
        const registered = await strict.app.inject({
          method: 'POST',
          url: '/rest/telephony.externalCall.register',
          payload: { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 1, auth: demo.app.accessToken },
        });
        expect(registered.statusCode).toBe(200);
        const queue = () => strict.storage.events.all();
        await vi.waitFor(async () => expect((await queue())[0]?.failed_at).not.toBeNull(), { timeout: 10_000, interval: 50 });
        // Another second and more passes of the deliverer: no second attempt (a retry would come after 1 s).
        await new Promise((r) => setTimeout(r, 1500));
        const [item] = await queue();
        expect(item).toMatchObject({ attempts: 1, delivered_at: null });
        expect(item!.last_error).toMatch(/private, loopback or link-local address \(127\.0\.0\.1, loopback\)/);
        expect(receiver.received).toEqual([]);

        const lines = logs.lines.map((l) => JSON.parse(l)).filter((l) => /handler address is refused/.test(l.msg));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatchObject({ level: 40, event: 'ONVOXIMPLANTCALLINIT', eventId: item!.id, reason: item!.last_error });
        // The handler's URL may carry a secret of its own: it is not logged.
        expect(logs.text()).not.toContain('handler-secret-123');
      } finally {
        await strict.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('issue 8 item 7: extcall webhook outgoing add', () => {
  let dir: string;
  let stderr: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'extcall-outgoing-'));
    // Only `serve` creates a portal; the admin commands need one to exist.
    const portal = await createPortal(defaultConfig({ database: join(dir, DATABASE_FILE), dataDir: dir }), { deliverEvents: false });
    await portal.close();
    stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  const add = (...extra: string[]) =>
    main(['node', 'extcall', 'webhook', 'outgoing', 'add', '--data', dir, '--event', 'ONVOXIMPLANTCALLEND', ...extra]);

  test('issue 8 item 7: a private handler exits with code 2 and a clear message unless allowed', async () => {
    expect(await add('--handler', receiver.url)).toBe(2);
    expect(stderr).toMatch(
      /^error: the handler is refused: The URL points to a private, loopback or link-local address \(127\.0\.0\.1, loopback\).*--allow-private-event-handlers/,
    );
    expect(await add('--handler', 'http://192.168.1.20/hook')).toBe(2);
    expect(await add('--handler', receiver.url, '--allow-private-event-handlers')).toBe(0);
    const listed = await withPortal({ data: dir }, (s) => s.outgoingWebhooks.list());
    expect(listed.map((w) => w.handler)).toEqual([receiver.url]);
  });
});
