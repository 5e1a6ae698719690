/** Characters XML 1.0 allows in a document (its Char production). */
const XML_CHARS = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const NAME = /^[A-Za-z_:][A-Za-z0-9_:.-]*$/;
const ENTITY = /^&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9A-Fa-f]+);/;

/**
 * The reasons `text` is not a well-formed XML 1.0 document of the shape our answers have (a
 * declaration, then elements and text, no attributes); empty when it is. Strict where it matters here:
 * characters, names, entities and the nesting of tags.
 */
export function xmlProblems(text: string): string[] {
  const problems: string[] = [];
  if (!XML_CHARS.test(text)) problems.push('a character XML 1.0 does not allow');
  const body = text.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  if (body === text) problems.push('no XML declaration');
  const open: string[] = [];
  let roots = 0;
  for (let at = 0; at < body.length;) {
    const lt = body.indexOf('<', at);
    const textPart = body.slice(at, lt === -1 ? body.length : lt);
    for (let amp = textPart.indexOf('&'); amp !== -1; amp = textPart.indexOf('&', amp + 1)) {
      if (!ENTITY.test(textPart.slice(amp))) problems.push(`a bare & at ${at + amp}`);
    }
    if (textPart.includes('>')) problems.push('a bare >');
    if (textPart.trim() !== '' && open.length === 0) problems.push('text outside the root');
    if (lt === -1) break;
    const gt = body.indexOf('>', lt);
    if (gt === -1) {
      problems.push('an unclosed tag');
      break;
    }
    const tag = body.slice(lt + 1, gt);
    if (tag.startsWith('/')) {
      if (open.pop() !== tag.slice(1)) problems.push(`</${tag.slice(1)}> closes nothing open`);
    } else {
      const selfClosing = tag.endsWith('/');
      const name = selfClosing ? tag.slice(0, -1) : tag;
      if (!NAME.test(name)) problems.push(`<${name}> is not an element name`);
      if (open.length === 0) roots++;
      if (!selfClosing) open.push(name);
    }
    at = gt + 1;
  }
  if (open.length) problems.push(`unclosed: ${open.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
