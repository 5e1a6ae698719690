const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Longest duration accepted: a hundred years is more than any test needs, and stays far inside a safe integer. */
const MAX_DURATION_MS = 100 * 365 * UNIT_MS.d!;

/**
 * Reads a duration as people write it: "2h", "1d", "15m", "30s", "500ms", "1.5h", or a bare number
 * of milliseconds (a number or its digits). A leading minus moves backwards. Answers whole
 * milliseconds, or null when the text is not a duration; callers choose their own error.
 */
export function parseDuration(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) <= MAX_DURATION_MS ? Math.round(value) : null;
  if (typeof value !== 'string') return null;
  const match = /^\s*(-?)(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(value);
  if (!match) return null;
  const [, sign, amount, unit] = match;
  const ms = Math.round(Number(amount) * UNIT_MS[(unit ?? 'ms').toLowerCase()]!);
  if (ms > MAX_DURATION_MS) return null;
  return sign === '-' ? -ms : ms;
}
