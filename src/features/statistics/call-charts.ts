import { DateTime } from 'luxon';
import type { Clock } from '../../kernel/clock.js';
import type { ServerConfig } from '../../kernel/config.js';
import type { UserRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import { DURATION_BUCKETS, type ChartPeriod } from '../../storage/stores/call-statistics-charts-store.js';
import { visibleCallsOwner } from './call-visibility.js';
import { LocalDays } from './local-days.js';

/** The longest period a chart covers: a year and a little, so "last 365 days" always fits. */
export const MAX_CHART_DAYS = 400;

/** Why a period was refused; the console maps each reason to its catalogue text. */
export type ChartPeriodProblem = 'invalid' | 'reversed' | 'too-long';

/** Thrown for a period the charts cannot show (not transport: the console turns it into its own error). */
export class ChartPeriodRefused {
  constructor(readonly problem: ChartPeriodProblem) {}
}

/** A period as people pick it: two calendar dates in the portal's time zone, both included. */
export interface ChartDates {
  from: string;
  to: string;
}

export interface CallCounts {
  answered: number;
  notAnswered: number;
}

export interface ChartSummary {
  period: ChartDates & { timeZone: string; days: number };
  totals: CallCounts & { calls: number };
  /** Calls by hour of the day (0–23, the portal's zone) over the whole period. */
  hoursOfDay: Array<CallCounts & { hour: number }>;
  /** Calls of each day of the period, empty days included. */
  days: Array<CallCounts & { date: string }>;
  /** Employees who had calls in the period, by name. */
  employees: Array<CallCounts & { userId: number; name: string; durationSeconds: number }>;
  /** Every duration bucket, empty ones included, shortest first. */
  durations: Array<{ label: string; calls: number }>;
  costs: Array<{ currency: string; cost: number; calls: number }>;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The console's charts: the statistics aggregated by the database for a period, under the same
 * visibility rule as voximplant.statistic.get (an administrator sees all calls, an employee their own).
 * Hours come from the database (its hourly rollup when the period's edges are whole UTC hours, else
 * the calls themselves); days and hours of the day are read in the portal's zone here, so a day of 23
 * or 25 hours (DST) counts exactly its own calls.
 */
export class CallCharts {
  constructor(
    private readonly storage: Storage,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
  ) {}

  /** Today's date in the portal's zone. */
  today(): string {
    return DateTime.fromMillis(this.clock.nowMs(), { zone: this.config.timeZone }).toISODate()!;
  }

  /** The period of the last `days` days, today included. */
  lastDays(days: number): ChartDates {
    const today = DateTime.fromMillis(this.clock.nowMs(), { zone: this.config.timeZone }).startOf('day');
    return { from: today.minus({ days: days - 1 }).toISODate()!, to: today.toISODate()! };
  }

  async summary(dates: ChartDates, viewer: UserRow): Promise<ChartSummary> {
    const zone = this.config.timeZone;
    const first = this.dayStart(dates.from);
    const last = this.dayStart(dates.to);
    if (!first || !last) throw new ChartPeriodRefused('invalid');
    if (last < first) throw new ChartPeriodRefused('reversed');
    const dayCount = Math.round(last.diff(first, 'days').days) + 1;
    if (dayCount > MAX_CHART_DAYS) throw new ChartPeriodRefused('too-long');

    const period: ChartPeriod = {
      fromSeconds: first.toSeconds(),
      toSeconds: last.plus({ days: 1 }).toSeconds(),
      ownerId: visibleCallsOwner(viewer),
    };
    const charts = this.storage.callCharts;
    // Independent reads: PostgreSQL runs them side by side on its pool (SQLite one after another anyway).
    const [hours, employees, durations, costs] = await Promise.all([
      charts.perHour(period),
      charts.perEmployee(period),
      charts.durationDistribution(period),
      charts.costPerCurrency(period),
    ]);

    const hoursOfDay = Array.from({ length: 24 }, (_, hour) => ({ hour, answered: 0, notAnswered: 0 }));
    const calendar = new LocalDays(first, last);
    const days = calendar.days.map((day) => ({ date: day.date, answered: 0, notAnswered: 0 }));
    for (const bucket of hours) {
      const at = calendar.locate(bucket.startSeconds);
      if (!at) continue;
      add(hoursOfDay[at.hour]!, bucket);
      add(days[at.day]!, bucket);
    }
    const totals = hoursOfDay.reduce((sum, h) => ({ answered: sum.answered + h.answered, notAnswered: sum.notAnswered + h.notAnswered }), {
      answered: 0,
      notAnswered: 0,
    });

    const names = await this.namesOf(employees.map((e) => e.userId));
    const bucketCalls = new Map(durations.map((d) => [d.bucket, d.calls]));
    return {
      period: { from: first.toISODate()!, to: last.toISODate()!, timeZone: zone, days: dayCount },
      totals: { calls: totals.answered + totals.notAnswered, ...totals },
      hoursOfDay,
      days,
      employees: employees
        .map((e) => ({ ...e, name: names.get(e.userId) ?? `user ${e.userId}` }))
        .sort((a, b) => a.name.localeCompare(b.name) || a.userId - b.userId),
      durations: DURATION_BUCKETS.map((bucket, index) => ({ label: bucket.label, calls: bucketCalls.get(index) ?? 0 })),
      costs,
    };
  }

  /** The start of a calendar day in the portal's zone, or null for anything but a real YYYY-MM-DD date. */
  private dayStart(date: string): DateTime | null {
    if (!ISO_DATE.test(date)) return null;
    const day = DateTime.fromISO(date, { zone: this.config.timeZone });
    return day.isValid ? day.startOf('day') : null;
  }

  private async namesOf(ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const wanted = new Set(ids);
    const users = (await this.storage.users.all()).filter((u) => wanted.has(u.id));
    return new Map(users.map((u) => [u.id, [u.name, u.last_name].filter(Boolean).join(' ') || `user ${u.id}`]));
  }
}

function add(into: CallCounts, counts: CallCounts): void {
  into.answered += counts.answered;
  into.notAnswered += counts.notAnswered;
}
