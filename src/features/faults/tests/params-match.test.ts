import { describe, expect, test } from 'vitest';
import { paramsMatch } from '../params-match.js';

/** Parameter matching of `fail` switches: the values a method would read, whatever the wire form. */
describe('paramsMatch', () => {
  test('no expectation matches every call', () => {
    expect(paramsMatch(undefined, { anything: 1 })).toBe(true);
    expect(paramsMatch({}, {})).toBe(true);
  });

  test('scalars compare as text, the way query, form and JSON input mean the same', () => {
    expect(paramsMatch({ ID: 2 }, { ID: '2' })).toBe(true);
    expect(paramsMatch({ ID: '2' }, { ID: 2 })).toBe(true);
    expect(paramsMatch({ SHOW: true }, { SHOW: '1' })).toBe(true);
    expect(paramsMatch({ ID: 2 }, { ID: '20' })).toBe(false);
    expect(paramsMatch({ ID: 2 }, {})).toBe(false);
    expect(paramsMatch({ ID: 2 }, { ID: { 0: '2' } })).toBe(false);
  });

  test('keys are exact, as the parameter readers read them (A26)', () => {
    expect(paramsMatch({ CALL_ID: 'x' }, { call_id: 'x' })).toBe(false);
  });

  test('nested objects entry by entry; lists in order, PHP-style index maps too', () => {
    const params = { fields: { TITLE: 'Poison', PHONE: { 0: { VALUE: '111' } } }, other: 1 };
    expect(paramsMatch({ fields: { TITLE: 'Poison' } }, params)).toBe(true);
    expect(paramsMatch({ fields: { PHONE: [{ VALUE: 111 }] } }, params)).toBe(true);
    expect(paramsMatch({ fields: { TITLE: 'Other' } }, params)).toBe(false);
    expect(paramsMatch({ fields: 'Poison' }, params)).toBe(false);
  });

  test('null expects the parameter to be absent', () => {
    expect(paramsMatch({ CRM_CREATE: null }, {})).toBe(true);
    expect(paramsMatch({ CRM_CREATE: null }, { CRM_CREATE: 1 })).toBe(false);
  });

  test('inherited names never match an own parameter that is not there', () => {
    expect(paramsMatch({ toString: 'x' }, {})).toBe(false);
  });
});
