import { DateTime, type Zone } from 'luxon';

/** One calendar day in the portal's zone: from its midnight to the next, in Unix seconds. */
export interface LocalDay {
  date: string;
  startSeconds: number;
  endSeconds: number;
}

interface Span extends LocalDay {
  /** 24 hours at one offset all day: its hours follow from its midnight without asking the zone. */
  steady: boolean;
}

const DAY_SECONDS = 86_400;
const HOUR_SECONDS = 3600;

/**
 * The days of a period, to place the charts' hours in them. A year has 8,760 hours and a zone lookup
 * per hour cost more than all the queries together; here each day asks the zone once, and only a day
 * whose offset changes (DST) asks it again for each of its hours.
 */
export class LocalDays {
  private readonly spans: Span[] = [];
  private readonly zone: Zone;

  /** `first` and `last`: the midnights (in their zone) of the period's first and last day. */
  constructor(first: DateTime, last: DateTime) {
    this.zone = first.zone;
    for (let day = first; day <= last;) {
      const next = day.plus({ days: 1 });
      const startSeconds = day.toSeconds();
      const endSeconds = next.toSeconds();
      const steady = endSeconds - startSeconds === DAY_SECONDS && day.offset === next.offset;
      this.spans.push({ date: day.toISODate()!, startSeconds, endSeconds, steady });
      day = next;
    }
  }

  get days(): readonly LocalDay[] {
    return this.spans;
  }

  /** Which day (an index into `days`) and which local hour `seconds` falls in; null outside the period. */
  locate(seconds: number): { day: number; hour: number } | null {
    let low = 0;
    let high = this.spans.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const span = this.spans[middle]!;
      if (seconds < span.startSeconds) high = middle - 1;
      else if (seconds >= span.endSeconds) low = middle + 1;
      else {
        const hour = span.steady
          ? Math.floor((seconds - span.startSeconds) / HOUR_SECONDS)
          : DateTime.fromSeconds(seconds, { zone: this.zone }).hour;
        return { day: middle, hour };
      }
    }
    return null;
  }
}
