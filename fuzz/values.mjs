// Hostile parameter values and PHP-style parameter trees, with their JSON and form spellings.
//
// A tree is a scalar { json, text } (raw JSON text and the form-encoded text, so that literals such as
// 1e400 or -0 reach the server as written), a list (array of trees) or an object { entries: [[key, tree]] }
// (pairs, so that duplicate and prototype keys survive). A scalar with `bytes` carries invalid UTF-8.

const NUMBERS = [
  '0',
  '-0',
  '1',
  '-1',
  '2',
  '3',
  '5',
  '50',
  '100',
  '1.5',
  '-1.5',
  '0.1',
  '1e20',
  '-1e20',
  '1e308',
  '-1e308',
  '1e400',
  '-1e400',
  '1E+2',
  '2e-400',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775809',
  '18446744073709551616',
  '2147483647',
  '2147483648',
  '-2147483649',
  '4294967296',
  '9007199254740993',
  '123456789012345678901234567890',
  '0.0000001',
  '1.0',
  '100000000000000000000.5',
];

const STRINGS = [
  '',
  ' ',
  'NaN',
  'Infinity',
  '-Infinity',
  'null',
  'undefined',
  'true',
  'false',
  'Y',
  'N',
  'y',
  '1e20',
  '1e400',
  '-0',
  '0x10',
  '00012',
  '12abc',
  ' 12 ',
  '+7',
  '1.5',
  '9223372036854775808',
  '99999999999999999999999',
  '%',
  '%zz',
  '%00',
  '%FF',
  '<b>x</b>',
  "'; drop table users; --",
  '$result[self]',
  '$result[0][ID]',
  '$result[a][b][c]',
  '$result[',
  '$result[x]',
  '${a}',
  '\u0000',
  '\u0000abc',
  '😀',
  '\u202Eevil',
  'ñandú',
  '\ud800',
  '\udfff\ud800',
  '\\',
  '"',
  '\r\n',
  'a\nb',
  'An%\\',
  '%\\',
  'a_b%',
  '\\%',
  '2026-03-10T10:00:00+01:00',
  '2026-03-10',
  '9999-12-31T23:59:59',
  '0000-00-00 00:00:00',
  '-271821-04-20',
  '+1 202 555 0147',
  '+79001234567',
  '101',
  '102',
  '100',
  'LEAD',
  'CONTACT',
  'COMPANY',
  'DEAL',
  'telephony',
  'crm',
  'ASC',
  'DESC',
  'ID',
  'CALL_DURATION',
  'UF_PHONE_INNER',
  '*',
  'UF_*',
  'http://127.0.0.1:9/x.mp3',
  'http://[::1]/x.wav',
  'http://[::ffff:7f00:1]/a',
  'http://127.1/latest',
  'file:///etc/passwd',
  'ftp://127.0.0.1/x',
  'http://localhost:1/',
  'javascript:alert(1)',
  'http://',
  'http://%zz/',
  'externalCall.00000000000000000000000000000000.1',
  'ONCRMLEADADD',
  'ONVOXIMPLANTCALLEND',
  'ONAPPINSTALL',
  'refresh_token',
  'authorization_code',
  'client_credentials',
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
];

/** Field names that mean something to some method, mixed into every parameter set. */
export const COMMON_FIELDS = [
  'ID',
  'id',
  'FILTER',
  'filter',
  'SELECT',
  'select',
  'SORT',
  'ORDER',
  'order',
  'sort',
  'start',
  'auth',
  'access_token',
  'USER_ID',
  'USER_PHONE_INNER',
  'PHONE_NUMBER',
  'TYPE',
  'CALL_ID',
  'DURATION',
  'COST',
  'STATUS_CODE',
  'VOTE',
  'CRM_ENTITY_TYPE',
  'CRM_ENTITY_ID',
  'CRM_CREATE',
  'CALL_START_DATE',
  'FILENAME',
  'FILE_CONTENT',
  'RECORD_URL',
  'fields',
  'FIELDS',
  'cmd',
  'halt',
  'event',
  'handler',
  'auth_type',
  'LAST_ID',
  'LAST_TYPE',
  'LIMIT',
  'MESSAGE',
  'MESSAGES',
  'NUMBER',
  'NAME',
  'LINE_NUMBER',
  'SHOW',
  'values',
  'type',
  'entity_type',
  'bx24_request_id',
  'name',
];

/** Keys of filters: field names with every operator prefix. */
const FILTER_FIELDS = [
  'ID',
  'CALL_ID',
  'CALL_DURATION',
  'CALL_START_DATE',
  'COST',
  'PORTAL_USER_ID',
  'CALL_TYPE',
  'CRM_ENTITY_ID',
  'ACTIVE',
  'UF_PHONE_INNER',
  'UF_DEPARTMENT',
  'NAME',
  'NAME_SEARCH',
  'IS_ONLINE',
  'USER_TYPE',
  'EMAIL',
  'LAST_LOGIN',
  'OWNER_ID',
  'OWNER_TYPE_ID',
  'TYPE_ID',
  'START_TIME',
  'RESPONSIBLE_ID',
  'DATE_CREATE',
  'ASSIGNED_BY_ID',
  'PHONE',
  'COMPANY_ID',
  'STATUS_ID',
  'TITLE',
  'RECORD_FILE_ID',
  'BINDINGS',
  'PORTAL_NUMBER',
  'DIRECTION',
  'COMPLETED',
  'X',
];
const PREFIXES = ['', '', '', '>', '>=', '<', '<=', '!', '!=', '><', '!><', '%', '=%', '%=', '!%', '?', '@', '!@', '='];

export const scalar = (json, text = json) => ({ json, text });
export const quoted = (text) => scalar(JSON.stringify(text), text);

export function randomScalar(r, extra = []) {
  return r.weighted([
    [6, () => scalar(r.pick(NUMBERS))],
    [8, () => quoted(r.pick(STRINGS))],
    [2, () => quoted(r.pick(NUMBERS))],
    [2, () => r.pick([scalar('true', '1'), scalar('false', ''), scalar('null', '')])],
    [1, () => quoted(r.alnum(r.between(1, 40)))],
    [0.3, () => quoted('x'.repeat(r.pick([256, 1000, 5000, 70_000])))],
    [0.6, () => ({ json: null, text: null, bytes: invalidUtf8(r) })],
    [extra.length ? 3 : 0, () => quoted(r.pick(extra))],
  ]);
}

export function invalidUtf8(r) {
  return r.pick([
    Buffer.from([0xff]),
    Buffer.from([0xc3, 0x28]),
    Buffer.from([0xc0, 0xaf]),
    Buffer.from([0xed, 0xa0, 0x80]),
    Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
    Buffer.from([0xe2, 0x82]),
    Buffer.from([0x61, 0xfe, 0x62]),
    r.bytes(r.between(1, 8)),
  ]);
}

/** A random value: mostly scalars, sometimes lists and objects, nested up to `depth`. */
export function randomValue(r, depth, extra) {
  if (depth <= 0 || r.chance(0.75)) return randomScalar(r, extra);
  if (r.chance(0.5)) return Array.from({ length: r.between(0, 4) }, () => randomValue(r, depth - 1, extra));
  return { entries: Array.from({ length: r.between(0, 4) }, () => [randomKey(r, COMMON_FIELDS), randomValue(r, depth - 1, extra)]) };
}

export function randomKey(r, fields) {
  return r.weighted([
    [10, () => r.pick(fields)],
    [2, () => r.pick(PREFIXES) + r.pick(FILTER_FIELDS)],
    [
      1,
      () =>
        r.pick([
          '__proto__',
          'constructor',
          'prototype',
          'toString',
          'hasOwnProperty',
          '0',
          '-1',
          '',
          ' ',
          '[]',
          'a]',
          '[a',
          '%5B',
          '$result[self]',
        ]),
    ],
    [1, () => r.alnum(r.between(1, 12))],
    [0.2, () => 'K'.repeat(r.pick([300, 5000]))],
  ]);
}

export function randomFilter(r, extra) {
  return { entries: Array.from({ length: r.between(0, 5) }, () => [r.pick(PREFIXES) + r.pick(FILTER_FIELDS), randomValue(r, 2, extra)]) };
}

/** The JSON body of a tree, as bytes (invalid UTF-8 included as is). */
export function jsonBytes(tree) {
  const out = [];
  const walk = (node) => {
    if (Array.isArray(node)) {
      out.push('[');
      node.forEach((item, i) => {
        if (i > 0) out.push(',');
        walk(item);
      });
      out.push(']');
    } else if (node.entries) {
      out.push('{');
      node.entries.forEach(([key, value], i) => {
        if (i > 0) out.push(',');
        out.push(JSON.stringify(key), ':');
        walk(value);
      });
      out.push('}');
    } else if (node.bytes) {
      out.push('"', node.bytes, '"');
    } else {
      out.push(node.json);
    }
  };
  walk(tree);
  return Buffer.concat(out.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
}

/** PHP-style `name[key][]` pairs of a tree; values are strings or raw bytes. */
export function formPairs(tree, prefix = '') {
  const pairs = [];
  const walk = (node, name) => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${name}[${i % 3 === 2 ? '' : i}]`));
    else if (node.entries) node.entries.forEach(([key, value]) => walk(value, name === '' ? key : `${name}[${key}]`));
    else pairs.push([name, node.bytes ?? node.text ?? '']);
  };
  walk(tree, prefix);
  return pairs;
}

/** Percent-encoding of UTF-8 text or raw bytes, as browsers and PHP clients send it. */
export function pct(value) {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function formBytes(pairs, r) {
  // Now and then a name or value goes out unencoded, raw bytes and all.
  const encode = (v) => (r.chance(0.05) ? (typeof v === 'string' ? Buffer.from(v) : v) : Buffer.from(pct(v)));
  const parts = [];
  pairs.forEach(([name, value], i) => {
    if (i > 0) parts.push(Buffer.from('&'));
    parts.push(encode(name), Buffer.from('='), encode(value));
  });
  return Buffer.concat(parts);
}
