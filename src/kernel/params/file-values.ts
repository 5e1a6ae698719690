import { restError } from '../errors/rest-error.js';
import { isPlainRecord, listValues, scalarText } from './readers.js';

/** One value of a file field: a new file to keep, or the removal of the one kept. */
export type FileValue = { kind: 'set'; name: string; data: Buffer } | { kind: 'remove' };

/** Longest file name kept (the column). */
const MAX_NAME = 255;

/**
 * A file field's value, in the forms of the reference's file type: `{fileData: [name, base64]}`,
 * `[name, base64]`, or `{remove: "Y"}` (also `""` and null) to clear it. A number (the id of a file
 * already kept) leaves the field as it is: undefined.
 */
export function readFileValue(raw: unknown): FileValue | undefined {
  if (raw === null || raw === '') return { kind: 'remove' };
  if (isPlainRecord(raw)) {
    if (String(scalarText(raw.remove) ?? scalarText(raw.REMOVE) ?? '').toUpperCase() === 'Y') return { kind: 'remove' };
    const data = raw.fileData ?? raw.FILE_DATA;
    if (data !== undefined) return filePair(data);
    // A PHP-style list sent as a form: {0: name, 1: content}.
    if ('0' in raw && '1' in raw) return filePair(raw);
    return undefined;
  }
  if (Array.isArray(raw)) return filePair(raw);
  return undefined;
}

/** A multiple file field (FILES): a list of values; an empty list or a removal clears it. */
export function readFileList(raw: unknown): FileValue[] | undefined {
  if (raw === null || raw === '' || (isPlainRecord(raw) && readFileValue(raw)?.kind === 'remove')) return [];
  // One file given as a pair rather than as a list of them.
  if (Array.isArray(raw) && raw.length === 2 && typeof raw[0] === 'string' && typeof raw[1] === 'string') {
    return [filePair(raw)];
  }
  const items = listValues(raw);
  const values = items.map(readFileValue).filter((v): v is FileValue => v?.kind === 'set');
  return values.length === 0 && items.length > 0 ? undefined : values;
}

/** `[name, base64]` (or a bare base64 text, named "file"). */
function filePair(value: unknown): FileValue {
  const pair = typeof value === 'string' ? ['file', value] : listValues(value);
  const name = (scalarText(pair[0]) ?? '').trim().slice(0, MAX_NAME);
  if (name === '') throw restError('FILE_NAME_EMPTY');
  return { kind: 'set', name, data: decodeBase64Strict(scalarText(pair[1]) ?? '') };
}

/** Base64 as sent by clients: whitespace is allowed, anything else that is not base64 is refused. */
export function decodeBase64Strict(content: string): Buffer {
  const compact = content.replace(/\s+/g, '');
  if (compact === '') throw restError('FILE_CONTENT_EMPTY');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) throw restError('FILE_CONTENT_NOT_BASE64');
  return Buffer.from(compact, 'base64');
}

/** The size cap of file fields: FILE_FIELD_TOO_LARGE above it. */
export function checkFileSizes(values: readonly FileValue[], limit: number): void {
  for (const value of values) if (value.kind === 'set' && value.data.length > limit) throw restError('FILE_FIELD_TOO_LARGE', { limit });
}

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
};

/** The content type a file is served with, by its extension. */
export function contentTypeOfName(name: string): string {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}
