import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, expectError, ok } from '../../../../test/helpers/rest-calls.js';
import { EventReceiver, ofEvent } from '../../../../test/helpers/event-receiver.js';
import { callIn as callWith, WIRE_STYLES, type WireStyle } from '../../../../test/helpers/wire-styles.js';

/**
 * crm.timeline.comment.add, .get, .list, .update, .delete, .fields (each against its reference page);
 * the events ONCRMTIMELINECOMMENTADD, ONCRMTIMELINECOMMENTUPDATE, ONCRMTIMELINECOMMENTDELETE (H16).
 */
let t: TestPortal;
let receiver: EventReceiver;
beforeAll(async () => {
  t = await startTestPortal({ allowPrivateEventHandlers: true });
  receiver = await new EventReceiver().listen();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

/** JSON with the demo app's token; form and query string through the demo webhook. */
const okIn = async (style: WireStyle, method: string, params: Record<string, unknown> = {}) => {
  const { status, body } = await callWith(t, style, method, params, style === 'json' ? { token: t.demo.app.accessToken } : 'webhook');
  expect(status, `${style} ${method}: ${JSON.stringify(body)}`).toBe(200);
  return body.result;
};

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/;

describe('crm.timeline.comment.add → get → list → update → delete', () => {
  for (const style of WIRE_STYLES) {
    test(`in the ${style} style`, async () => {
      const company = await ok(t, 'crm.company.add', { fields: { TITLE: `Commented ${style}` } });
      const id = await okIn(style, 'crm.timeline.comment.add', {
        fields: { ENTITY_ID: company, ENTITY_TYPE: 'company', COMMENT: 'First call went well' },
      });
      expect(typeof id).toBe('number');
      const comment = await okIn(style, 'crm.timeline.comment.get', { id });
      expect(comment).toEqual({
        ID: String(id),
        ENTITY_ID: String(company),
        ENTITY_TYPE: 'company',
        CREATED: expect.stringMatching(ISO),
        COMMENT: 'First call went well',
        AUTHOR_ID: '1',
        FILES: {},
      });
      const list = await okIn(style, 'crm.timeline.comment.list', { filter: { ENTITY_ID: company, ENTITY_TYPE: 'company' } });
      expect(list).toEqual([comment]);
      expect(await okIn(style, 'crm.timeline.comment.update', { id, fields: { COMMENT: 'Second thoughts' } })).toBe(id);
      expect((await okIn(style, 'crm.timeline.comment.get', { id })).COMMENT).toBe('Second thoughts');
      expect(await okIn(style, 'crm.timeline.comment.delete', { id })).toBeNull();
      await expectError(t, 'crm.timeline.comment.get', { id }, 400, '', 'Not found.');
    });
  }
});

describe('demo data', () => {
  test('the demo contacts have a comment each on a fresh portal', async () => {
    for (const contact of [1, 2]) {
      expect(await ok(t, 'crm.timeline.comment.list', { filter: { ENTITY_ID: contact, ENTITY_TYPE: 'contact' } })).toHaveLength(1);
    }
  });
});

describe('owners of every CRM kind', () => {
  test('comments on a deal and a lead; ENTITY_TYPE in any letter case is stored in lower case', async () => {
    const deal = await ok(t, 'crm.deal.add', { fields: { TITLE: 'Commented deal' } });
    const id = await ok(t, 'crm.timeline.comment.add', { fields: { ENTITY_ID: deal, ENTITY_TYPE: 'Deal', COMMENT: 'Signed' } });
    expect(await ok(t, 'crm.timeline.comment.get', { id })).toMatchObject({ ENTITY_TYPE: 'deal', ENTITY_ID: String(deal) });
    const listed = await ok(t, 'crm.timeline.comment.list', { filter: { ENTITY_ID: deal, ENTITY_TYPE: 'deal' } });
    expect(listed.map((c: { ID: string }) => c.ID)).toEqual([String(id)]);
    expect(await ok(t, 'crm.timeline.comment.update', { id, ownerTypeId: 2, ownerId: deal, fields: { COMMENT: 'Signed twice' } })).toBe(id);
  });
});

describe('errors (the add, get, update and delete pages)', () => {
  test('required fields, empty comment, unknown owner; unknown comment; bad id', async () => {
    await expectError(
      t,
      'crm.timeline.comment.add',
      { fields: { ENTITY_TYPE: 'contact', COMMENT: 'x' } },
      400,
      '100',
      'Required fields are not provided',
    );
    await expectError(
      t,
      'crm.timeline.comment.add',
      { fields: { ENTITY_ID: 1, COMMENT: 'x' } },
      400,
      '100',
      'Required fields are not provided',
    );
    // Only the lower-case `fields` key counts.
    await expectError(
      t,
      'crm.timeline.comment.add',
      { FIELDS: { ENTITY_ID: 1, ENTITY_TYPE: 'contact', COMMENT: 'x' } },
      400,
      '100',
      'Required fields are not provided',
    );
    await expectError(
      t,
      'crm.timeline.comment.add',
      { fields: { ENTITY_ID: 1, ENTITY_TYPE: 'contact', COMMENT: ' ' } },
      400,
      'INVALID_ARG_VALUE',
      'Empty comment',
    );
    await expectError(
      t,
      'crm.timeline.comment.add',
      { fields: { ENTITY_ID: 999_999, ENTITY_TYPE: 'contact', COMMENT: 'x' } },
      400,
      'OWNER_NOT_FOUND',
      'Owner of the item not found',
    );
    await expectError(
      t,
      'crm.timeline.comment.add',
      { fields: { ENTITY_ID: 1, ENTITY_TYPE: 'order', COMMENT: 'x' } },
      400,
      'OWNER_NOT_FOUND',
      'Owner of the item not found',
    );
    await expectError(t, 'crm.timeline.comment.get', { id: 'x' }, 400, '', 'ID is not defined or invalid.');
    await expectError(t, 'crm.timeline.comment.update', { id: 999_999, fields: { COMMENT: 'x' } }, 400, 'NOT_FOUND', 'Not found.');
    await expectError(t, 'crm.timeline.comment.delete', { id: 999_999 }, 400, 'NOT_FOUND', 'Not found.');
    const id = await ok(t, 'crm.timeline.comment.add', { fields: { ENTITY_ID: 1, ENTITY_TYPE: 'contact', COMMENT: 'Keep me' } });
    await expectError(t, 'crm.timeline.comment.update', { id, fields: { COMMENT: '' } }, 400, 'INVALID_ARG_VALUE', 'Empty comment');
    // ownerTypeId + ownerId must name the comment's owner.
    await expectError(t, 'crm.timeline.comment.delete', { id, ownerTypeId: 4, ownerId: 1 }, 400, 'NOT_FOUND', 'Not found.');
    expect(await ok(t, 'crm.timeline.comment.delete', { id, ownerTypeId: 3, ownerId: 1 })).toBeNull();
    // The list needs its owner.
    await expectError(t, 'crm.timeline.comment.list', {}, 400, '', 'Access denied');
    await expectError(t, 'crm.timeline.comment.list', { filter: { ENTITY_ID: 999_999, ENTITY_TYPE: 'lead' } }, 400, '', 'Access denied');
  });
});

describe('crm.timeline.comment.list paging, order and select', () => {
  test('newest first by default (decision); order by ID; select; 50 a page with total and next', async () => {
    const lead = await ok(t, 'crm.lead.add', { fields: { TITLE: 'Many comments' } });
    const ids: number[] = [];
    for (let i = 0; i < 52; i++) {
      ids.push(await ok(t, 'crm.timeline.comment.add', { fields: { ENTITY_ID: lead, ENTITY_TYPE: 'LEAD', COMMENT: `note ${i}` } }));
    }
    const filter = { ENTITY_ID: lead, ENTITY_TYPE: 'lead' };
    const first = await callApp(t, 'crm.timeline.comment.list', { filter });
    expect(first.body.result).toHaveLength(50);
    expect(first.body.total).toBe(52);
    expect(first.body.next).toBe(50);
    expect(first.body.result[0].ID).toBe(String(ids[51]));
    const second = await callApp(t, 'crm.timeline.comment.list', { filter, start: 50, order: { ID: 'ASC' }, select: ['ID', 'COMMENT'] });
    expect(second.body.result).toEqual([
      { ID: String(ids[50]), COMMENT: 'note 50' },
      { ID: String(ids[51]), COMMENT: 'note 51' },
    ]);
    expect(second.body).not.toHaveProperty('next');
  });
});

describe('no silent drop: every writable comment field (crm.timeline.comment.fields)', () => {
  /** A 1×1 GIF and a text file, as the add page's example attaches them. */
  const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
  const TEXT = Buffer.from('minutes of the call\n');
  const fetchLink = async (url: string) => {
    const { pathname, search } = new URL(url);
    return t.portal.app.inject({ method: 'GET', url: `${pathname}${search}` });
  };

  test('ENTITY_ID, ENTITY_TYPE, AUTHOR_ID, COMMENT, FILES set by add and read back; COMMENT and FILES changed by update', async () => {
    const fields = await ok(t, 'crm.timeline.comment.fields');
    const writable = Object.keys(fields).filter((name) => !fields[name].isReadOnly);
    expect(writable).toEqual(['ENTITY_ID', 'ENTITY_TYPE', 'AUTHOR_ID', 'COMMENT', 'FILES']);
    const id = await ok(t, 'crm.timeline.comment.add', {
      fields: {
        ENTITY_ID: 2,
        ENTITY_TYPE: 'contact',
        AUTHOR_ID: 3,
        COMMENT: 'By Anna',
        FILES: [
          ['1.gif', GIF.toString('base64')],
          ['notes.txt', TEXT.toString('base64')],
        ],
      },
    });
    const added = await ok(t, 'crm.timeline.comment.get', { id });
    expect(added).toMatchObject({ ENTITY_ID: '2', ENTITY_TYPE: 'contact', AUTHOR_ID: '3', COMMENT: 'By Anna' });
    // FILES: a map of file id to the file (crm.timeline.comment.get's answer example).
    const files = Object.values(added.FILES) as Array<Record<string, any>>;
    expect(Object.keys(added.FILES)).toEqual(files.map((f) => String(f.id)));
    expect(files).toEqual([
      {
        id: expect.any(Number),
        date: expect.stringMatching(ISO),
        type: 'image',
        name: '1.gif',
        size: GIF.length,
        image: { width: 1, height: 1 },
        authorId: 3,
        authorName: expect.any(String),
        urlPreview: expect.any(String),
        urlShow: expect.any(String),
        urlDownload: expect.any(String),
      },
      expect.objectContaining({ type: 'file', name: 'notes.txt', size: TEXT.length }),
    ]);
    const gif = await fetchLink(files[0]!.urlDownload);
    expect(gif.statusCode).toBe(200);
    expect(gif.headers['content-type']).toBe('image/gif');
    expect(gif.rawPayload.equals(GIF)).toBe(true);
    expect((await fetchLink(files[1]!.urlShow)).rawPayload.equals(TEXT)).toBe(true);
    // list answers the same map.
    const listed = await ok(t, 'crm.timeline.comment.list', {
      filter: { ENTITY_ID: 2, ENTITY_TYPE: 'contact', ID: id },
      select: ['ID', 'FILES'],
    });
    expect(Object.keys(listed[0].FILES)).toEqual(Object.keys(added.FILES));

    // ENTITY_ID, ENTITY_TYPE and AUTHOR_ID are immutable: update changes COMMENT and FILES.
    await ok(t, 'crm.timeline.comment.update', {
      id,
      fields: { COMMENT: 'Edited', ENTITY_ID: 1, AUTHOR_ID: 2, FILES: [['2.txt', Buffer.from('second').toString('base64')]] },
    });
    const updated = await ok(t, 'crm.timeline.comment.get', { id });
    expect(updated).toMatchObject({ ENTITY_ID: '2', AUTHOR_ID: '3', COMMENT: 'Edited' });
    const after = Object.values(updated.FILES) as Array<Record<string, any>>;
    expect(after.map((f) => f.name)).toEqual(['2.txt']);
    expect((await fetchLink(after[0]!.urlDownload)).rawPayload.toString()).toBe('second');
    // The replaced files are gone.
    expect((await fetchLink(files[0]!.urlDownload)).statusCode).toBe(404);

    // An empty list removes them; delete removes the comment's files.
    await ok(t, 'crm.timeline.comment.update', { id, fields: { COMMENT: 'Edited', FILES: [] } });
    expect((await ok(t, 'crm.timeline.comment.get', { id })).FILES).toEqual({});
    await ok(t, 'crm.timeline.comment.update', { id, fields: { COMMENT: 'Edited', FILES: [['3.txt', 'dGhyZWU=']] } });
    const third = Object.values((await ok(t, 'crm.timeline.comment.get', { id })).FILES as Record<string, any>)[0].urlDownload;
    await ok(t, 'crm.timeline.comment.delete', { id });
    expect((await fetchLink(third)).statusCode).toBe(404);
  });
});

describe('events (H16)', () => {
  test('ONCRMTIMELINECOMMENTADD, …UPDATE, …DELETE carry data[FIELDS][ID]', async () => {
    const events = ['ONCRMTIMELINECOMMENTADD', 'ONCRMTIMELINECOMMENTUPDATE', 'ONCRMTIMELINECOMMENTDELETE'];
    for (const event of events) expect(await ok(t, 'event.bind', { event, handler: receiver.url })).toBe(true);
    const id = await ok(t, 'crm.timeline.comment.add', { fields: { ENTITY_ID: 1, ENTITY_TYPE: 'contact', COMMENT: 'Evented' } });
    await ok(t, 'crm.timeline.comment.update', { id, fields: { COMMENT: 'Evented again' } });
    await ok(t, 'crm.timeline.comment.delete', { id });
    for (const event of events) {
      const [received] = await receiver.waitFor(1, ofEvent(event));
      expect(received!.fields.data.FIELDS.ID).toBe(String(id));
    }
  });
});
