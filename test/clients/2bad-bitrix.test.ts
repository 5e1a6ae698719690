import { Bitrix } from '@2bad/bitrix';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRealServer, type RealServer } from './real-server.js';
import { readEntityInput } from '../../src/features/crm/entity-input.js';

/**
 * @2bad/bitrix 2.5.1 driving a running server as its users do: GET requests with PHP-style query
 * strings, webhook and access-token modes, `list` paging through batches, `batch` with `$result`,
 * over plain HTTP and over TLS (CLIENTS.md).
 */
let server: RealServer;
beforeAll(async () => {
  server = await startRealServer();
});
afterAll(() => server.close());

/** The client in webhook mode over plain HTTP. */
const viaWebhook = () => Bitrix(`${server.httpUrl}${new URL(server.httpsWebhookUrl).pathname.replace(/\/$/, '')}`);
/**
 * The client in access-token mode over TLS, trusting the portal's certificate. Workaround (README):
 * 2.5.1's own token hook appends to `options.path`, which its got 11 never sets, so it sends no
 * token to any server; a beforeRequest hook of our own puts it on the URL instead.
 */
const viaToken = () =>
  Bitrix(`${server.httpsUrl}/rest`, undefined, {
    https: { certificateAuthority: server.cert },
    hooks: { beforeRequest: [(options: { url: URL }) => void options.url.searchParams.set('auth', server.demo.app.accessToken)] },
  });

/** The client's generic methods without its per-method typing (it knows only a few CRM methods). */
type Payload = { result: any };
type Untyped = {
  call(method: string, params: object): Promise<Payload>;
  list(method: string, params: object): Promise<Payload>;
  batch(commands: object): Promise<Payload>;
};
const untyped = (client: ReturnType<typeof Bitrix>) => client as unknown as Untyped;

describe('@2bad/bitrix', () => {
  test('webhook over HTTP: call, list over several pages, and a batch that reads an earlier result', async () => {
    const bitrix = untyped(viaWebhook());
    const users = await bitrix.call('user.get', { FILTER: { UF_PHONE_INNER: '102' } });
    expect(users.result.map((u: { ID: string }) => u.ID)).toEqual(['3']);

    for (let i = 0; i < 60; i++)
      await server.portal.services.crm.add(
        'LEAD',
        readEntityInput('LEAD', { TITLE: `Lead ${i}`, PHONE: [{ VALUE: `+4940555${i}`, VALUE_TYPE: 'WORK' }] }),
        1,
      );
    const leads = await bitrix.list('crm.lead.list', { select: ['ID', 'TITLE'] });
    const ids = leads.result.map((l: { ID: string }) => l.ID);
    expect(ids.length).toBeGreaterThanOrEqual(60);
    expect(new Set(ids).size).toBe(ids.length);

    const batched = await bitrix.batch({
      anna: { method: 'user.get', params: { FILTER: { UF_PHONE_INNER: '101' } } },
      again: { method: 'user.get', params: { ID: '$result[anna][0][ID]' } },
    });
    const result = batched.result;
    expect(result.result.again[0].ID).toBe('2');
    // The client throws on any entry in result_error: an empty map must be [].
    expect(result.result_error).toEqual([]);
  });

  test('access token over TLS: register and finish a call, read the statistics back', async () => {
    const bitrix = untyped(viaToken());
    const registered = await bitrix.call('telephony.externalCall.register', {
      USER_PHONE_INNER: '101',
      PHONE_NUMBER: '+49 30 6660001',
      TYPE: 2,
    });
    const callId = registered.result.CALL_ID as string;
    const finished = await bitrix.call('telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 2, DURATION: 12 });
    expect(finished.result.CALL_DURATION).toBe(12);
    const rows = await bitrix.call('voximplant.statistic.get', { FILTER: { CALL_ID: callId } });
    expect(rows.result[0].CALL_ID).toBe(callId);
  });

  test('the workaround is needed: 2.5.1 as published sends no token', async () => {
    const broken = untyped(
      Bitrix(`${server.httpsUrl}/rest`, server.demo.app.accessToken, { https: { certificateAuthority: server.cert } }),
    );
    await expect(broken.call('profile', {})).rejects.toThrow(/401/);
  });

  test('errors reach the caller as rejections with the Bitrix code', async () => {
    const bitrix = untyped(viaToken());
    await expect(bitrix.call('telephony.externalCall.finish', { CALL_ID: 'externalCall.nope.1', USER_ID: 2 })).rejects.toThrow();
    await expect(bitrix.call('no.such.method', {})).rejects.toThrow(/404|Not Found|ERROR_METHOD_NOT_FOUND/);
  });
});
