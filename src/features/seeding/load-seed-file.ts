import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { adminError, PortalAdminError } from '../../kernel/errors/admin-error.js';
import { validateSeed, type CompleteSeed } from './seed-document.js';

/** The seed file's format, by its extension. */
export type SeedFormat = 'json' | 'yaml';

export function seedFormatOf(file: string): SeedFormat {
  const extension = extname(file).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.yaml' || extension === '.yml') return 'yaml';
  throw adminError('SEED_FILE_EXTENSION', { file });
}

/** Reads and validates a seed file (JSON or YAML, by extension); every fault names the file, and the line or the path in it. */
export async function loadSeedFile(file: string): Promise<CompleteSeed> {
  const format = seedFormatOf(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw adminError('SEED_FILE_UNREADABLE', { file, reason: error instanceof Error ? error.message : String(error) });
  }
  const value = format === 'json' ? parseJson(text, file) : parseYaml(text, file);
  try {
    return validateSeed(value);
  } catch (error) {
    if (error instanceof PortalAdminError) throw adminError('SEED_FILE_INVALID', { file, fault: error.message });
    throw error;
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // V8 names the offset ("at position 42"); people want a line and a column.
    const offset = /position (\d+)/.exec(reason);
    const { line, column } = offset ? lineAndColumn(text, Number(offset[1])) : endOf(text);
    throw adminError('SEED_FILE_SYNTAX', { file, line, column, reason });
  }
}

function parseYaml(text: string, file: string): unknown {
  const document = parseDocument(text, { prettyErrors: false });
  const [first] = document.errors;
  if (first) {
    const { line, column } = lineAndColumn(text, first.pos[0]);
    throw adminError('SEED_FILE_SYNTAX', { file, line, column, reason: first.message.split('\n')[0]! });
  }
  return document.toJS() as unknown;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

function endOf(text: string): { line: number; column: number } {
  return lineAndColumn(text, text.length);
}
