/** The calls a chart counts: started in [fromSeconds, toSeconds), of one employee or (ownerId null) of everyone. */
export interface ChartPeriod {
  fromSeconds: number;
  toSeconds: number;
  ownerId: number | null;
}

/** Calls of one hour of the period: the hour starts at `startSeconds`. */
export interface HourCounts {
  startSeconds: number;
  answered: number;
  notAnswered: number;
}

export interface EmployeeCounts {
  userId: number;
  answered: number;
  notAnswered: number;
  durationSeconds: number;
}

export interface DurationBucketCount {
  /** Index into DURATION_BUCKETS. */
  bucket: number;
  calls: number;
}

export interface CurrencyCost {
  currency: string;
  cost: number;
  calls: number;
}

/** The charts' four aggregates, whichever table answers them: each sorted by its key, empty groups left out. */
export interface ChartQueries {
  /** Calls per hour of the period, answered (code 200) or not. */
  perHour(period: ChartPeriod): Promise<HourCounts[]>;
  /** Per employee who had calls in the period, by user id. */
  perEmployee(period: ChartPeriod): Promise<EmployeeCounts[]>;
  /** How many calls fall in each of DURATION_BUCKETS. */
  durationDistribution(period: ChartPeriod): Promise<DurationBucketCount[]>;
  /** The calls' cost summed per currency, by currency code. */
  costPerCurrency(period: ChartPeriod): Promise<CurrencyCost[]>;
}
