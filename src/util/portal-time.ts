import { DateTime, IANAZone } from 'luxon';

/** Whether `zone` names a time zone this runtime knows (IANA name or fixed offset like UTC+3). */
export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone) || DateTime.now().setZone(zone).isValid;
}

/** ISO 8601 with numeric offset and no fraction, in the portal's zone: 2026-03-10T11:47:58+01:00. */
export function formatPortalDate(unixMs: number, zone: string): string {
  // Always a numeric offset, +00:00 rather than Z, as the reference prints it.
  return DateTime.fromMillis(unixMs, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}

/** The portal zone's offset from UTC in seconds at `unixMs`. */
export function portalOffsetSeconds(unixMs: number, zone: string): number {
  return DateTime.fromMillis(unixMs, { zone }).offset * 60;
}

/** Reads an ISO 8601 date or date-time; naive values are taken in the portal zone. Null when unreadable. */
export function parsePortalDate(text: string, zone: string): number | null {
  const parsed = DateTime.fromISO(text.trim().replace(' ', 'T'), { zone, setZone: false });
  return parsed.isValid ? parsed.toMillis() : null;
}
