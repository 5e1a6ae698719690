/** What stands for a hidden part of a URL. */
const HIDDEN = '***';
/** A path segment that looks like a key (long, letters and digits mixed): hooks often carry their secret there. */
const KEY_LIKE_SEGMENT = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-]{16,}$/;

/**
 * A URL someone else chose (an event handler's), fit for a log line: the user info, every query
 * value and key-like path segments hidden, since any of them may be the handler's own secret.
 */
export function maskedForeignUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return HIDDEN;
  }
  const userInfo = parsed.username || parsed.password ? `${HIDDEN}@` : '';
  const path = parsed.pathname
    .split('/')
    .map((segment) => (KEY_LIKE_SEGMENT.test(segment) ? HIDDEN : segment))
    .join('/');
  const query = [...parsed.searchParams.keys()].map((name) => `${encodeURIComponent(name)}=${HIDDEN}`).join('&');
  return `${parsed.protocol}//${userInfo}${parsed.host}${path}${query ? `?${query}` : ''}`;
}
