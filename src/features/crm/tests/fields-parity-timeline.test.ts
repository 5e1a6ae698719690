import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { ok } from '../../../../test/helpers/rest-calls.js';
import { referenceResult } from '../../../../test/parity/reference-examples.js';

/**
 * Fields parity: each answer compared, key for key and flag for flag, with the field list of its
 * reference page (vendored under test/fixtures/reference/): crm.activity.fields,
 * crm.timeline.comment.fields, crm.status.fields, crm.multifield.fields, crm.enum.fields.
 */
let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
});
afterAll(() => t.close());

const PAGES: Array<[method: string, fixture: string]> = [
  ['crm.activity.fields', 'crm-activity-fields'],
  ['crm.timeline.comment.fields', 'crm-timeline-comment-fields'],
  ['crm.status.fields', 'crm-status-fields'],
  ['crm.multifield.fields', 'crm-multifield-fields'],
  ['crm.enum.fields', 'crm-enum-fields'],
];

describe('fields parity with the reference pages', () => {
  for (const [method, fixture] of PAGES) {
    test(`${method}: every documented field, in the page's order, with its type, flags and title`, async () => {
      const ours = await ok(t, method);
      const reference = referenceResult(fixture) as Record<string, unknown>;
      expect(Object.keys(ours)).toEqual(Object.keys(reference));
      for (const name of Object.keys(reference)) expect({ [name]: ours[name] }).toEqual({ [name]: reference[name] });
    });
  }
});
