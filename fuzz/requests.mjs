// One malformed (or now and then well-formed) request from a seeded generator.
import { encodeParams, multipartBody, randomFile, recordingUpload } from './bodies.mjs';
import {
  COMMON_FIELDS,
  formBytes,
  formPairs,
  jsonBytes,
  pct,
  quoted,
  randomFilter,
  randomKey,
  randomScalar,
  randomValue,
  scalar,
} from './values.mjs';

/** Methods and the parameters each reads, so that generated calls get past the first checks now and then. */
export const METHODS = {
  'user.get': [
    'FILTER',
    'filter',
    'start',
    'sort',
    'order',
    'SELECT',
    'ID',
    'ACTIVE',
    'UF_PHONE_INNER',
    'NAME_SEARCH',
    'USER_TYPE',
    'IS_ONLINE',
  ],
  'user.current': [],
  'user.fields': [],
  'voximplant.statistic.get': ['FILTER', 'SORT', 'ORDER', 'start'],
  'crm.activity.list': ['filter', 'order', 'select', 'start'],
  'crm.activity.get': ['id'],
  'crm.activity.fields': [],
  'crm.activity.call.getTranscript': ['activityId', 'ACTIVITY_ID', 'id'],
  'telephony.externalCall.register': [
    'USER_ID',
    'USER_PHONE_INNER',
    'PHONE_NUMBER',
    'TYPE',
    'CALL_START_DATE',
    'CRM_CREATE',
    'CRM_SOURCE',
    'CRM_ENTITY_TYPE',
    'CRM_ENTITY_ID',
    'SHOW',
    'CALL_LIST_ID',
    'LINE_NUMBER',
    'EXTERNAL_CALL_ID',
  ],
  'telephony.externalCall.finish': [
    'CALL_ID',
    'USER_ID',
    'USER_PHONE_INNER',
    'DURATION',
    'COST',
    'COST_CURRENCY',
    'STATUS_CODE',
    'FAILED_REASON',
    'RECORD_URL',
    'VOTE',
    'ADD_TO_CHAT',
  ],
  'telephony.externalCall.attachRecord': ['CALL_ID', 'FILENAME', 'FILE_CONTENT', 'RECORD_URL'],
  'telephony.externalCall.show': ['CALL_ID', 'USER_ID'],
  'telephony.externalCall.hide': ['CALL_ID', 'USER_ID'],
  'telephony.externalCall.searchCrmEntities': ['PHONE_NUMBER'],
  'telephony.externalLine.add': ['NUMBER', 'NAME', 'CRM_AUTO_CREATE'],
  'telephony.externalLine.update': ['NUMBER', 'NAME', 'CRM_AUTO_CREATE'],
  'telephony.externalLine.get': [],
  'telephony.externalLine.delete': ['NUMBER'],
  'telephony.call.attachTranscription': ['CALL_ID', 'MESSAGES', 'COST', 'COST_CURRENCY'],
  batch: ['cmd', 'halt'],
  'event.bind': ['event', 'handler', 'auth_type', 'event_type'],
  'event.unbind': ['event', 'handler', 'auth_type'],
  'event.get': [],
  events: ['SCOPE', 'FULL'],
  'event.test': [],
  'crm.lead.add': ['fields'],
  'crm.lead.update': ['id', 'fields'],
  'crm.lead.get': ['id'],
  'crm.lead.list': ['filter', 'order', 'select', 'start'],
  'crm.contact.add': ['fields'],
  'crm.contact.list': ['filter', 'order', 'select', 'start'],
  'crm.company.get': ['id'],
  'crm.duplicate.findbycomm': ['type', 'values', 'entity_type'],
  'crm.status.list': ['filter', 'order'],
  'crm.currency.get': ['id'],
  'crm.enum.ownertype': [],
  'crm.activity.add': ['fields'],
  'crm.activity.update': ['id', 'fields'],
  'crm.activity.delete': ['id'],
  'crm.activity.type.add': ['fields'],
  'crm.timeline.comment.add': ['fields'],
  'crm.timeline.comment.list': ['filter', 'order', 'select', 'start'],
  'crm.timeline.comment.update': ['id', 'fields', 'ownerTypeId', 'ownerId'],
  'crm.status.add': ['fields'],
  'crm.status.update': ['id', 'fields'],
  'crm.status.delete': ['id', 'params'],
  'crm.status.entity.items': ['entityId'],
  'crm.currency.add': ['fields'],
  'crm.currency.update': ['id', 'fields'],
  'crm.currency.delete': ['id'],
  'im.notify': ['to', 'message', 'type'],
  'im.notify.system.add': ['USER_ID', 'MESSAGE'],
  'im.notify.get': ['LAST_ID', 'LAST_TYPE', 'LIMIT'],
  'app.info': [],
  scope: [],
  'method.get': ['name'],
  profile: [],
};
const METHOD_NAMES = Object.keys(METHODS);

/**
 * A request: { method, path, headers, body, label }. `target` holds the demo portal's credentials and
 * a pool of call ids and upload paths that earlier answers revealed.
 */
export function generateRequest(r, target) {
  return r.weighted([
    [50, () => restCall(r, target)],
    [10, () => integerCall(r, target)],
    [10, () => textCall(r, target)],
    [6, () => uploadCall(r, target)],
    [5, () => oauthCall(r, target)],
    [3, () => recordLink(r, target)],
    [5, () => pathTrick(r, target)],
    [5, () => wellFormed(r, target)],
    [1, () => ({ label: 'health', method: r.pick(['GET', 'HEAD', 'POST']), path: '/_extcall/health', headers: {}, body: null })],
  ]);
}

function restCall(r, target) {
  const name = methodName(r);
  const fields = [...(METHODS[name] ?? []), ...COMMON_FIELDS];
  const tree = params(r, name, fields, target);
  const { prefix, auth } = credentials(r, target);
  if (auth !== undefined) tree.entries.push([r.pick(['auth', 'access_token', 'AUTH']), auth]);
  const path = `${prefix}${methodPath(r, name)}`;
  if (r.chance(0.2)) {
    // GET: everything in the query string.
    const query = formBytes(formPairs(tree), r).toString('latin1');
    return withHeaders(r, { label: `rest-get ${name}`, method: 'GET', path: `${path}?${query}`, headers: {}, body: null });
  }
  const encoded = encodeParams(r, tree);
  const query = r.chance(0.15) ? `?${formBytes(formPairs(params(r, name, fields, target)), r).toString('latin1')}` : '';
  const headers = encoded.contentType === null ? {} : { 'content-type': encoded.contentType };
  return withHeaders(r, {
    label: `rest-${encoded.label} ${name}`,
    method: r.chance(0.97) ? 'POST' : r.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS']),
    path: `${path}${query}`,
    headers,
    body: encoded.body,
  });
}

/** Where methods read integers: offsets, ids, filters on integer columns. */
const INTEGER_PARAMS = {
  'user.get': ['start', 'FILTER.ID', 'FILTER.>ID', 'FILTER.UF_DEPARTMENT', 'FILTER.!ID', 'ID', 'FILTER.><ID'],
  'voximplant.statistic.get': [
    'start',
    'FILTER.ID',
    'FILTER.CALL_DURATION',
    'FILTER.>=CALL_DURATION',
    'FILTER.PORTAL_USER_ID',
    'FILTER.COST',
    'FILTER.><CALL_DURATION',
    'FILTER.%ID',
    'FILTER.CALL_TYPE',
  ],
  'crm.activity.list': [
    'start',
    'filter.ID',
    'filter.OWNER_ID',
    'filter.OWNER_TYPE_ID',
    'filter.<RESPONSIBLE_ID',
    'filter.TYPE_ID',
    'filter.BINDINGS',
  ],
  'crm.lead.list': ['start', 'filter.ID', 'filter.ASSIGNED_BY_ID', 'filter.>ID'],
  'crm.contact.list': ['start', 'filter.COMPANY_ID', 'filter.ID'],
  'crm.activity.get': ['id'],
  'crm.lead.get': ['id'],
  'crm.company.get': ['id'],
  'crm.lead.update': ['id', 'fields.ASSIGNED_BY_ID'],
  'crm.contact.add': ['fields.COMPANY_ID', 'fields.ASSIGNED_BY_ID'],
  'crm.activity.call.getTranscript': ['activityId'],
  'im.notify.get': ['LAST_ID', 'LAST_TYPE', 'LIMIT'],
  'im.notify.system.add': ['USER_ID'],
  'telephony.externalCall.register': ['USER_ID', 'TYPE', 'CRM_ENTITY_ID', 'CALL_LIST_ID'],
  'telephony.externalCall.finish': ['USER_ID', 'DURATION', 'COST', 'VOTE'],
  'telephony.externalCall.show': ['USER_ID'],
  'event.bind': ['auth_type'],
};
const INTEGER_METHODS = Object.keys(INTEGER_PARAMS);

/** A call with valid credentials whose integer parameters are huge, non-finite or fractional. */
function integerCall(r, target) {
  const name = r.pick(INTEGER_METHODS);
  const entries = [];
  const required =
    {
      'telephony.externalCall.register': [
        ['PHONE_NUMBER', quoted('+1 202 555 0100')],
        ['TYPE', scalar('2')],
        ['USER_ID', scalar('2')],
      ],
      'telephony.externalCall.finish': [
        ['CALL_ID', quoted(r.pick(target.pool.callIds) ?? 'none')],
        ['USER_ID', scalar('2')],
      ],
      'im.notify.get': [['LAST_TYPE', scalar('1')]],
      'im.notify.system.add': [['MESSAGE', quoted('m')]],
      'event.bind': [
        ['event', quoted('ONCRMLEADADD')],
        ['handler', quoted('http://127.0.0.1:9/h')],
      ],
    }[name] ?? [];
  entries.push(...required);
  for (let i = r.between(1, 3); i > 0; i--) {
    const [head, field] = r.pick(INTEGER_PARAMS[name]).split('.');
    const value = r.chance(0.15) ? [hugeNumber(r), hugeNumber(r)] : hugeNumber(r);
    entries.push([head, field ? { entries: [[field, value]] } : value]);
  }
  entries.push(['auth', quoted(target.token)]);
  const tree = { entries };
  if (r.chance(0.3)) {
    const query = formBytes(formPairs(tree), r).toString('latin1');
    return { label: `integer-get ${name}`, method: 'GET', path: `/rest/${name}?${query}`, headers: {}, body: null };
  }
  const asForm = r.chance(0.25);
  return {
    label: `integer-${asForm ? 'form' : 'json'} ${name}`,
    method: 'POST',
    path: `/rest/${name}${r.chance(0.1) ? '.xml' : ''}`,
    headers: { 'content-type': asForm ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: asForm ? formBytes(formPairs(tree), r) : jsonBytes(tree),
  };
}

/** Where methods store or look up text: every column has a length, every LIKE pattern a limit. */
const TEXT_PARAMS = {
  'crm.lead.add': [
    'fields.TITLE',
    'fields.NAME',
    'fields.SOURCE_ID',
    'fields.STATUS_ID',
    'fields.COMMENTS',
    'fields.OPENED',
    'fields.PHONE',
    'fields.EMAIL',
  ],
  'crm.contact.add': ['fields.NAME', 'fields.TYPE_ID', 'fields.SOURCE_ID', 'fields.POST', 'fields.PHONE', 'fields.EMAIL'],
  'crm.company.add': ['fields.TITLE', 'fields.COMPANY_TYPE', 'fields.INDUSTRY', 'fields.PHONE'],
  'crm.lead.update': ['fields.TITLE', 'fields.STATUS_ID', 'fields.PHONE'],
  'telephony.externalCall.register': [
    'PHONE_NUMBER',
    'LINE_NUMBER',
    'EXTERNAL_CALL_ID',
    'CRM_SOURCE',
    'CALL_START_DATE',
    'CRM_ENTITY_TYPE',
    'USER_PHONE_INNER',
  ],
  'telephony.externalCall.finish': ['COST_CURRENCY', 'FAILED_REASON', 'STATUS_CODE', 'RECORD_URL', 'CALL_ID'],
  'telephony.externalCall.attachRecord': ['FILENAME', 'RECORD_URL', 'FILE_CONTENT', 'CALL_ID'],
  'telephony.call.attachTranscription': ['CALL_ID', 'COST_CURRENCY', 'MESSAGES'],
  'telephony.externalLine.add': ['NUMBER', 'NAME', 'CRM_AUTO_CREATE'],
  'im.notify.system.add': ['MESSAGE', 'TAG', 'SUB_TAG'],
  'event.bind': ['event', 'handler', 'event_type'],
  'user.get': ['FILTER.NAME', 'FILTER.%NAME', 'FILTER.=%LAST_NAME', 'FILTER.!%EMAIL', 'FILTER.UF_PHONE_INNER', 'FILTER.NAME_SEARCH'],
  'voximplant.statistic.get': ['FILTER.CALL_ID', 'FILTER.%PHONE_NUMBER', 'FILTER.=%PORTAL_NUMBER', 'FILTER.?COMMENT', 'SORT'],
  'crm.lead.list': ['filter.TITLE', 'filter.%TITLE', 'filter.PHONE', 'filter.=%NAME'],
  'crm.duplicate.findbycomm': ['values', 'type'],
  'telephony.externalCall.searchCrmEntities': ['PHONE_NUMBER'],
};
const TEXT_METHODS = Object.keys(TEXT_PARAMS);

/** A call with valid credentials whose text parameters are long, multi-byte, or full of LIKE syntax. */
function textCall(r, target) {
  const name = r.pick(TEXT_METHODS);
  const callId = r.pick(target.pool.callIds) ?? 'none';
  const base =
    {
      'telephony.externalCall.register': [
        ['USER_ID', scalar('2')],
        ['PHONE_NUMBER', quoted('+1 202 555 0100')],
        ['TYPE', scalar('2')],
        ['CRM_CREATE', scalar('1')],
      ],
      'telephony.externalCall.finish': [
        ['CALL_ID', quoted(callId)],
        ['USER_ID', scalar('2')],
      ],
      'telephony.externalCall.attachRecord': [
        ['CALL_ID', quoted(callId)],
        ['FILENAME', quoted('a.wav')],
      ],
      'telephony.call.attachTranscription': [
        ['CALL_ID', quoted(callId)],
        ['COST', scalar('1')],
      ],
      'crm.lead.update': [['id', scalar(String(r.between(1, 5)))]],
      'im.notify.system.add': [
        ['USER_ID', scalar('2')],
        ['MESSAGE', quoted('m')],
      ],
    }[name] ?? [];
  const entries = [...base];
  for (let i = r.between(1, 3); i > 0; i--) {
    const [head, field] = r.pick(TEXT_PARAMS[name]).split('.');
    let value = quoted(oddText(r));
    if (field === 'PHONE' || field === 'EMAIL')
      value = [
        {
          entries: [
            ['VALUE', quoted(oddText(r))],
            ['VALUE_TYPE', quoted(r.chance(0.5) ? 'WORK' : oddText(r))],
          ],
        },
      ];
    if (head === 'MESSAGES')
      value = [
        {
          entries: [
            ['SIDE', quoted('User')],
            ['START_TIME', scalar('0')],
            ['STOP_TIME', scalar('1')],
            ['MESSAGE', quoted(oddText(r))],
          ],
        },
      ];
    if (head === 'values') value = [quoted(oddText(r))];
    entries.push([head, field ? { entries: [[field, value]] } : value]);
  }
  entries.push(['auth', quoted(target.token)]);
  const tree = { entries };
  const asForm = r.chance(0.3);
  return {
    label: `text-${asForm ? 'form' : 'json'} ${name}`,
    method: 'POST',
    path: `/rest/${name}`,
    headers: { 'content-type': asForm ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: asForm ? formBytes(formPairs(tree), r) : jsonBytes(tree),
  };
}

function oddText(r) {
  const unit = r.pick(['x', 'ñ', '😀', '1', '%', '_', '\\', ' ', 'İ', '\u0301', 'ab%c_d\\']);
  return r.weighted([
    [3, () => unit.repeat(r.pick([11, 21, 51, 65, 101, 256, 300]))],
    [1, () => unit.repeat(r.pick([5000, 20_000, 60_000]))],
    [2, () => r.pick(['\\', 'a\\', '%\\', '\\%', '_', '%', '%%', '[a-z]', '*', '\u0000', ''])],
  ]);
}

function hugeNumber(r) {
  const text = r.pick([
    '1e20',
    '-1e20',
    '1e308',
    '-1e308',
    '1e400',
    '-1e400',
    '9223372036854775807',
    '9223372036854775808',
    '-9223372036854775809',
    '18446744073709551616',
    '2147483648',
    '-2147483649',
    '4294967296',
    '9007199254740993',
    '1.5',
    '-0.5',
    '-0',
    '0.0000001',
    '123456789012345678901234567890',
    '1E+300',
    '2',
  ]);
  return r.chance(0.8) ? scalar(text) : quoted(r.pick([text, 'NaN', 'Infinity', '-Infinity', '1e20', '99999999999999999999']));
}

function methodName(r) {
  return r.weighted([
    [20, () => r.pick(METHOD_NAMES)],
    [1, () => r.pick(METHOD_NAMES).toUpperCase()],
    [
      1,
      () =>
        r.pick([
          '',
          '.',
          '..',
          'batch.batch',
          'user.get.get',
          'x'.repeat(r.pick([100, 5000, 70_000])),
          'USER.GET%00',
          'user get',
          'ñ.get',
          'crm.lead.delete',
          'telephony.externalcall.register',
        ]),
    ],
  ]);
}

function methodPath(r, name) {
  const encoded = r.chance(0.05) ? pct(name) : name;
  return (
    encoded +
    r.weighted([
      [12, ''],
      [2, '.json'],
      [2, '.xml'],
      [1, '/'],
      [1, '.json/'],
      [1, '.xml.json'],
      [1, '.JSON'],
      [1, '%00'],
      [1, '%ff'],
      [1, '\u00ff'],
    ])
  );
}

function credentials(r, target) {
  return r.weighted([
    [10, { prefix: target.webhookPath }],
    [8, () => ({ prefix: r.pick(['/rest/', '/rest//']), auth: quoted(target.token) })],
    [
      2,
      () => ({
        prefix: r.pick([
          '/rest/1/badcode/',
          '/rest/99999999999999999999/x/',
          '/rest/0/x/',
          '/rest/2/%ff/',
          `/rest/2/${target.webhookPath.split('/')[3]}/`,
        ]),
      }),
    ],
    [
      2,
      () => ({
        prefix: '/rest/',
        auth: r.pick([
          quoted('invalid'),
          quoted(''),
          scalar('1e400'),
          [quoted(target.token)],
          { entries: [['a', quoted(target.token)]] },
          randomScalar(r),
        ]),
      }),
    ],
    [1, { prefix: '/rest/' }],
  ]);
}

function params(r, name, fields, target) {
  const extra = [...target.pool.callIds.slice(-20), target.token];
  const count = r.weighted([
    [6, () => r.between(0, 6)],
    [1, () => r.between(7, 40)],
  ]);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const key = randomKey(r, fields);
    const value = /^(filter|FILTER)$/.test(key) ? randomFilter(r, extra) : key === 'cmd' ? batchCommands(r) : randomValue(r, 3, extra);
    entries.push([key, value]);
  }
  if (name === 'batch' && r.chance(0.7)) entries.push(['cmd', batchCommands(r)]);
  return { entries };
}

function batchCommands(r) {
  const command = () =>
    quoted(
      r.weighted([
        [4, () => `${r.pick(METHOD_NAMES)}?${formBytes(formPairs(randomFilterParams(r)), r).toString('latin1')}`],
        [
          2,
          () =>
            r.pick([
              'user.get?start=$result[self]',
              'user.get?ID=$result[a][0][ID]',
              'batch?cmd[a]=user.get',
              'user.get?FILTER[ID]=$result[b]',
              'crm.activity.get?id=$result[a][ID]',
              'user.get?start=$result[',
              'user.get?x=$result[x][y][z][0][1]',
            ]),
        ],
        [1, () => r.pick(['', '?', 'user.get?%zz', 'user.get?a[=1', 'x'.repeat(3000), `user.get?${'a[b]'.repeat(50)}=1`])],
      ]),
    );
  const count = r.pick([0, 1, 2, 3, 5, 50, 51, 60]);
  if (r.chance(0.3)) return Array.from({ length: count }, command);
  return { entries: Array.from({ length: count }, (_, i) => [r.pick(['a', 'b', 'self', String(i), `c${i}`, '__proto__', '']), command()]) };
}

function randomFilterParams(r) {
  return {
    entries: [
      ['FILTER', randomFilter(r, [])],
      ['start', randomScalar(r)],
    ],
  };
}

function uploadCall(r, target) {
  const token = r.weighted([
    [6, () => r.pick(target.pool.uploadPaths) ?? '/rest/upload.json?token=none'],
    [1, '/rest/upload.json?token='],
    [1, '/rest/upload.json'],
    [1, '/rest/upload.json?token=%ff&token=a'],
  ]);
  const body = r.chance(0.4)
    ? recordingUpload(r)
    : multipartBody(r, formPairs(params(r, 'upload', ['file', 'x'], target)), r.chance(0.7) ? randomFile(r) : null);
  const headers = r.chance(0.9) ? { 'content-type': body.contentType } : { 'content-type': 'application/json' };
  return withHeaders(r, { label: `upload-${body.label}`, method: 'POST', path: token, headers, body: body.body });
}

function oauthCall(r, target) {
  const entries = [
    ['grant_type', r.chance(0.7) ? quoted(r.pick(['refresh_token', 'authorization_code', 'password', ''])) : randomScalar(r)],
    ['client_id', r.chance(0.7) ? quoted(target.clientId) : randomScalar(r)],
    ['client_secret', r.chance(0.6) ? quoted(target.clientSecret) : randomScalar(r)],
    ['refresh_token', r.chance(0.3) ? quoted(target.refreshToken) : randomScalar(r)],
    ['code', randomScalar(r)],
  ].filter(() => r.chance(0.8));
  const tree = { entries };
  const path = r.pick([
    '/oauth/token/',
    '/oauth/token',
    '/oauth/token//',
    '/oauth/authorize/',
    '/oauth/authorize/?client_id=x&user_id=1e20',
  ]);
  if (r.chance(0.4))
    return withHeaders(r, {
      label: 'oauth-get',
      method: 'GET',
      path: `${path}${path.includes('?') ? '&' : '?'}${formBytes(formPairs(tree), r).toString('latin1')}`,
      headers: {},
      body: null,
    });
  const encoded = encodeParams(r, tree);
  return withHeaders(r, {
    label: `oauth-${encoded.label}`,
    method: 'POST',
    path,
    headers: encoded.contentType ? { 'content-type': encoded.contentType } : {},
    body: encoded.body,
  });
}

function recordLink(r, target) {
  const own = r.pick(target.pool.recordPaths);
  const path = r.weighted([
    [3, () => own ?? '/records/1/a.wav'],
    [
      3,
      () =>
        `/records/${r.pick(['1', '0', '99999999999999999999', 'abc', '-1', '1e20', '%ff', '..', ''])}/${r.pick(['a.wav', '', '..%2f..%2fetc%2fpasswd'])}?${r.pick(['', 'auth=' + target.token, 'auth=x', 'signature=x&expires=1e20', 'signature=&expires=-1', 'expires=99999999999999999999&signature=abc'])}`,
    ],
  ]);
  const headers = r.chance(0.5)
    ? {
        range: r.pick([
          'bytes=0-10',
          'bytes=-5',
          'bytes=99999999999999999999-',
          'bytes=5-1',
          'bytes=0-1,2-3',
          'bytes=x',
          'bytes=-0',
          'items=0-1',
          'bytes=0-99999999999999999999999',
        ]),
      }
    : {};
  return withHeaders(r, { label: 'record-link', method: r.pick(['GET', 'HEAD']), path, headers, body: null });
}

function pathTrick(r, target) {
  const name = r.pick(METHOD_NAMES);
  const path = r.pick([
    `/rest/../rest/${name}`,
    `/rest/%2e%2e/${name}`,
    `/rest/./${name}`,
    `//rest/${name}`,
    `/rest///${name}`,
    `/REST/${name}`,
    `/rest/${name}%00`,
    `/rest/${name};jsessionid=1`,
    `/rest/${name}#frag`,
    `/rest/%`,
    `/rest/%ff%fe`,
    `/rest/\u00ff\u00fe`,
    `/rest/1/code/${name}/extra`,
    `${target.webhookPath}../../${name}`,
    `${target.webhookPath}${name}.json.xml`,
    '/rest/',
    '/rest',
    '/',
    '/rest/upload.json/../user.get',
    `/rest/${'a/'.repeat(2000)}`,
    `/rest/${name}?${'a=1&'.repeat(3000)}`,
    '/%2e%2e/%2e%2e/etc/passwd',
    `/rest/${name}?auth=${target.token}&auth[]=x`,
    `/rest/${name}?FILTER[ID]=1e400&start=9223372036854775808`,
    `/rest/${name}?start=-1e20`,
    `/rest/${name}?${'%ff'.repeat(20)}=1`,
    `/rest/${name}?%E0%A4%A=1`,
    `/rest/${name}?a=%C0%AF`,
    `http://127.0.0.1/rest/${name}`,
    '*',
  ]);
  return withHeaders(r, { label: 'path-trick', method: r.pick(['GET', 'POST', 'OPTIONS']), path, headers: {}, body: null });
}

/** Valid calls that create calls, recordings and upload URLs for later requests to reuse. */
function wellFormed(r, target) {
  const callId = r.pick(target.pool.callIds);
  const body = r.weighted([
    [
      4,
      () => ({
        name: 'telephony.externalCall.register',
        params: {
          USER_ID: r.pick([1, 2, 3, 4]),
          PHONE_NUMBER: `+1 202 555 ${String(r.int(10_000)).padStart(4, '0')}`,
          TYPE: r.between(1, 3),
          CRM_CREATE: r.int(2),
          SHOW: 0,
        },
      }),
    ],
    [
      3,
      () => ({
        name: 'telephony.externalCall.finish',
        params: {
          CALL_ID: callId ?? 'none',
          USER_ID: r.pick([1, 2, 3]),
          DURATION: r.int(300),
          STATUS_CODE: r.pick(['200', '486', '603-S']),
        },
      }),
    ],
    [
      3,
      () => ({ name: 'telephony.externalCall.attachRecord', params: { CALL_ID: callId ?? 'none', FILENAME: r.pick(['a.wav', 'b.mp3']) } }),
    ],
    [
      1,
      () => ({
        name: 'telephony.externalCall.attachRecord',
        params: {
          CALL_ID: callId ?? 'none',
          FILENAME: 'c.wav',
          FILE_CONTENT: 'UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=',
        },
      }),
    ],
    [1, () => ({ name: 'voximplant.statistic.get', params: { FILTER: { CALL_ID: callId ?? 'none' } } })],
  ]);
  return {
    label: `valid ${body.name}`,
    method: 'POST',
    path: `/rest/${body.name}`,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ ...body.params, auth: target.token })),
    valid: true,
  };
}

function withHeaders(r, request) {
  if (!r.chance(0.15)) return request;
  const headers = { ...request.headers };
  r.weighted([
    [3, () => (headers['idempotency-key'] = r.pick(['k', r.alnum(36), 'x'.repeat(300), '\u00ff', '']))],
    [2, () => (headers['x-big'] = 'b'.repeat(r.pick([1000, 30_000, 70_000])))],
    [
      2,
      () => {
        const many = r.pick([50, 200]);
        for (let i = 0; i < many; i++) headers[`x-h${i}`] = r.alnum(20);
      },
    ],
    [2, () => (headers['x-forwarded-for'] = r.pick(['1.2.3.4', 'x', '::1, 10.0.0.1', '\u00ff']))],
    [1, () => (headers.authorization = `Bearer ${r.pick(['x', 'y'.repeat(5000)])}`)],
    [1, () => (headers.cookie = `a=${'c'.repeat(r.pick([10, 20_000]))}`)],
    [1, () => (headers['content-encoding'] = r.pick(['gzip', 'deflate', 'br', 'identity', 'x']))],
    [1, () => (headers.expect = '100-continue')],
    [1, () => (headers['accept-charset'] = 'koi8-r')],
    [1, () => (headers.host = r.pick(['', 'x'.repeat(300), 'evil.example:99999', '[::1]', '\u00ff']))],
  ]);
  return request;
}
