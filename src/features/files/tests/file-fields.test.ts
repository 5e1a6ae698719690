import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { ok } from '../../../../test/helpers/rest-calls.js';
import { callIn, WIRE_STYLES } from '../../../../test/helpers/wire-styles.js';

/**
 * The file type of the reference's data types page, as crm.contact.add|get|update give and answer
 * PHOTO: `{fileData: [name, base64]}` in every wire style, strict base64, the size cap of the
 * configuration, and the file links (signed, by access token, by webhook; HEAD; scope).
 */
let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal({ fileLimit: 16 });
});
afterAll(() => t.close());

async function fetchLink(url: string, method: 'GET' | 'HEAD' = 'GET', query = '') {
  const { pathname, search } = new URL(url);
  return t.portal.app.inject({ method, url: `${pathname}${query || search}` });
}

describe('file fields in the three wire styles', () => {
  test.each(WIRE_STYLES)('crm.contact.add with PHOTO {fileData: [name, base64]} (%s)', async (style) => {
    const bytes = Buffer.from(`photo ${style}`);
    const { status, body } = await callIn(
      t,
      style,
      'crm.contact.add',
      { fields: { NAME: `Photo ${style}`, PHOTO: { fileData: [`${style}.jpg`, bytes.toString('base64')] } } },
      'webhook',
    );
    expect(status).toBe(200);
    const contact = await ok(t, 'crm.contact.get', { id: body.result });
    const file = await fetchLink(contact.PHOTO.showUrl);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.headers['content-length']).toBe(String(bytes.length));
    expect(file.rawPayload.equals(bytes)).toBe(true);
  });
});

describe('refusals (the catalogue)', () => {
  const refused = async (photo: unknown) => {
    const before = (await callIn(t, 'json', 'crm.contact.list', {}, 'webhook')).body.total;
    const res = await callIn(t, 'json', 'crm.contact.add', { fields: { NAME: 'Refused', PHOTO: photo } }, 'webhook');
    // Nothing is written when a file is refused.
    expect((await callIn(t, 'json', 'crm.contact.list', {}, 'webhook')).body.total).toBe(before);
    return res;
  };

  test('over the file limit, not base64, no name', async () => {
    expect(await refused({ fileData: ['big.png', Buffer.alloc(17).toString('base64')] })).toEqual({
      status: 400,
      body: { error: 'ERROR_CORE', error_description: 'The file is larger than 16 bytes' },
    });
    expect(await refused({ fileData: ['x.png', 'not base64!'] })).toEqual({
      status: 400,
      body: { error: 'ERROR_CORE', error_description: 'File content is not properly encoded. Base64 encoding is expected.' },
    });
    expect(await refused({ fileData: ['', 'eA=='] })).toEqual({
      status: 400,
      body: { error: 'ERROR_CORE', error_description: 'File name is empty' },
    });
  });
});

describe('file links', () => {
  test('HEAD answers the headers; an access token without the crm scope is refused; no credentials at all is refused', async () => {
    const id = await ok(t, 'crm.contact.add', { fields: { NAME: 'Links', PHOTO: ['a.txt', Buffer.from('abc').toString('base64')] } });
    const url = (await ok(t, 'crm.contact.get', { id })).PHOTO.downloadUrl as string;
    const head = await fetchLink(url, 'HEAD');
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe('3');
    expect(head.headers['content-type']).toBe('text/plain');
    expect(head.headers['content-disposition']).toBe('attachment; filename="a.txt"');
    expect(head.rawPayload.length).toBe(0);

    const userOnly = await t.portal.services.portal.addApp({ name: 'user scope only', scopes: 'user', userId: 1 });
    const refusedByScope = await fetchLink(url, 'GET', `?auth=${userOnly.tokens.accessToken}`);
    expect(refusedByScope.statusCode).toBe(403);
    expect(refusedByScope.json().error).toBe('insufficient_scope');

    const bare = await fetchLink(url, 'GET', '?');
    expect(bare.statusCode).toBe(401);
    expect(bare.json().error).toBe('NO_AUTH_FOUND');
  });
});
