import { DateTime, IANAZone } from 'luxon';
import { noteCoercion } from './near-misses.js';

/** Whether `zone` names a time zone this runtime knows (IANA name or fixed offset like UTC+3). */
export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone) || DateTime.now().setZone(zone).isValid;
}

/** ISO 8601 with numeric offset and no fraction, in the portal's zone: 2026-03-10T11:47:58+01:00. */
export function formatPortalDate(unixMs: number, zone: string): string {
  const second = Math.floor(unixMs / 1000);
  // Every answer's time block and journal entry asks for the current second, again and again.
  if (second === last.second && zone === last.zone) return last.text;
  const offsetMinutes = zoneOffsetMinutes(second, zone);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  // Always a numeric offset, +00:00 rather than Z, as the reference prints it.
  const text = `${wallClockText(second + offsetMinutes * 60)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  last = { second, zone, text };
  return text;
}

let last = { second: Number.NaN, zone: '', text: '' };

const SECONDS_A_DAY = 86_400;

/**
 * `YYYY-MM-DDTHH:MM:SS` of a count of seconds taken as UTC (the wall clock once shifted by the offset),
 * the calendar date computed from the day number (the proleptic Gregorian civil-from-days conversion).
 * Date's toISOString formats through a printf and cost some 7,000 instructions a call; outside years
 * 0–9999 (which it writes with a sign and six digits) it still does.
 */
function wallClockText(seconds: number): string {
  const days = Math.floor(seconds / SECONDS_A_DAY);
  const ofDay = seconds - days * SECONDS_A_DAY;
  // Days counted from 0000-03-01, in 400-year eras: leap days fall at the end of each counted year.
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (!(year >= 0 && year <= 9999)) return new Date(seconds * 1000).toISOString().slice(0, 19);
  const hour = Math.floor(ofDay / 3600);
  const minute = Math.floor((ofDay % 3600) / 60);
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(ofDay % 60)}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Zone offsets change only at transitions on quarter-hour boundaries: one lookup per quarter hour. */
const OFFSET_BUCKET_SECONDS = 15 * 60;
/** Per zone, per quarter hour: numbers as keys, so a lookup builds no string and hashes none. */
const offsetCache = new Map<string, Map<number, number>>();
let offsetsKept = 0;

function zoneOffsetMinutes(unixSeconds: number, zone: string): number {
  const bucket = Math.floor(unixSeconds / OFFSET_BUCKET_SECONDS);
  let ofZone = offsetCache.get(zone);
  let offset = ofZone?.get(bucket);
  if (offset === undefined) {
    offset = DateTime.fromMillis(unixSeconds * 1000, { zone }).offset;
    if (offsetsKept >= 50_000) {
      offsetCache.clear();
      offsetsKept = 0;
      ofZone = undefined;
    }
    if (!ofZone) offsetCache.set(zone, (ofZone = new Map()));
    ofZone.set(bucket, offset);
    offsetsKept++;
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
