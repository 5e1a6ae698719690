import { adminError } from '../../kernel/errors/admin-error.js';

/**
 * Readers of one value of a seed document at a known path (`users[2].innerNumber`): each answers the
 * value in its checked type or throws the catalogue error that names the path, so a typo is found at once.
 */

/** Where a value sits in the document, as people write it: `crm.contacts[0].phones[1]`. */
export function keyPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

export function itemPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** A mapping whose keys are all in `known`; an unknown key is a typo and refused. */
export function readMapping(value: unknown, path: string, known: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw adminError('SEED_NOT_A_MAPPING', { path: path || 'the seed' });
  const mapping = value as Record<string, unknown>;
  for (const key of Object.keys(mapping)) {
    if (!known.includes(key)) throw adminError('SEED_KEY_UNKNOWN', { path: keyPath(path, key), known: known.join(', ') });
  }
  return mapping;
}

/** A list (absent: empty), each item read by `item` at its own path. */
export function readList<T>(value: unknown, path: string, item: (value: unknown, path: string) => T): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw adminError('SEED_NOT_A_LIST', { path });
  return value.map((entry, index) => item(entry, itemPath(path, index)));
}

export function requireValue(value: unknown, path: string): unknown {
  if (value === undefined || value === null) throw adminError('SEED_KEY_REQUIRED', { path });
  return value;
}

/** A trimmed, non-empty string of at most `max` characters. */
export function readText(value: unknown, path: string, max = 255): string {
  if (typeof value !== 'string') throw adminError('SEED_NOT_A_STRING', { path });
  const text = value.trim();
  if (text === '') throw adminError('SEED_STRING_EMPTY', { path });
  if (text.length > max) throw adminError('SEED_STRING_TOO_LONG', { path, max });
  return text;
}

export function optionalText(value: unknown, path: string, max = 255): string | undefined {
  return value === undefined || value === null ? undefined : readText(value, path, max);
}

export function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw adminError('SEED_NOT_A_BOOLEAN', { path });
  return value;
}

export function optionalNumber(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw adminError('SEED_NOT_A_NUMBER', { path });
  return value;
}

export function readPositiveInteger(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw adminError('SEED_NOT_A_POSITIVE_INTEGER', { path });
  return value;
}

/** A string from a fixed set, compared without regard to letter case; answered in the set's spelling. */
export function optionalChoice<T extends string>(value: unknown, path: string, choices: readonly T[], refuse: () => Error): T | undefined {
  if (value === undefined || value === null) return undefined;
  const found = typeof value === 'string' ? choices.find((c) => c.toLowerCase() === value.trim().toLowerCase()) : undefined;
  if (found === undefined) throw refuse();
  return found;
}

/** Refuses a value a list already had (e-mails, inner numbers, credentials), naming where it was first. */
export class UniqueValues {
  private readonly seen = new Map<string, string>();

  /** E-mails and names are the same in any letter case; credentials are not. */
  constructor(private readonly ignoreCase = true) {}

  check(value: string, path: string): void {
    const key = this.ignoreCase ? value.toLowerCase() : value;
    const first = this.seen.get(key);
    if (first !== undefined) throw adminError('SEED_DUPLICATE', { path, value: JSON.stringify(value), first });
    this.seen.set(key, path);
  }
}
