import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { ok } from '../../../../test/helpers/rest-calls.js';

/**
 * crm.lead.fields, crm.contact.fields, crm.company.fields, crm.deal.fields against the field lists of
 * their reference pages (vendored under test/fixtures/reference/). The pages' portals also show their
 * own user fields (UF_*) and links to their smart processes (PARENT_ID_*): those are the portal's,
 * not the entity's, and are left out of the comparison.
 */
let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
});
afterAll(() => t.close());

function referenceFields(page: string): Record<string, unknown> {
  const url = new URL(`../../../../test/fixtures/reference/${page}.json`, import.meta.url);
  const result = (JSON.parse(readFileSync(url, 'utf8')) as { result: Record<string, unknown> }).result;
  return Object.fromEntries(Object.entries(result).filter(([name]) => !name.startsWith('UF_') && !name.startsWith('PARENT_ID_')));
}

describe.each([
  ['crm.lead.fields', 'crm-lead-fields'],
  ['crm.contact.fields', 'crm-contact-fields'],
  ['crm.company.fields', 'crm-company-fields'],
  ['crm.deal.fields', 'crm-deal-fields'],
])('%s (its reference page)', (method, page) => {
  test('every documented field with its type, flags and title, in the reference order', async () => {
    const answer = (await ok(t, method)) as Record<string, unknown>;
    const reference = referenceFields(page);
    expect(Object.keys(answer)).toEqual(Object.keys(reference));
    for (const [name, descriptor] of Object.entries(reference)) {
      expect({ name, descriptor: answer[name] }).toEqual({ name, descriptor });
      // Key order too, as a client printing the answer sees it.
      expect(Object.keys(answer[name] as object)).toEqual(Object.keys(descriptor as object));
    }
  });
});
