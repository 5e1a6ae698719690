import { DateTime, IANAZone } from 'luxon';
import { noteCoercion } from './near-misses.js';

/** Whether `zone` names a time zone this runtime knows (IANA name or fixed offset like UTC+3). */
export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone) || DateTime.now().setZone(zone).isValid;
}

/** ISO 8601 with numeric offset and no fraction, in the portal's zone: 2026-03-10T11:47:58+01:00. */
export function formatPortalDate(unixMs: number, zone: string): string {
  const second = Math.floor(unixMs / 1000);
  const offsetMinutes = zoneOffsetMinutes(second, zone);
  // Shift by the offset and read the UTC fields: the wall-clock time in the zone.
  const wall = new Date((second + offsetMinutes * 60) * 1000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  // Always a numeric offset, +00:00 rather than Z, as the reference prints it.
  return `${wall.toISOString().slice(0, 19)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Zone offsets change only at transitions on quarter-hour boundaries: one lookup per quarter hour. */
const OFFSET_BUCKET_SECONDS = 15 * 60;
const offsetCache = new Map<string, number>();

function zoneOffsetMinutes(unixSeconds: number, zone: string): number {
  const key = `${zone}|${Math.floor(unixSeconds / OFFSET_BUCKET_SECONDS)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = DateTime.fromMillis(unixSeconds * 1000, { zone }).offset;
    if (offsetCache.size > 50_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

/** The portal zone's offset from UTC in seconds at `unixMs`. */
export function portalOffsetSeconds(unixMs: number, zone: string): number {
  return DateTime.fromMillis(unixMs, { zone }).offset * 60;
}

/** Reads an ISO 8601 date or date-time; naive values are taken in the portal zone. Null when unreadable. */
export function parsePortalDate(text: string, zone: string): number | null {
  const value = text.trim();
  // A date must lead: luxon alone would read a bare "11:19" as today.
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const read = readDate(value, zone);
  if (read === null) return null;
  // A time without its zone means the portal's: worth saying, the client may have meant UTC.
  if (!EXPLICIT_ZONE.test(value)) noteCoercion(text, `read in the portal's time zone as ${formatPortalDate(read, zone)}`);
  return read;
}

/** Dates read, by zone and text: a client asks for the same day again and again. */
const readDates = new Map<string, number | null>();
const MAX_READ_DATES = 2_000;

/**
 * The instant a date or date-time that starts with a date names. Such a text names the same instant on
 * every call (no "today" in it), so the answer is kept: luxon's parse was some 4% of a statistics page.
 */
function readDate(value: string, zone: string): number | null {
  const key = `${zone}\n${value}`;
  let read = readDates.get(key);
  if (read === undefined) {
    // PBXs send ISO 8601 ("T", offset) or SQL-style local times ("2026-03-10 11:19:39.123456").
    const iso = DateTime.fromISO(value, { zone });
    const millis = iso.isValid ? iso.toMillis() : DateTime.fromSQL(value, { zone }).toMillis();
    read = Number.isNaN(millis) ? null : millis;
    if (readDates.size >= MAX_READ_DATES) readDates.clear();
    readDates.set(key, read);
  }
  return read;
}

/** A time followed by its zone: `…10:00Z`, `…10:00:00+01:00`, `…10:00:00.5 -0500`. */
const EXPLICIT_ZONE = /\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:z|[+-]\d{2}(?::?\d{2})?)$/i;
