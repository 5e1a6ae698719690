import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callIn, WIRE_STYLES, type Credential } from '../../../../test/helpers/wire-styles.js';
import { referenceResult } from '../../../../test/parity/reference-examples.js';

let t: TestPortal;
beforeEach(async () => {
  t = await startTestPortal();
});
afterEach(() => t.close());

async function tokenOf(userId: number, scopes?: string): Promise<Credential> {
  if (scopes === undefined) return { token: (await t.portal.services.portal.issueTokens(t.demo.app.id, userId)).accessToken };
  const app = await t.portal.services.portal.addApp({ name: `scopes ${scopes}`, scopes, userId });
  return { token: app.tokens.accessToken };
}

async function userById(id: number | string, credential: Credential = 'webhook') {
  const { body } = await callIn(t, 'json', 'user.get', { FILTER: { ID: id } }, credential);
  return body.result[0] as Record<string, unknown> | undefined;
}

/** Bytes for PERSONAL_PHOTO and WORK_LOGO: one to set, another to change it to. */
const PHOTO = [Buffer.from('\x89PNG\r\n\x1a\nface one', 'latin1'), Buffer.from('\x89PNG\r\n\x1a\nface two', 'latin1')] as const;
const LOGO = [Buffer.from('GIF89a logo one'), Buffer.from('GIF89a logo two')] as const;

async function fetchLink(url: string) {
  const { pathname, search } = new URL(url);
  return t.portal.app.inject({ method: 'GET', url: `${pathname}${search}` });
}

async function expectFile(url: unknown, bytes: Buffer, type: string) {
  expect(url).toEqual(expect.stringMatching(/^https?:\/\//));
  const res = await fetchLink(String(url));
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe(type);
  expect(res.rawPayload.equals(bytes)).toBe(true);
}

/** Every text field user.add documents, with a value to set and another to change it to. */
const TEXT_FIELDS = [
  'NAME',
  'LAST_NAME',
  'SECOND_NAME',
  'PERSONAL_PROFESSION',
  'PERSONAL_WWW',
  'PERSONAL_ICQ',
  'PERSONAL_PHONE',
  'PERSONAL_FAX',
  'PERSONAL_MOBILE',
  'PERSONAL_PAGER',
  'PERSONAL_STREET',
  'PERSONAL_CITY',
  'PERSONAL_STATE',
  'PERSONAL_ZIP',
  'PERSONAL_COUNTRY',
  'PERSONAL_MAILBOX',
  'PERSONAL_NOTES',
  'WORK_PHONE',
  'WORK_COMPANY',
  'WORK_POSITION',
  'WORK_DEPARTMENT',
  'WORK_WWW',
  'WORK_FAX',
  'WORK_PAGER',
  'WORK_STREET',
  'WORK_MAILBOX',
  'WORK_CITY',
  'WORK_STATE',
  'WORK_ZIP',
  'WORK_COUNTRY',
  'WORK_PROFILE',
  'WORK_NOTES',
  'UF_SKYPE_LINK',
  'UF_ZOOM',
  'UF_INTERESTS',
  'UF_SKILLS',
  'UF_WEB_SITES',
  'UF_XING',
  'UF_LINKEDIN',
  'UF_FACEBOOK',
  'UF_TWITTER',
  'UF_SKYPE',
  'UF_DISTRICT',
];

describe('user.add (user.add page)', () => {
  test.each(WIRE_STYLES)('an invitation by EMAIL into UF_DEPARTMENT: result = the new ID, an active employee (%s)', async (style) => {
    const { status, body } = await callIn(
      t,
      style,
      'user.add',
      { EMAIL: `new.${style}@corp.test`, UF_DEPARTMENT: [1], NAME: 'Nina' },
      'webhook',
    );
    expect(status).toBe(200);
    expect(typeof body.result).toBe('number');
    const user = await userById(body.result);
    expect(user).toMatchObject({
      ID: String(body.result),
      ACTIVE: true,
      NAME: 'Nina',
      EMAIL: `new.${style}@corp.test`,
      UF_DEPARTMENT: [1],
      USER_TYPE: 'employee',
      // Invited, not yet logged in.
      LAST_LOGIN: '',
    });
  });

  test('no silent drop: every documented field set by add is read back by get, changed by update, read back again', async () => {
    const first = Object.fromEntries(TEXT_FIELDS.map((f) => [f, `${f.toLowerCase()} one`]));
    const { body } = await callIn(t, 'json', 'user.add', {
      ...first,
      EMAIL: 'all.fields@corp.test',
      UF_DEPARTMENT: [1, 3],
      UF_PHONE_INNER: '150',
      PERSONAL_GENDER: 'F',
      PERSONAL_BIRTHDAY: '1990-04-05',
      // The file fields: `[name, base64]` (user.add page).
      PERSONAL_PHOTO: ['face.png', PHOTO[0].toString('base64')],
      WORK_LOGO: ['logo.gif', LOGO[0].toString('base64')],
    });
    const id = body.result as number;
    const read = await userById(id);
    for (const field of TEXT_FIELDS) expect(read?.[field], field).toBe(`${field.toLowerCase()} one`);
    expect(read).toMatchObject({ UF_DEPARTMENT: [1, 3], UF_PHONE_INNER: '150', PERSONAL_GENDER: 'F', EMAIL: 'all.fields@corp.test' });
    expect(read?.PERSONAL_BIRTHDAY).toMatch(/^1990-04-05T/);
    // PERSONAL_PHOTO and WORK_LOGO answer URLs that serve the bytes given, without credentials.
    await expectFile(read?.PERSONAL_PHOTO, PHOTO[0], 'image/png');
    await expectFile(read?.WORK_LOGO, LOGO[0], 'image/gif');

    const second = Object.fromEntries(TEXT_FIELDS.map((f) => [f, `${f.toLowerCase()} two`]));
    const updated = await callIn(t, 'form', 'user.update', {
      ID: id,
      ...second,
      EMAIL: 'changed@corp.test',
      UF_DEPARTMENT: [2],
      UF_PHONE_INNER: '151',
      PERSONAL_GENDER: 'M',
      PERSONAL_BIRTHDAY: '1991-06-07',
      PERSONAL_PHOTO: ['face2.png', PHOTO[1].toString('base64')],
      WORK_LOGO: ['logo2.gif', LOGO[1].toString('base64')],
    });
    expect(updated.body.result).toBe(true);
    const again = await userById(id);
    for (const field of TEXT_FIELDS) expect(again?.[field], field).toBe(`${field.toLowerCase()} two`);
    expect(again).toMatchObject({ UF_DEPARTMENT: [2], UF_PHONE_INNER: '151', PERSONAL_GENDER: 'M', EMAIL: 'changed@corp.test' });
    expect(again?.PERSONAL_BIRTHDAY).toMatch(/^1991-06-07T/);
    await expectFile(again?.PERSONAL_PHOTO, PHOTO[1], 'image/png');
    await expectFile(again?.WORK_LOGO, LOGO[1], 'image/gif');
    // The replaced file is gone.
    expect((await fetchLink(String(read?.PERSONAL_PHOTO))).statusCode).toBe(404);
    // `{remove: "Y"}` clears a file field.
    expect((await callIn(t, 'json', 'user.update', { ID: id, WORK_LOGO: { remove: 'Y' } }, 'webhook')).body.result).toBe(true);
    const cleared = await userById(id);
    expect(cleared?.WORK_LOGO).toBe('');
    expect((await fetchLink(String(again?.WORK_LOGO))).statusCode).toBe(404);
    await expectFile(cleared?.PERSONAL_PHOTO, PHOTO[1], 'image/png');
  });

  test('errors: wrong or taken e-mail, no department, extranet without a group, not an administrator, user_basic', async () => {
    const refused = async (params: Record<string, unknown>, error: string, description: string, credential: Credential = 'webhook') =>
      expect(await callIn(t, 'json', 'user.add', params, credential)).toEqual({
        status: 400,
        body: { error, error_description: description },
      });
    await refused({ UF_DEPARTMENT: [1] }, 'ERROR_ARGUMENT', 'wrong_email');
    await refused({ EMAIL: 'not-an-address', UF_DEPARTMENT: [1] }, 'ERROR_ARGUMENT', 'wrong_email');
    await refused({ EMAIL: 'ANNA.BERG@demo.extcall.local', UF_DEPARTMENT: [1] }, 'ERROR_ARGUMENT', 'A user with this email already exists');
    await refused({ EMAIL: 'x@corp.test' }, 'ERROR_ARGUMENT', 'no_extranet_field');
    await refused({ EMAIL: 'x@corp.test', EXTRANET: 'Y' }, 'ERROR_GROUPID', 'Group code not specified');
    await refused({ EMAIL: 'x@corp.test', EXTRANET: 'Y', SONET_GROUP_ID: [7] }, 'ERROR_NO_GROUP', 'Group is specified incorrectly');
    await refused({ EMAIL: 'x@corp.test', UF_DEPARTMENT: [1] }, 'ERROR_CORE', 'access_denied', await tokenOf(2));
    // B12: the limited user scopes read users but may not add them.
    const basic = await callIn(t, 'json', 'user.add', { EMAIL: 'x@corp.test', UF_DEPARTMENT: [1] }, await tokenOf(1, 'user_basic'));
    expect(basic.status).toBe(403);
    expect(basic.body.error).toBe('insufficient_scope');
    const { body } = await callIn(t, 'json', 'user.get', { FILTER: { EMAIL: 'x@corp.test' } }, 'webhook');
    expect(body.result).toEqual([]);
  });
});

describe('user.update (user.update page, B14)', () => {
  test.each(WIRE_STYLES)("an employee changes their own profile; others' only an administrator (%s)", async (style) => {
    const anna = await tokenOf(2);
    expect((await callIn(t, style, 'user.update', { ID: 2, WORK_POSITION: 'Team lead' }, anna)).body.result).toBe(true);
    expect((await userById(2))?.WORK_POSITION).toBe('Team lead');
    expect(await callIn(t, style, 'user.update', { ID: 3, WORK_POSITION: 'x' }, anna)).toEqual({
      status: 400,
      body: { error: 'ERROR_CORE', error_description: 'access_denied' },
    });
    expect((await userById(3))?.WORK_POSITION).toBe('Sales manager');
    expect(await callIn(t, style, 'user.update', { ID: 999, NAME: 'x' }, 'webhook')).toEqual({
      status: 400,
      body: { error: 'ERROR_CORE', error_description: 'access_denied' },
    });
    expect(await callIn(t, style, 'user.update', { ID: 2, UF_PHONE_INNER: '102' }, 'webhook')).toEqual({
      status: 400,
      body: { error: 'ERROR_CORE', error_description: 'Error updating user fields: extension 102 is not valid or already in use' },
    });
    expect((await userById(2))?.UF_PHONE_INNER).toBe('101');
    expect(await callIn(t, style, 'user.update', { NAME: 'x' }, 'webhook')).toEqual({
      status: 400,
      body: { error: 'ERROR_CORE', error_description: 'access_denied' },
    });
  });

  test('B14: ACTIVE=N dismisses — user.get still answers them with ACTIVE false; their token and webhook stop working', async () => {
    const anna = await tokenOf(2);
    const { code } = await t.portal.services.portal.addWebhook({ userId: 2, scopes: 'user' });
    expect((await callIn(t, 'query', 'user.update', { ID: 2, ACTIVE: 'N' }, 'webhook')).body.result).toBe(true);
    expect((await userById(2))?.ACTIVE).toBe(false);
    const dismissed = await callIn(t, 'json', 'user.get', { FILTER: { ACTIVE: false } }, 'webhook');
    expect(dismissed.body.result.map((u: { ID: string }) => u.ID)).toEqual(['2']);
    expect(await callIn(t, 'json', 'user.current', {}, anna)).toEqual({
      status: 401,
      body: { error: 'authorization_error', error_description: 'Unable to authorize user' },
    });
    const hook = await t.portal.app.inject({ method: 'GET', url: `/rest/2/${code}/user.current` });
    expect(hook.statusCode).toBe(403);
    expect(hook.json().error).toBe('INVALID_CREDENTIALS');
    // Reinstated with ACTIVE=Y, the same token works again.
    await callIn(t, 'json', 'user.update', { ID: 2, ACTIVE: 'Y' }, 'webhook');
    expect((await callIn(t, 'json', 'user.current', {}, anna)).body.result.ID).toBe('2');
  });
});

describe('user.search (user.search page)', () => {
  const ids = (body: Record<string, any>) => (body.result as Array<{ ID: string }>).map((u) => u.ID);

  test.each(WIRE_STYLES)('FIND looks in name, last name and position; with total (%s)', async (style) => {
    const byName = await callIn(t, style, 'user.search', { FILTER: { FIND: 'berg' } }, 'webhook');
    expect(ids(byName.body)).toEqual(['2']);
    expect(byName.body.total).toBe(1);
    expect(ids((await callIn(t, style, 'user.search', { FILTER: { FIND: 'Sales' } }, 'webhook')).body)).toEqual(['2', '3']);
    // FIND and other fields together: FIND alone counts.
    expect(ids((await callIn(t, style, 'user.search', { FILTER: { FIND: 'Novak', NAME: 'Anna' } }, 'webhook')).body)).toEqual(['4']);
  });

  test('field filters match substrings of NAME, LAST_NAME, WORK_POSITION; USER_TYPE; sort and select', async () => {
    expect(ids((await callIn(t, 'json', 'user.search', { FILTER: { NAME: 'nn' } })).body)).toEqual(['2']);
    expect(ids((await callIn(t, 'json', 'user.search', { FILTER: { WORK_POSITION: 'engineer' } })).body)).toEqual(['4']);
    expect(ids((await callIn(t, 'json', 'user.search', { FILTER: { USER_TYPE: 'employee' }, sort: 'ID', order: 'DESC' })).body)).toEqual([
      '4',
      '3',
      '2',
      '1',
    ]);
    const selected = await callIn(t, 'json', 'user.search', { FILTER: { FIND: 'Klein' }, select: ['ID', 'NAME'] });
    expect(selected.body.result).toEqual([{ ID: '3', NAME: 'Boris' }]);
  });
});

describe('user.admin, user.access (the system methods overview)', () => {
  test.each(WIRE_STYLES)('user.admin: true for an administrator, false for an employee (%s)', async (style) => {
    expect((await callIn(t, style, 'user.admin', {}, 'webhook')).body.result).toBe(true);
    expect((await callIn(t, style, 'user.admin', {}, await tokenOf(2))).body.result).toBe(false);
  });

  test('user.access: whether the caller holds any of the access codes', async () => {
    const anna = await tokenOf(2);
    const access = async (codes: string[], credential: Credential) =>
      (await callIn(t, 'json', 'user.access', { ACCESS: codes }, credential)).body.result;
    expect(await access(['G1'], 'webhook')).toBe(true);
    expect(await access(['G1'], anna)).toBe(false);
    expect(await access(['U2'], anna)).toBe(true);
    expect(await access(['U3', 'AU'], anna)).toBe(true);
    expect(await access(['U3'], anna)).toBe(false);
    expect(await access([], anna)).toBe(false);
    expect((await callIn(t, 'query', 'user.access', { ACCESS: ['D1'] }, anna)).body.result).toBe(true);
  });
});

describe('user.option.get|set (user.option.get, user.option.set pages)', () => {
  test.each(WIRE_STYLES)('each user of the application has their own options (%s)', async (style) => {
    const anna = await tokenOf(2);
    expect((await callIn(t, style, 'user.option.set', { options: { theme: 'dark' } }, anna)).body.result).toBe(true);
    expect((await callIn(t, style, 'user.option.get', { option: 'theme' }, anna)).body.result).toBe('dark');
    expect((await callIn(t, style, 'user.option.get', {}, anna)).body.result).toEqual({ theme: 'dark' });
    expect((await callIn(t, style, 'user.option.get', {})).body.result).toEqual([]);
    expect((await callIn(t, style, 'user.option.get', { option: 'none' }, anna)).body.result).toBeNull();
    // Application options are another store.
    expect((await callIn(t, style, 'app.option.get', {}, anna)).body.result).toEqual([]);
  });

  test('webhooks: 400 AccessException; empty options: ArgumentNullException', async () => {
    expect(await callIn(t, 'json', 'user.option.set', { options: { a: 1 } }, 'webhook')).toEqual({
      status: 400,
      body: { error: 'AccessException', error_description: 'Application context required' },
    });
    expect(await callIn(t, 'json', 'user.option.set', {})).toEqual({
      status: 400,
      body: { error: 'ArgumentNullException', error_description: 'options is empty' },
    });
  });
});

describe('user.fields (user.fields page)', () => {
  test("fields parity: the reference's field list, in its order, with its titles", async () => {
    const { body } = await callIn(t, 'json', 'user.fields');
    expect(body.result).toEqual(referenceResult('user-fields'));
    expect(Object.keys(body.result)).toEqual(Object.keys(referenceResult('user-fields') as object));
  });
});
