/** A PostgreSQL column as information_schema describes it: what a SQLite value must become to fit. */
export interface TargetColumn {
  name: string;
  /** information_schema.columns.data_type: `integer`, `bigint`, `text`, `character varying`, `boolean`… */
  dataType: string;
  /** The declared length of `varchar(n)` / `char(n)`; null for unbounded types. */
  maxLength: number | null;
}

/** Why a source value cannot go into its target column unchanged: the copy stops rather than alter data. */
export type UnfitReason = 'nul' | 'too-long' | 'out-of-range' | 'not-an-integer' | 'not-a-number' | 'not-a-boolean' | 'bytes-in-text';

/** A value as handed to pg: text for numbers (exact for 64-bit ones), booleans, bytes, or NULL. */
export type TargetValue = string | boolean | Buffer | null;

export type Converted = { ok: true; value: TargetValue } | { ok: false; reason: UnfitReason };

/** What a value read from SQLite (integers as BigInt) may be. */
export type SourceValue = bigint | number | string | Buffer | null;

const INTEGER_RANGES: Record<string, readonly [bigint, bigint]> = {
  smallint: [-(2n ** 15n), 2n ** 15n - 1n],
  integer: [-(2n ** 31n), 2n ** 31n - 1n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
};
const FLOATING = new Set(['real', 'double precision', 'numeric']);
const BOUNDED_TEXT = new Set(['character varying', 'character']);
const TIMESTAMPS = new Set(['timestamp without time zone', 'timestamp with time zone']);

/**
 * Converts one SQLite value for its PostgreSQL column, by the column's type: integers keep all 64 bits
 * (passed as text), 0/1 become booleans, unix seconds become timestamps, text stays text. PostgreSQL
 * text cannot hold NUL and enforces varchar lengths: such values are reported, never trimmed.
 */
export function convertValue(value: SourceValue, column: TargetColumn): Converted {
  if (value === null) return fits(null);
  const type = column.dataType;
  const range = INTEGER_RANGES[type];
  if (range) return toInteger(value, range);
  if (FLOATING.has(type)) return toNumber(value);
  if (type === 'boolean') return toBoolean(value);
  if (type === 'bytea') return fits(Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8'));
  if (TIMESTAMPS.has(type) && typeof value !== 'string' && !Buffer.isBuffer(value)) {
    // The portal's convention: instants are unix seconds.
    return fits(new Date(Number(value) * 1000).toISOString());
  }
  return toText(value, column);
}

function fits(value: TargetValue): Converted {
  return { ok: true, value };
}

function unfit(reason: UnfitReason): Converted {
  return { ok: false, reason };
}

function toInteger(value: SourceValue, [min, max]: readonly [bigint, bigint]): Converted {
  let integer: bigint;
  if (typeof value === 'bigint') integer = value;
  else if (typeof value === 'number' && Number.isInteger(value)) integer = BigInt(value);
  else if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) integer = BigInt(value.trim());
  else return unfit('not-an-integer');
  return integer < min || integer > max ? unfit('out-of-range') : fits(integer.toString());
}

function toNumber(value: SourceValue): Converted {
  if (typeof value === 'bigint') return fits(value.toString());
  if (typeof value === 'number')
    return Number.isFinite(value) ? fits(String(value)) : fits(value > 0 ? 'Infinity' : value < 0 ? '-Infinity' : 'NaN');
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return fits(value.trim());
  return unfit('not-a-number');
}

function toBoolean(value: SourceValue): Converted {
  if (typeof value === 'bigint' || typeof value === 'number') return fits(Number(value) !== 0);
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (['1', 'true', 't', 'y', 'yes'].includes(text)) return fits(true);
  if (['0', 'false', 'f', 'n', 'no'].includes(text)) return fits(false);
  return unfit('not-a-boolean');
}

function toText(value: SourceValue, column: TargetColumn): Converted {
  if (Buffer.isBuffer(value)) return unfit('bytes-in-text');
  const text = typeof value === 'string' ? value : String(value);
  if (text.includes('\0')) return unfit('nul');
  // PostgreSQL counts characters, not UTF-16 units: count code points only when the quick length says it may be over.
  if (column.maxLength !== null && BOUNDED_TEXT.has(column.dataType) && text.length > column.maxLength) {
    if ([...text].length > column.maxLength) return unfit('too-long');
  }
  return fits(text);
}
