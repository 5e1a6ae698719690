import { DateTime, IANAZone } from 'luxon';

/** Whether `zone` names a time zone this runtime knows (IANA name or fixed offset like UTC+3). */
export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone) || DateTime.now().setZone(zone).isValid;
}

/** ISO 8601 with numeric offset and no fraction, in the portal's zone: 2026-03-10T11:47:58+01:00. */
export function formatPortalDate(unixMs: number, zone: string): string {
  // Every answer formats "now" twice: remember the last second formatted.
  const second = Math.floor(unixMs / 1000);
  if (second === lastFormatted.second && zone === lastFormatted.zone) return lastFormatted.text;
  // Always a numeric offset, +00:00 rather than Z, as the reference prints it.
  const text = DateTime.fromMillis(second * 1000, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
  lastFormatted = { second, zone, text };
  return text;
}

let lastFormatted = { second: Number.NaN, zone: '', text: '' };

/** The portal zone's offset from UTC in seconds at `unixMs`. */
export function portalOffsetSeconds(unixMs: number, zone: string): number {
  return DateTime.fromMillis(unixMs, { zone }).offset * 60;
}

/** Reads an ISO 8601 date or date-time; naive values are taken in the portal zone. Null when unreadable. */
export function parsePortalDate(text: string, zone: string): number | null {
  const value = text.trim();
  // A date must lead: luxon alone would read a bare "11:19" as today.
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  // PBXs send ISO 8601 ("T", offset) or SQL-style local times ("2026-03-10 11:19:39.123456").
  const iso = DateTime.fromISO(value, { zone });
  if (iso.isValid) return iso.toMillis();
  const sqlStyle = DateTime.fromSQL(value, { zone });
  return sqlStyle.isValid ? sqlStyle.toMillis() : null;
}
