import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../../test/helpers/databases.js';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { ok } from '../../../../test/helpers/rest-calls.js';

/**
 * No silent drop (crm.lead.add|get|update, crm.contact.*, crm.company.*, crm.deal.*, each against its
 * reference page): every writable field of crm.<kind>.fields is set by add, read back by get with its
 * documented JSON type (strings, "Y"/"N", dates as ISO 8601 with the portal's offset, multifields as
 * lists), changed by update, and read back again. File fields (PHOTO, LOGO) are given as
 * `{fileData: [name, base64]}`, answer `{id, showUrl, downloadUrl}` (crm.contact.get, crm.company.get)
 * and their links serve the bytes given. On SQLite and on PostgreSQL (the columns of migration 016).
 */
let t: TestPortal;
let companies: number[];
let contacts: number[];

/** Dictionary values per status type, two of each: one for add, one for update. */
const STATUSES: Record<string, [string, string]> = {
  HONORIFIC: ['HNR_EN_2', 'HNR_EN_3'],
  SOURCE: ['WEB', 'EMAIL'],
  STATUS: ['IN_PROCESS', 'PROCESSED'],
  CONTACT_TYPE: ['PARTNER', 'SUPPLIER'],
  COMPANY_TYPE: ['PARTNER', 'OTHER'],
  INDUSTRY: ['IT', 'TELECOM'],
  EMPLOYEES: ['EMPLOYEES_2', 'EMPLOYEES_3'],
  DEAL_TYPE: ['SALE', 'COMPLEX'],
  DEAL_STAGE: ['PREPARATION', 'EXECUTING'],
};

interface Descriptor {
  type: string;
  isReadOnly: boolean;
  isImmutable: boolean;
  isMultiple: boolean;
  statusType?: string;
}

/** The bytes a file field is given in a round: a PNG signature and some data of its own. */
function fileBytes(name: string, round: 0 | 1): Buffer {
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from(`${name} bytes ${round}`),
    Buffer.from([0, 255, round]),
  ]);
}

/** Fetches a link handed out in an answer through the portal. */
async function download(url: string) {
  const { pathname, search } = new URL(url);
  const res = await t.portal.app.inject({ method: 'GET', url: `${pathname}${search}` });
  return { status: res.statusCode, type: res.headers['content-type'], length: res.headers['content-length'], body: res.rawPayload };
}

/** The value a round (0 add, 1 update) writes into a field, and what get must answer for it. */
function valueFor(name: string, d: Descriptor, round: 0 | 1): { input: unknown; answer: unknown } {
  const pick = <T>(pair: [T, T]) => pair[round];
  switch (d.type) {
    case 'string':
      return { input: `${name} value ${round}`, answer: `${name} value ${round}` };
    case 'integer':
      return { input: 40 + round, answer: String(40 + round) };
    case 'char':
      return pick([
        { input: 'N', answer: 'N' },
        { input: 'Y', answer: 'Y' },
      ]);
    case 'date':
      return pick([
        { input: '1990-05-17', answer: '1990-05-17T00:00:00+02:00' },
        { input: '2026-12-24', answer: '2026-12-24T00:00:00+01:00' },
      ]);
    case 'datetime':
      return pick([
        { input: '2026-03-01T09:30:00+01:00', answer: '2026-03-01T09:30:00+01:00' },
        { input: '2026-03-02T10:45:00+01:00', answer: '2026-03-02T10:45:00+01:00' },
      ]);
    case 'double':
      return pick([
        { input: '12500.5', answer: name === 'REVENUE' ? '12500.5' : '12500.50' },
        { input: 99, answer: name === 'REVENUE' ? '99' : '99.00' },
      ]);
    case 'user':
      return { input: 2 + round, answer: String(2 + round) };
    case 'crm_status': {
      const value = pick(STATUSES[d.statusType!]!);
      return { input: value, answer: value };
    }
    case 'crm_currency':
      return pick([
        { input: 'EUR', answer: 'EUR' },
        { input: 'GBP', answer: 'GBP' },
      ]);
    case 'crm_company':
      return d.isMultiple
        ? { input: companies, answer: companies.map(String) }
        : { input: companies[round], answer: String(companies[round]) };
    case 'crm_contact':
      return d.isMultiple
        ? { input: round === 0 ? contacts : [contacts[1]], answer: (round === 0 ? contacts : [contacts[1]]).map(String) }
        : { input: contacts[round], answer: String(contacts[round]) };
    case 'crm_category':
      // The default pipeline; an update cannot move the deal (isImmutable).
      return { input: round, answer: String(round) };
    case 'location':
      return { input: `loc-${round}`, answer: `loc-${round}` };
    case 'crm_multifield': {
      const values: Record<string, [string, string]> = {
        PHONE: ['+1 202 555 0147', '+1 202 555 0148'],
        EMAIL: ['one@example.com', 'two@example.com'],
        WEB: ['https://one.example', 'https://two.example'],
        IM: ['skype.one', 'skype.two'],
        LINK: ['https://link.one', 'https://link.two'],
      };
      const value = pick(values[name]!);
      return {
        input: [{ VALUE: value, VALUE_TYPE: 'WORK' }],
        answer: [{ ID: expect.any(String), VALUE_TYPE: 'WORK', VALUE: value, TYPE_ID: name }],
      };
    }
    case 'file':
      return {
        input: { fileData: [`${name.toLowerCase()}-${round}.png`, fileBytes(name, round).toString('base64')] },
        answer: { id: expect.any(Number), showUrl: expect.any(String), downloadUrl: expect.any(String) },
      };
    default:
      return { input: undefined, answer: `a test value for ${d.type}` };
  }
}

describe.each(DIALECTS)('on $name', (dialect) => {
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const location = await dialect.setup();
    cleanup = location.cleanup;
    t = await startTestPortal({ database: location.location });
    companies = [
      await ok(t, 'crm.company.add', { fields: { TITLE: 'Bound A' } }),
      await ok(t, 'crm.company.add', { fields: { TITLE: 'Bound B' } }),
    ];
    contacts = [
      await ok(t, 'crm.contact.add', { fields: { NAME: 'Bound C' } }),
      await ok(t, 'crm.contact.add', { fields: { NAME: 'Bound D' } }),
    ];
  });
  afterAll(async () => {
    await t?.close();
    await cleanup?.();
  });

  describe.each([
    ['lead', 'crm.lead'],
    ['contact', 'crm.contact'],
    ['company', 'crm.company'],
    ['deal', 'crm.deal'],
  ])('%s: every writable field is kept', (_kind, prefix) => {
    test(`${prefix}.add → get → update → get`, async () => {
      const descriptors = (await ok(t, `${prefix}.fields`)) as Record<string, Descriptor>;
      // Everything that is not read-only is kept, files included.
      const writable = Object.entries(descriptors).filter(([, d]) => !d.isReadOnly);
      expect(writable.length).toBeGreaterThan(15);
      const multiple = (name: string, d: Descriptor) => d.isMultiple && d.type !== 'crm_multifield' && name !== 'PHONE';
      const read = async (id: number) => {
        const entity = (await ok(t, `${prefix}.get`, { id })) as Record<string, unknown>;
        // Binding lists (CONTACT_IDS …) come only from list, when selected.
        const listed = (await ok(t, `${prefix}.list`, {
          filter: { ID: id },
          select: writable.filter(([name, d]) => multiple(name, d)).map(([name]) => name),
        })) as Array<Record<string, unknown>>;
        return { ...entity, ...listed[0] };
      };
      let created = 0;
      for (const round of [0, 1] as const) {
        const fields = Object.fromEntries(writable.map(([name, d]) => [name, valueFor(name, d, round).input]));
        let id: number;
        if (round === 0) {
          id = await ok(t, `${prefix}.add`, { fields });
          expect(typeof id).toBe('number');
          created = id;
        } else {
          id = created;
          // Multifields given again are added to the existing ones: replace them by ID instead.
          const before = await ok(t, `${prefix}.get`, { id });
          for (const [name, d] of writable) {
            if (d.type !== 'crm_multifield') continue;
            const { input } = valueFor(name, d, 1);
            fields[name] = [{ ID: before[name][0].ID, ...(input as Array<Record<string, unknown>>)[0] }];
          }
          expect(await ok(t, `${prefix}.update`, { id, fields })).toBe(true);
        }
        const entity = await read(id);
        for (const [name, d] of writable) {
          // CATEGORY_ID is immutable: update leaves the deal in its pipeline.
          const expected = d.isImmutable ? valueFor(name, d, 0).answer : valueFor(name, d, round).answer;
          expect({ name, value: entity[name] }).toEqual({ name, value: expected });
          if (d.type === 'file') {
            for (const key of ['showUrl', 'downloadUrl']) {
              const file = await download((entity[name] as Record<string, string>)[key]!);
              expect(file.status).toBe(200);
              expect(file.type).toBe('image/png');
              expect(Number(file.length)).toBe(fileBytes(name, round).length);
              expect(file.body.equals(fileBytes(name, round))).toBe(true);
            }
          }
        }
      }
    });
  });

  describe.each([
    ['crm.contact', 'PHOTO', 'NAME'],
    ['crm.company', 'LOGO', 'TITLE'],
  ])('%s.%s: a file field', (prefix, field, nameField) => {
    const png = (text: string) => ({ fileData: ['logo.png', Buffer.from(text).toString('base64')] });

    test('the remove form clears it; list answers it; delete removes the file', async () => {
      const id = await ok(t, `${prefix}.add`, { fields: { [nameField]: 'With a file', [field]: png('first') } });
      const listed = (await ok(t, `${prefix}.list`, { filter: { ID: id }, select: ['ID', field] })) as Array<Record<string, any>>;
      expect(listed[0]![field]).toEqual({ id: expect.any(Number), showUrl: expect.any(String), downloadUrl: expect.any(String) });
      const link = listed[0]![field].showUrl as string;
      expect((await download(link)).body.toString()).toBe('first');
      // Ids are random: another one names no file; a wrong signature asks for credentials.
      const forged = link.replace(/\/files\/[^/]+\//, '/files/AAAAAAAAAAAAAAAAAAAAAA/');
      const guessed = await download(forged);
      expect(guessed.status).toBe(404);
      expect(JSON.parse(guessed.body.toString())).toEqual({ error: 'NOT_FOUND', error_description: 'No such file' });
      expect((await download(link.replace(/signature=[^&]+/, 'signature=forged'))).status).toBe(401);
      // The caller's access token opens it too.
      const { pathname } = new URL(link);
      const byToken = await t.portal.app.inject({ method: 'GET', url: `${pathname}?auth=${t.demo.app.accessToken}` });
      expect(byToken.statusCode).toBe(200);
      expect(byToken.rawPayload.toString()).toBe('first');
      const byHook = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}files${pathname.slice('/files'.length)}` });
      expect(byHook.statusCode).toBe(200);

      // A value that is not base64 is refused before anything is written.
      const bad = await t.portal.app.inject({
        method: 'POST',
        url: `/rest/${prefix}.update`,
        payload: { id, fields: { [field]: { fileData: ['x.png', '***'] } }, auth: t.demo.app.accessToken },
      });
      expect(bad.statusCode).toBe(400);
      expect((await ok(t, `${prefix}.get`, { id }))[field].id).toBe(listed[0]![field].id);

      expect(await ok(t, `${prefix}.update`, { id, fields: { [field]: { remove: 'Y' } } })).toBe(true);
      expect((await ok(t, `${prefix}.get`, { id }))[field]).toBeNull();
      expect((await download(link)).status).toBe(404);

      expect(await ok(t, `${prefix}.update`, { id, fields: { [field]: png('second') } })).toBe(true);
      const second = (await ok(t, `${prefix}.get`, { id }))[field].downloadUrl as string;
      expect((await download(second)).body.toString()).toBe('second');
      // A comment with a file on the entity: deleting the entity removes the comment and its file.
      const commentId = await ok(t, 'crm.timeline.comment.add', {
        fields: { ENTITY_ID: id, ENTITY_TYPE: prefix.split('.')[1], COMMENT: 'with a file', FILES: [['c.txt', 'Yw==']] },
      });
      const comment = await ok(t, 'crm.timeline.comment.get', { id: commentId });
      const commentFile = (Object.values(comment.FILES)[0] as Record<string, string>).urlDownload!;
      expect((await download(commentFile)).body.toString()).toBe('c');
      expect(await ok(t, `${prefix}.delete`, { id })).toBe(true);
      expect((await download(second)).status).toBe(404);
      expect((await download(commentFile)).status).toBe(404);
    });
  });
});
