/** The latest instant shown as an ISO date with a four-digit year. */
export const LATEST_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** An ISO 8601 date, alone or with a time and its zone: a date-time without a zone would depend on the server's. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/i;

/**
 * Reads an instant: Unix milliseconds, a Date, or an ISO 8601 date (`2026-03-10`, `2026-03-10T10:00:00Z`,
 * `…+01:00`). Answers Unix milliseconds between 1970 and the year 9999, or null.
 */
export function parseInstant(value: unknown): number | null {
  const ms =
    typeof value === 'number'
      ? value
      : value instanceof Date
        ? value.getTime()
        : typeof value === 'string' && ISO_INSTANT.test(value.trim())
          ? Date.parse(value.trim())
          : Number.NaN;
  return Number.isSafeInteger(ms) && ms >= 0 && ms <= LATEST_INSTANT_MS ? ms : null;
}
