import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { signInConsole, type ConsoleSession } from '../helpers/console.js';
import { ok } from '../helpers/rest-calls.js';
import type { LiveCardsSnapshot } from '../../src/features/telephony/live-cards.js';

let t: TestPortal;
beforeEach(async () => {
  t = await startTestPortal();
});
afterEach(() => t.close());

const register = async (userId: number, phone = '+1 555 0100') =>
  (await ok(t, 'telephony.externalCall.register', { USER_ID: userId, PHONE_NUMBER: phone, TYPE: 2, SHOW: 1 })).CALL_ID as string;

const callIdsOf = (snapshot: LiveCardsSnapshot) => snapshot.employees.flatMap((e) => e.cards.map((c) => c.callId));

/** An open event stream over a real socket: each `cards` event's snapshot, in order. */
async function openStream(session: ConsoleSession, query = '') {
  const { port } = t.portal.app.server.address() as AddressInfo;
  const controller = new AbortController();
  const response = await fetch(`http://127.0.0.1:${port}/console/live/stream${query}`, {
    headers: { cookie: session.cookie },
    signal: controller.signal,
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  /** The next `cards` snapshot; fails the test if none comes within `ms`. */
  const next = async (ms = 5000): Promise<LiveCardsSnapshot> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const match = /event: cards\ndata: (.*)\n\n/.exec(buffer);
      if (match) {
        buffer = buffer.slice(match.index + match[0].length);
        return JSON.parse(match[1]!) as LiveCardsSnapshot;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no cards event within ${ms} ms; got ${JSON.stringify(buffer)}`);
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no cards event within ${ms} ms`)), left))),
      ]).finally(() => clearTimeout(timer));
      if (chunk.done) throw new Error('the stream ended');
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
  return { response, next, close: () => controller.abort() };
}

describe('the live view of call cards', () => {
  test('the page: administrators pick an employee; the cards show caller, CRM entity, responsible person, type; each links to its call', async () => {
    const callId = await register(2);
    const admin = await signInConsole(t);
    const page = await admin.get('/console/live');
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<select name="user" id="live-user">/);
    expect(page.body).toContain('<option value="">Everyone</option>');
    expect(page.body).toMatch(/aria-live="polite"/);
    expect(page.body).toContain('<script type="module" src="/console/assets/live.js"></script>');
    expect(page.body).toContain(`href="/console/calls/${encodeURIComponent(callId)}"`);
    expect(page.body).toContain('+1 555 0100');
    expect(page.body).toContain('Andrew Johnson');
    expect(page.body).toContain('Incoming');
    expect(page.body).toMatch(/<dt>Responsible<\/dt>\s*<dd>[^<]+<\/dd>/);

    const picked = await admin.get('/console/live?user=3');
    expect(picked.body).toContain('No cards shown now.');
    expect(picked.body).toContain('data-stream="/console/live/stream?user=3"');

    const script = await t.portal.app.inject({ method: 'GET', url: '/console/assets/live.js' });
    expect(script.statusCode).toBe(200);
  });

  test("the snapshot: an employee sees only the cards shown to them; an administrator everyone's, or one employee's", async () => {
    const mine = await register(2);
    const theirs = await register(3, '+34 600 111 222');
    const users = await t.portal.services.users.all();
    const user = (id: number) => users.find((u) => u.id === id)!;
    const forEmployee = await t.portal.services.liveCards.snapshot(user(2), 3);
    expect(forEmployee.forUserId).toBe(2);
    expect(callIdsOf(forEmployee)).toEqual([mine]);
    const forAdmin = await t.portal.services.liveCards.snapshot(user(1));
    expect(forAdmin.employees.map((e) => e.id)).toEqual([2, 3]);
    expect(callIdsOf(forAdmin)).toEqual([mine, theirs]);
    expect(callIdsOf(await t.portal.services.liveCards.snapshot(user(1), 3))).toEqual([theirs]);

    const page = await (await signInConsole(t, 2)).get('/console/live');
    expect(page.body).not.toContain('id="live-user"');
    expect(page.body).toContain(encodeURIComponent(mine));
    expect(page.body).not.toContain(encodeURIComponent(theirs));
  });

  test('the stream sends a snapshot at once, another after register + show, and one without the call after finish', async () => {
    await t.portal.app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await openStream(await signInConsole(t));
    try {
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(stream.response.headers.get('content-encoding')).toBeNull();
      expect((await stream.next()).employees).toEqual([]);

      const callId = await register(2);
      const registered = await stream.next();
      expect(callIdsOf(registered)).toEqual([callId]);
      await ok(t, 'telephony.externalCall.show', { CALL_ID: callId, USER_ID: [3] });
      const shown = await stream.next();
      expect(shown.employees.map((e) => e.id)).toEqual([2, 3]);
      expect(shown.employees[0]!.cards[0]).toMatchObject({
        phoneNumber: '+1 555 0100',
        callType: 2,
        crm: { type: 'CONTACT', title: 'Andrew Johnson' },
      });

      await ok(t, 'telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 2, DURATION: 10 });
      expect((await stream.next()).employees).toEqual([]);
    } finally {
      stream.close();
    }
  });

  test("an employee's stream carries only their cards; a change elsewhere reaches it by re-reading", async () => {
    await t.portal.app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await openStream(await signInConsole(t, 3));
    try {
      expect((await stream.next()).employees).toEqual([]);
      const other = await register(2);
      const mine = await register(3, '+34 600 111 222');
      // Whatever came in between, the latest snapshot has this employee's card only.
      let snapshot = await stream.next();
      while (callIdsOf(snapshot).length === 0) snapshot = await stream.next();
      expect(callIdsOf(snapshot)).toEqual([mine]);
      expect(callIdsOf(snapshot)).not.toContain(other);

      // A write this process is not told about (as if another instance made it) shows within the re-read interval.
      await t.portal.database.db.deleteFrom('call_card_viewers').where('call_id', '=', mine).execute();
      const before = Date.now();
      expect((await stream.next(4000)).employees).toEqual([]);
      expect(Date.now() - before).toBeGreaterThan(100);
    } finally {
      stream.close();
    }
  });

  test('without a session the stream answers 401; closing the app ends open streams', async () => {
    await t.portal.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.portal.app.server.address() as AddressInfo;
    const anonymous = await fetch(`http://127.0.0.1:${port}/console/live/stream`);
    expect(anonymous.status).toBe(401);
    await anonymous.text();

    const stream = await openStream(await signInConsole(t));
    await stream.next();
    const started = Date.now();
    await t.close();
    expect(Date.now() - started).toBeLessThan(3000);
    // Closed by the server: the reader sees the end.
    await expect(stream.next(1000)).rejects.toThrow(/ended|no cards event/);
    t = await startTestPortal();
  });
});
