import { isSecretParamName } from '../secrets.js';
import { isPlainRecord } from './readers.js';

/** What stands for a secret's value. */
export const MASK = '***';
/** Text longer than this is cut, with its length noted. */
export const MAX_SHOWN_TEXT = 500;
/** Nesting shown; deeper values are summarised. */
const MAX_SHOWN_DEPTH = 8;
/** Entries shown of one tree (a call may send 10,000 keys): a journal of thousands of calls stays small. */
const MAX_SHOWN_ENTRIES = 1000;
const NOT_SHOWN = '(not kept: too many values)';

/** Keys whose value is a file's content (base64) or a `[name, content]` pair. */
const FILE_KEYS = /^(file_?data|file_?content)$/i;

/**
 * A copy of a parameter tree fit to show: secrets (SECRET_PARAM_NAMES, at any depth) masked, file
 * contents reduced to their name and size, long texts cut. The input is not changed.
 */
export function maskParams(params: Record<string, unknown>): Record<string, unknown> {
  return maskRecord(params, 0, { left: MAX_SHOWN_ENTRIES });
}

/** How many more entries may be shown. */
interface Budget {
  left: number;
}

function maskRecord(record: Record<string, unknown>, depth: number, budget: Budget): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) shown[key] = maskEntry(key, value, depth + 1, budget);
  return shown;
}

function maskEntry(key: string, value: unknown, depth: number, budget: Budget): unknown {
  if (isSecretParamName(key)) return MASK;
  if (FILE_KEYS.test(key)) return fileSummary(value) ?? maskValue(value, depth, budget);
  return maskValue(value, depth, budget);
}

function maskValue(value: unknown, depth: number, budget: Budget): unknown {
  if (budget.left <= 0) return NOT_SHOWN;
  budget.left--;
  if (typeof value === 'string') return cutText(value);
  if (Array.isArray(value) || isPlainRecord(value)) {
    if (depth > MAX_SHOWN_DEPTH) return '(nested too deep)';
    if (Array.isArray(value)) return value.map((item) => maskValue(item, depth + 1, budget));
    return maskRecord(value, depth, budget);
  }
  return value;
}

/** `[name, base64]`, `{0: name, 1: base64}` or bare base64 → `{name, size}` (the decoded size in bytes). */
function fileSummary(value: unknown): { name: string | null; size: number } | null {
  if (typeof value === 'string') return { name: null, size: base64Size(value) };
  const pair = Array.isArray(value) ? value : isPlainRecord(value) && '0' in value && '1' in value ? [value[0], value[1]] : null;
  if (!pair || typeof pair[1] !== 'string') return null;
  return { name: typeof pair[0] === 'string' ? cutText(pair[0]) : null, size: base64Size(pair[1]) };
}

function base64Size(text: string): number {
  const compact = text.replace(/\s+/g, '');
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((compact.length * 3) / 4) - padding);
}

function cutText(text: string): string {
  return text.length <= MAX_SHOWN_TEXT ? text : `${text.slice(0, MAX_SHOWN_TEXT)}\u2026 (${text.length} characters)`;
}
