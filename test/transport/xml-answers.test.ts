import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { toXml } from '../../src/transport/xml-envelope.js';
import { xmlProblems } from '../helpers/xml-well-formed.js';

describe('issue 11 item 11: XML answers stay well-formed (A4)', () => {
  let t: TestPortal;
  beforeAll(async () => {
    t = await startTestPortal();
  });
  afterAll(() => t.close());

  const post = (method: string, payload: object) =>
    t.portal.app.inject({ method: 'POST', url: `${t.webhookPath}${method}`, payload: payload as Record<string, unknown> });

  test('A4: a lead whose title holds control characters reads back as well-formed XML, the characters dropped', async () => {
    const added = await post('crm.lead.add.json', { fields: { TITLE: 'bad \u0001 char\u0008 & <tag> \uFFFF ok \u{1F600}' } });
    expect(added.statusCode).toBe(200);
    const id = added.json().result as number;
    const res = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}crm.lead.get.xml?id=${id}` });
    expect(res.statusCode).toBe(200);
    expect(xmlProblems(res.body)).toEqual([]);
    expect(res.body).toContain('<TITLE>bad  char &amp; &lt;tag&gt;  ok \u{1F600}</TITLE>');
    // The JSON answer keeps the stored text as it is.
    const json = await post('crm.lead.get.json', { id });
    expect(json.json().result.TITLE).toBe('bad \u0001 char\u0008 & <tag> \uFFFF ok \u{1F600}');
  });

  test('A4: the checker itself refuses what is not well-formed', () => {
    const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
    expect(xmlProblems(`${declaration}<response><a>\u0001</a></response>`)).not.toEqual([]);
    expect(xmlProblems(`${declaration}<response><a>x & y</a></response>`)).not.toEqual([]);
    expect(xmlProblems(`${declaration}<response><a></b></response>`)).not.toEqual([]);
    expect(xmlProblems(`${declaration}<response><-a/></response>`)).not.toEqual([]);
  });

  test('A4: ordinary answers are unchanged, byte for byte', () => {
    const envelope = { result: { ID: '1', NAME: 'Anna "A" O\'Neil', LIST: ['x', null], FLAG: true, '0': 5, 'A B': 't\tn\nr\r' }, total: 1 };
    expect(toXml(envelope)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<response><result><item>5</item><ID>1</ID><NAME>Anna &quot;A&quot; O&apos;Neil</NAME>' +
        '<LIST><item>x</item><item/></LIST><FLAG>true</FLAG><A_B>t\tn\nr\r</A_B></result><total>1</total></response>\n',
    );
  });

  test('A4: keys that would not be element names are renamed', () => {
    const xml = toXml({ result: { '-x': 1, '.y': 2, 'a:b': 3 } });
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml).toContain('<_-x>1</_-x><_.y>2</_.y><a_b>3</a_b>');
  });
});
