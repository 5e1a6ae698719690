/** What the path of a REST call says: the method, the answer format, and webhook credentials. */
export interface RestPath {
  methodName: string;
  format: 'json' | 'xml';
  webhook: { userId: number; code: string } | null;
}

/**
 * Reads every URL form clients use (A1–A3): `/rest/<method>`, `/rest//<method>`,
 * `/rest/<userId>/<code>/<method>`, each with an optional `.json`/`.xml` suffix and trailing `/`.
 * `pathname` is the raw path without the query string.
 */
export function parseRestPath(pathname: string): RestPath | null {
  if (!pathname.startsWith('/rest/')) return null;
  const segments = pathname
    .slice('/rest/'.length)
    .split('/')
    .filter((s) => s !== '');
  let webhook: RestPath['webhook'] = null;
  let methodSegment: string;
  if (segments.length === 3 && /^\d+$/.test(segments[0]!)) {
    webhook = { userId: Number.parseInt(segments[0]!, 10), code: safeDecode(segments[1]!) };
    methodSegment = segments[2]!;
  } else if (segments.length <= 1) {
    methodSegment = segments[0] ?? '';
  } else {
    // Any other shape names no method we have; keep the whole tail so the 404 says what was asked.
    methodSegment = segments.join('/');
  }
  let methodName = safeDecode(methodSegment);
  let format: RestPath['format'] = 'json';
  const suffix = /\.(json|xml)$/i.exec(methodName);
  if (suffix) {
    format = suffix[1]!.toLowerCase() as RestPath['format'];
    methodName = methodName.slice(0, -suffix[0].length);
  }
  return { methodName, format, webhook };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
