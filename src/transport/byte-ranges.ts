import parseRange from 'range-parser';

/** One satisfiable range of bytes, both ends inclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/** More ranges than this in one request are not worth a multipart answer: the whole file is sent. */
const MAX_RANGES = 16;

/**
 * The `Range` header against a body of `size` bytes, read by range-parser (the parser the Express
 * family serves files with): null when it is absent, not of bytes, malformed or asks for too many
 * pieces (the whole body is sent); 'unsatisfiable' when no range overlaps the body; else the ranges,
 * overlapping and adjacent ones merged, in ascending order.
 */
export function parseByteRanges(header: string | undefined, size: number): ByteRange[] | 'unsatisfiable' | null {
  if (!header) return null;
  const parsed = parseRange(size, header, { combine: true });
  if (parsed === -2) return null;
  if (parsed === -1) return 'unsatisfiable';
  if (parsed.type !== 'bytes' || parsed.length > MAX_RANGES) return null;
  return parsed.map(({ start, end }) => ({ start, end })).sort((a, b) => a.start - b.start);
}
