import { checkTarget, DownloadError } from '../../infra/safe-download.js';

/** Why the portal would never post to a handler: not a URL, or an address the policy refuses. */
export type HandlerRefusal = { kind: 'not-a-url' } | { kind: 'address'; reason: string };

/**
 * Why the portal would never post to `handler`, or null when it may be bound: a handler on a
 * private, loopback or link-local address (after DNS, now) is refused up front rather than failing
 * every delivery later. The deliverer checks again at each connection, as names may change.
 */
export async function handlerRefusal(handler: string, allowPrivate: boolean): Promise<HandlerRefusal | null> {
  let target: URL;
  try {
    target = new URL(handler);
  } catch {
    return { kind: 'not-a-url' };
  }
  try {
    await checkTarget(target, { allowPrivate, allowedHosts: [] });
    return null;
  } catch (error) {
    if (error instanceof DownloadError && error.refused) return { kind: 'address', reason: error.message };
    throw error;
  }
}
