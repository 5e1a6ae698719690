/** Source of the current time; tests replace it to move past token expiry. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

export function unixSeconds(clock: Clock): number {
  return Math.floor(clock.nowMs() / 1000);
}

/** What a controllable clock reports about itself. */
export interface ClockState {
  nowMs: number;
  /** Frozen: time stands still until advanced or set. */
  frozen: boolean;
  /** How far the portal's time is from the machine's (0 for an untouched running clock). */
  offsetMs: number;
}

/**
 * The portal's clock as a test drives it: it runs with the machine's time, shifted by an offset, or
 * stands frozen at an instant. Everything dated by the portal (token and code expiry, call dates,
 * statistics, event retry backoff) reads it, so advancing it moves them all at once.
 */
export class ControllableClock implements Clock {
  private offsetMs = 0;
  private frozenAtMs: number | null = null;

  constructor(
    mode: 'system' | 'manual' = 'system',
    private readonly machineNowMs: () => number = () => Date.now(),
  ) {
    if (mode === 'manual') this.frozenAtMs = this.machineNowMs();
  }

  nowMs(): number {
    return this.timeAt(this.machineNowMs());
  }

  /** The portal's time when the machine's reads `machineMs`. */
  private timeAt(machineMs: number): number {
    return this.frozenAtMs ?? machineMs + this.offsetMs;
  }

  /** Moves time forward (or back, with a negative amount). */
  advance(ms: number): ClockState {
    if (this.frozenAtMs !== null) this.frozenAtMs += ms;
    else this.offsetMs += ms;
    return this.state();
  }

  /** Jumps to an instant; a frozen clock stays frozen there, a running one runs on from it. */
  set(atMs: number): ClockState {
    if (this.frozenAtMs !== null) this.frozenAtMs = atMs;
    else this.offsetMs = atMs - this.machineNowMs();
    return this.state();
  }

  /** Stops time at the current instant (true) or lets it run on from there (false). */
  freeze(frozen: boolean): ClockState {
    if (frozen && this.frozenAtMs === null) this.frozenAtMs = this.nowMs();
    if (!frozen && this.frozenAtMs !== null) {
      this.offsetMs = this.frozenAtMs - this.machineNowMs();
      this.frozenAtMs = null;
    }
    return this.state();
  }

  /** Back to the machine's time, running. */
  restore(): ClockState {
    this.offsetMs = 0;
    this.frozenAtMs = null;
    return this.state();
  }

  /** The time underneath, never shifted or frozen: for what must run in real time (the rate limit's drain). */
  machineTime(): number {
    return this.machineNowMs();
  }

  /**
   * The machine's time is read once: two reads a millisecond apart (a busy machine, a GC pause between
   * them) made a running clock at the machine's time report an offset of -1 or -2 ms.
   */
  state(): ClockState {
    const machineMs = this.machineNowMs();
    const nowMs = this.timeAt(machineMs);
    return { nowMs, frozen: this.frozenAtMs !== null, offsetMs: nowMs - machineMs };
  }
}

/**
 * The portal's clock over `source`: 'system' runs with the machine, 'manual' starts frozen at the
 * machine's now, and any other Clock (a test's own) becomes the time base, shifted and frozen on top.
 */
export function controllableClock(source: 'system' | 'manual' | Clock = 'system'): ControllableClock {
  if (source instanceof ControllableClock) return source;
  if (source === 'system' || source === 'manual') return new ControllableClock(source);
  return new ControllableClock('system', () => source.nowMs());
}
