import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { signInConsole } from '../helpers/console.js';
import { ok } from '../helpers/rest-calls.js';

let t: TestPortal;
beforeEach(async () => {
  t = await startTestPortal();
});
afterEach(() => t.close());

async function contactId(name: string): Promise<number> {
  const [found] = (await ok(t, 'crm.contact.list', { filter: { NAME: name } })) as Array<{ ID: string }>;
  return Number(found!.ID);
}

describe('console CRM', () => {
  test("a contact's timeline shows its call (linked to the call) and a comment, newest first", async () => {
    const andrew = await contactId('Andrew');
    const call = await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2 });
    t.clock.advanceSeconds(10);
    await ok(t, 'telephony.externalCall.finish', { CALL_ID: call.CALL_ID, USER_ID: 2, DURATION: 95 });
    t.clock.advanceSeconds(60);
    await ok(t, 'crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'contact', ENTITY_ID: andrew, COMMENT: 'Asked for <b>a quote</b>' } });

    const session = await signInConsole(t);
    const page = await session.get(`/console/crm/contacts/${andrew}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Contact: Andrew Johnson');
    expect(page.body).toContain('+1 555 0100');
    expect(page.body).toContain('andrew@northwind.example');
    const timeline = /<ol class="timeline" id="crm-timeline">([\s\S]*?)<\/ol>/.exec(page.body)?.[1] ?? '';
    expect(timeline).toContain('Incoming call');
    expect(timeline).toContain(`href="/console/calls/${call.CALL_ID}"`);
    expect(timeline).toMatch(/duration \d+:\d\d/);
    // The comment is escaped, and newer than the call: it comes first.
    expect(timeline).toContain('Asked for &lt;b&gt;a quote&lt;/b&gt;');
    expect(timeline.indexOf('Asked for')).toBeLessThan(timeline.indexOf('Incoming call'));
    expect(timeline).toMatch(/<time datetime="2026-03-10T\d\d:\d\d:\d\d\+01:00">/);

    // An employee who did not take the call sees the entry but no link to a call they may not see.
    const other = await signInConsole(t, 3);
    const otherPage = await other.get(`/console/crm/contacts/${andrew}`);
    expect(otherPage.status).toBe(200);
    expect(otherPage.body).toContain('Incoming call');
    expect(otherPage.body).not.toContain(`/console/calls/${call.CALL_ID}`);
  });

  test('search finds by name; the lists of the four kinds answer, sorted and with tabs', async () => {
    const session = await signInConsole(t, 2);
    const found = await session.get('/console/crm/contacts?name=Mar');
    expect(found.status).toBe(200);
    expect(found.body).toContain('Maria Garcia');
    expect(found.body).not.toContain('Andrew Johnson');
    const byPhone = await session.get(`/console/crm/contacts?phone=${encodeURIComponent('+1 555 0100')}`);
    expect(byPhone.body).toContain('Andrew Johnson');
    expect(byPhone.body).not.toContain('Maria Garcia');
    const none = await session.get('/console/crm/contacts?name=Zebediah');
    expect(none.body).toContain('No contacts match.');

    const companies = await session.get('/console/crm/companies?sort=TITLE&order=asc');
    expect(companies.body.indexOf('Blue Harbor Logistics')).toBeLessThan(companies.body.indexOf('Northwind Traders'));
    const desc = await session.get('/console/crm/companies?sort=TITLE&order=desc');
    expect(desc.body.indexOf('Northwind Traders')).toBeLessThan(desc.body.indexOf('Blue Harbor Logistics'));
    expect((await session.get('/console/crm/deals?title=renewal')).body).toContain('Northwind: support renewal');
    expect((await session.get('/console/crm/leads')).body).toContain('Website enquiry: softphone licences');
    expect(companies.body).toMatch(/<a href="\/console\/crm\/companies"\s+aria-current="page">Companies<\/a>/);
  });

  test('an unknown or malformed id is a 404 page', async () => {
    const session = await signInConsole(t);
    expect((await session.get('/console/crm/contacts/99999')).status).toBe(404);
    expect((await session.get('/console/crm/deals/abc')).status).toBe(404);
  });
});
