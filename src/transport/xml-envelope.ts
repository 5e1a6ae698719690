/**
 * XML answers for the `.xml` suffix (A4): `<response>` wraps the same keys as the JSON envelope;
 * list items repeat as `<item>`, null is an empty element.
 */
export function toXml(envelope: object): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<response>${children(envelope)}</response>\n`;
}

function children(value: object): string {
  if (Array.isArray(value)) return value.map((item) => element('item', item)).join('');
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([key, v]) => element(safeName(key), v))
    .join('');
}

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (typeof value === 'object') return `<${name}>${children(value)}</${name}>`;
  const text = typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
  return `<${name}>${escapeText(text)}</${name}>`;
}

/** Keys that are not XML names (numeric indexes, odd characters) become `item`/underscored names. */
function safeName(key: string): string {
  if (/^\d/.test(key) || key === '') return 'item';
  const name = key.replace(/[^A-Za-z0-9_.-]/g, '_');
  // A name may not start with '-' or '.'.
  return /^[-.]/.test(name) ? `_${name}` : name;
}

/**
 * Characters XML 1.0 cannot carry at all, not even as a character reference: C0 controls other than
 * tab, LF and CR, lone surrogates, U+FFFE and U+FFFF. Stored text may hold them (a lead title sent
 * with a stray \u0001); they are dropped so the answer stays well-formed.
 */
const NOT_XML_CHARACTER =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escapeText(text: string): string {
  return text
    .replace(NOT_XML_CHARACTER, '')
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
