import { describe, expect, test } from 'vitest';
import { convertValue, type TargetColumn } from '../../src/storage/portal-copy/column-values.js';
import { parentsFirst } from '../../src/storage/portal-copy/table-order.js';
import { copyProgress, progressBar } from '../../src/cli/copy-progress.js';

const column = (dataType: string, maxLength: number | null = null): TargetColumn => ({ name: 'c', dataType, maxLength });

describe('a SQLite value converted for its PostgreSQL column', () => {
  test('integers keep all 64 bits, passed as text; each integer type has its range', () => {
    expect(convertValue(2n ** 63n - 1n, column('bigint'))).toEqual({ ok: true, value: '9223372036854775807' });
    expect(convertValue(-(2n ** 63n), column('bigint'))).toEqual({ ok: true, value: '-9223372036854775808' });
    expect(convertValue(2n ** 31n - 1n, column('integer'))).toEqual({ ok: true, value: '2147483647' });
    expect(convertValue(2n ** 31n, column('integer'))).toEqual({ ok: false, reason: 'out-of-range' });
    expect(convertValue(40000n, column('smallint'))).toEqual({ ok: false, reason: 'out-of-range' });
    // SQLite keeps whatever it was given: integral text and whole floats still are integers.
    expect(convertValue(' 42 ', column('integer'))).toEqual({ ok: true, value: '42' });
    expect(convertValue(7, column('integer'))).toEqual({ ok: true, value: '7' });
    expect(convertValue(1.5, column('integer'))).toEqual({ ok: false, reason: 'not-an-integer' });
    expect(convertValue('12abc', column('bigint'))).toEqual({ ok: false, reason: 'not-an-integer' });
  });

  test('0/1 become booleans; anything else is no boolean', () => {
    expect(convertValue(1n, column('boolean'))).toEqual({ ok: true, value: true });
    expect(convertValue(0n, column('boolean'))).toEqual({ ok: true, value: false });
    expect(convertValue('false', column('boolean'))).toEqual({ ok: true, value: false });
    expect(convertValue('maybe', column('boolean'))).toEqual({ ok: false, reason: 'not-a-boolean' });
  });

  test('floating columns take numbers, integers and numeric text', () => {
    expect(convertValue(1.25, column('double precision'))).toEqual({ ok: true, value: '1.25' });
    expect(convertValue(3n, column('double precision'))).toEqual({ ok: true, value: '3' });
    expect(convertValue('2.5', column('numeric'))).toEqual({ ok: true, value: '2.5' });
    expect(convertValue('x', column('real'))).toEqual({ ok: false, reason: 'not-a-number' });
  });

  test('text stays text, however long; NUL and lengths over varchar(n) are reported, never trimmed', () => {
    const long = '😀'.repeat(300_000);
    expect(convertValue(long, column('text'))).toEqual({ ok: true, value: long });
    expect(convertValue('a\u0000b', column('text'))).toEqual({ ok: false, reason: 'nul' });
    // JSON text escapes NUL: that text has no NUL character and goes as it is.
    expect(convertValue('{"a":"\\u0000"}', column('text'))).toEqual({ ok: true, value: '{"a":"\\u0000"}' });
    // varchar counts characters: five emoji are ten UTF-16 units but fit varchar(5).
    expect(convertValue('😀'.repeat(5), column('character varying', 5))).toEqual({ ok: true, value: '😀'.repeat(5) });
    expect(convertValue('abcdef', column('character varying', 5))).toEqual({ ok: false, reason: 'too-long' });
    expect(convertValue(12n, column('character varying', 10))).toEqual({ ok: true, value: '12' });
    expect(convertValue(Buffer.from('hi'), column('text'))).toEqual({ ok: false, reason: 'bytes-in-text' });
  });

  test('NULL stays NULL; bytes go to bytea; unix seconds become timestamps', () => {
    expect(convertValue(null, column('integer'))).toEqual({ ok: true, value: null });
    expect(convertValue(Buffer.from([0, 1, 2]), column('bytea'))).toEqual({ ok: true, value: Buffer.from([0, 1, 2]) });
    expect(convertValue(0n, column('timestamp with time zone'))).toEqual({ ok: true, value: '1970-01-01T00:00:00.000Z' });
    expect(convertValue('2026-01-01 10:00:00', column('timestamp without time zone'))).toEqual({ ok: true, value: '2026-01-01 10:00:00' });
  });
});

describe('the copy order of tables', () => {
  test('parents before children, ties in the given order; self-references and unknown tables do not constrain', () => {
    const order = parentsFirst(
      ['oauth_tokens', 'webhooks', 'users', 'apps', 'tree'],
      [
        { child: 'oauth_tokens', parent: 'apps' },
        { child: 'oauth_tokens', parent: 'users' },
        { child: 'webhooks', parent: 'users' },
        { child: 'tree', parent: 'tree' },
        { child: 'users', parent: 'elsewhere' },
      ],
    );
    expect(order).toEqual(['users', 'apps', 'tree', 'oauth_tokens', 'webhooks']);
  });

  test('tables caught in a cycle come last, in the given order', () => {
    expect(
      parentsFirst(
        ['a', 'b', 'c'],
        [
          { child: 'a', parent: 'b' },
          { child: 'b', parent: 'a' },
        ],
      ),
    ).toEqual(['c', 'a', 'b']);
  });
});

describe('the progress bar', () => {
  test('shows the share of rows copied', () => {
    expect(progressBar(0, 200)).toBe(`[${'-'.repeat(30)}]   0%`);
    expect(progressBar(100, 200)).toBe(`[${'#'.repeat(15)}${'-'.repeat(15)}]  50%`);
    expect(progressBar(0, 0)).toBe(`[${'#'.repeat(30)}] 100%`);
  });
});

describe('the progress display', () => {
  const fakeStream = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, stream: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream };
  };
  const events = [
    { kind: 'migrated', migration: '019-stored-files', tables: 2, rows: 3 },
    { kind: 'rows', table: 'users', copied: 2, total: 2, allCopied: 2, allTotal: 3 },
    { kind: 'table-done', table: 'users', rows: 2 },
    { kind: 'rows', table: 'apps', copied: 1, total: 1, allCopied: 3, allTotal: 3 },
    { kind: 'table-done', table: 'apps', rows: 1 },
    { kind: 'sequences', restarted: 2 },
  ] as const;

  test('on a terminal: one bar redrawn in place, cleared before the closing line', () => {
    const { written, stream } = fakeStream(true);
    const progress = copyProgress(stream);
    for (const event of events) progress.report(event);
    progress.end();
    expect(written.join('')).toBe(
      'schema: migrated to 019-stored-files; copying 3 rows of 2 tables\n' +
        `\r\x1b[K${progressBar(2, 3)} users 2/2` +
        `\r\x1b[K${progressBar(3, 3)} apps 1/1` +
        '\r\x1b[Ksequences: 2 restarted past the highest ids\n',
    );
  });

  test('elsewhere: plain lines, one per table', () => {
    const { written, stream } = fakeStream(false);
    const progress = copyProgress(stream);
    for (const event of events) progress.report(event);
    progress.end();
    expect(written.join('')).toBe(
      'schema: migrated to 019-stored-files; copying 3 rows of 2 tables\ncopied users: 2 rows\ncopied apps: 1 rows\nsequences: 2 restarted past the highest ids\n',
    );
  });
});
