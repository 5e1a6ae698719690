import { expect, test } from 'vitest';
import type { CallStatisticsRow } from '../../../storage/schema.js';
import { answerRowMaker } from '../answer-rows.js';
import { STATISTIC_FIELDS, type StatisticFieldSpec } from '../statistic-fields.js';

const formatDate = (seconds: number) => `date:${seconds}`;

/** Every field through its own reader, in field order: what an answer row must equal. */
function readOneByOne(row: CallStatisticsRow): Record<string, unknown> {
  return Object.fromEntries(Object.entries(STATISTIC_FIELDS).map(([name, spec]) => [name, spec.read(row, formatDate)]));
}

const FILLED = {
  id: 7,
  call_id: 'call-7',
  portal_user_id: 2,
  portal_number: 'REST_APP:1',
  phone_number: '+15550001',
  external_call_id: 'ext "quoted"',
  call_category: 'external',
  call_type: 2,
  call_duration: 61,
  call_start_date: 1_749_334_591,
  call_status: 1,
  call_vote: 5,
  cost: 1.5,
  cost_currency: 'EUR',
  call_failed_code: '200',
  call_failed_reason: '',
  call_record_url: 'https://example.test/r.mp3',
  record_file_id: 11,
  record_duration: 60,
  crm_entity_type: 'CONTACT',
  crm_entity_id: 3,
  crm_activity_id: 4,
  rest_app_id: 1,
  rest_app_name: 'PBX',
  transcript_id: 9,
  transcript_pending: 'N',
  call_log: 'https://example.test/log',
  session_id: 's-1',
  redial_attempt: 2,
  comment: 'a comment',
} as CallStatisticsRow;

const EMPTY = Object.fromEntries(
  Object.entries(FILLED).map(([column, value]) => [column, typeof value === 'string' || column.endsWith('_id') ? null : value]),
) as unknown as CallStatisticsRow;

test('an answer row holds what each field reads, in field order: text fields as strings, nulls kept, the rest by their readers', () => {
  const make = answerRowMaker(STATISTIC_FIELDS);
  for (const row of [FILLED, { ...EMPTY, id: 8, call_id: 'c', rest_app_id: 0, cost: 0 } as CallStatisticsRow]) {
    const made = make(row, formatDate);
    expect(Object.keys(made)).toEqual(Object.keys(STATISTIC_FIELDS));
    expect(made).toEqual(readOneByOne(row));
  }
  const made = make(FILLED, formatDate);
  expect(made).toMatchObject({ ID: '7', CALL_DURATION: '61', CALL_START_DATE: 'date:1749334591', COST: '1.5000', RECORD_FILE_ID: 11 });
  expect(make({ ...FILLED, call_vote: null } as CallStatisticsRow, formatDate).CALL_VOTE).toBeNull();
});

test('a field that is not plain text calls its own reader', () => {
  const fields: Record<string, StatisticFieldSpec> = {
    SHOUT: { column: 'call_id', kind: 'string', read: (row) => row.call_id.toUpperCase() },
    ID: { column: 'id', kind: 'number', read: (row) => String(row.id), asText: true },
  };
  expect(answerRowMaker(fields)(FILLED, formatDate)).toEqual({ SHOUT: 'CALL-7', ID: '7' });
  expect(() => answerRowMaker({ ['__proto__']: fields.ID! })).toThrow(TypeError);
});
