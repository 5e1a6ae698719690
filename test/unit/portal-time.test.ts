import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import { formatPortalDate, parsePortalDate } from '../../src/kernel/portal-time.js';
import { NearMissNotes, readingWith } from '../../src/kernel/near-misses.js';

describe('portal dates (A14, A15, E10)', () => {
  test('formatting agrees with the time-zone database around DST changes and in odd zones', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'UTC', 'Pacific/Chatham'];
    // Every 7 minutes across two DST changes of 2026 (end of March, end of October).
    const instants: number[] = [];
    for (const [from, to] of [
      [Date.UTC(2026, 2, 28), Date.UTC(2026, 2, 30)],
      [Date.UTC(2026, 9, 24), Date.UTC(2026, 9, 26)],
      [Date.UTC(2026, 3, 4), Date.UTC(2026, 3, 6)],
    ]) {
      for (let ms = from!; ms < to!; ms += 7 * 60 * 1000 + 13_000) instants.push(ms);
    }
    for (const zone of zones) {
      for (const ms of instants) {
        const expected = DateTime.fromMillis(Math.floor(ms / 1000) * 1000, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
        expect(formatPortalDate(ms, zone), `${zone} ${ms}`).toBe(expected);
      }
    }
  });

  test('the calendar date is right from 1600 to 2400, leap days and century years included', () => {
    const zones = ['UTC', 'Asia/Kathmandu', 'America/St_Johns'];
    const step = 3 * 86_400_000 + 3_607_000; // three days and an hour and a bit: every hour of the day comes round
    for (let ms = Date.UTC(1600, 0, 1); ms < Date.UTC(2400, 0, 1); ms += step) {
      const zone = zones[Math.floor(ms / step) % zones.length]!;
      const expected = DateTime.fromMillis(Math.floor(ms / 1000) * 1000, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
      expect(formatPortalDate(ms, zone), `${zone} ${ms}`).toBe(expected);
    }
    for (const [y, m, d] of [
      [2000, 1, 29],
      [2024, 1, 29],
      [1900, 2, 1],
      [2100, 2, 1],
      [0, 0, 1],
      [9999, 11, 31],
    ] as const) {
      const ms = Date.UTC(y, m, d, 23, 59, 59);
      expect(formatPortalDate(ms, 'UTC')).toBe(`${new Date(ms).toISOString().slice(0, 19)}+00:00`);
    }
  });

  test('the same second asked again in another zone is written in that zone', () => {
    const ms = Date.UTC(2026, 5, 1, 12, 0, 0);
    expect(formatPortalDate(ms, 'UTC')).toBe('2026-06-01T12:00:00+00:00');
    expect(formatPortalDate(ms + 500, 'Europe/Berlin')).toBe('2026-06-01T14:00:00+02:00');
    expect(formatPortalDate(ms + 900, 'UTC')).toBe('2026-06-01T12:00:00+00:00');
    expect(formatPortalDate(ms + 1000, 'UTC')).toBe('2026-06-01T12:00:01+00:00');
  });

  test('UTC prints +00:00, never Z; fractions are dropped', () => {
    expect(formatPortalDate(Date.UTC(2026, 2, 10, 10, 0, 0, 999), 'UTC')).toBe('2026-03-10T10:00:00+00:00');
  });

  test('E10: ISO with offset, naive local times (with microseconds) in the portal zone, junk refused', () => {
    expect(parsePortalDate('2026-03-10T11:19:39+03:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 10, 8, 19, 39));
    expect(parsePortalDate('2026-03-10 11:19:39', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 10, 10, 19, 39));
    expect(parsePortalDate('2026-03-10 11:19:39.123456', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 10, 10, 19, 39, 123));
    expect(parsePortalDate('2026-03-10', 'UTC')).toBe(Date.UTC(2026, 2, 10));
    for (const junk of ['2026-13-45', '11:19', 'yesterday', '', '2026-03-10T25:00:00', '1773130779'])
      expect(parsePortalDate(junk, 'UTC'), junk).toBeNull();
  });

  test('a date read again answers the same in each zone and notes a naive time each time it is read', () => {
    for (let round = 0; round < 2; round++) {
      const notes = new NearMissNotes();
      const read = readingWith(notes, () => [
        parsePortalDate('2026-07-01 09:00:00', 'Europe/Berlin'),
        parsePortalDate('2026-07-01 09:00:00', 'Asia/Tokyo'),
        parsePortalDate('2026-07-01T09:00:00Z', 'Asia/Tokyo'),
        parsePortalDate('2026-02-30', 'UTC'),
      ]);
      expect(read).toEqual([Date.UTC(2026, 6, 1, 7), Date.UTC(2026, 6, 1, 0), Date.UTC(2026, 6, 1, 9), null]);
      expect(notes.misses.map((miss) => miss.detail)).toEqual([
        '"2026-07-01 09:00:00" read in the portal\'s time zone as 2026-07-01T09:00:00+02:00',
        '"2026-07-01 09:00:00" read in the portal\'s time zone as 2026-07-01T09:00:00+09:00',
      ]);
    }
  });
});
