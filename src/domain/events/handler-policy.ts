import { checkTarget, DownloadError } from '../../util/safe-download.js';

/**
 * Why the portal would never post to `handler`, or null when it may be bound: a handler on a
 * private, loopback or link-local address (after DNS, now) is refused up front rather than failing
 * every delivery later. The deliverer checks again at each connection, as names may change.
 */
export async function handlerRefusal(handler: string, allowPrivate: boolean): Promise<string | null> {
  let target: URL;
  try {
    target = new URL(handler);
  } catch {
    return 'the handler is not a valid URL';
  }
  try {
    await checkTarget(target, { allowPrivate, allowedHosts: [] });
    return null;
  } catch (error) {
    if (error instanceof DownloadError && error.refused) {
      return `${error.message} (--allow-private-event-handlers allows local handlers)`;
    }
    throw error;
  }
}
