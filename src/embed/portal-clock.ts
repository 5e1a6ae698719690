import type { ControllableClock } from '../kernel/clock.js';
import { parseDuration } from '../kernel/duration.js';
import { restError } from '../kernel/errors/rest-error.js';
import { LATEST_INSTANT_MS, parseInstant } from '../kernel/instant.js';

/** The portal's clock as a test drives it. Moving it moves everything the portal dates. */
export interface PortalClock {
  /** The portal's current time. */
  now(): Date;
  /** Moves time forward (a negative amount: back): milliseconds, or "2h", "90m", "30s", "1d", "500ms". */
  advance(amount: number | string): Date;
  /** Jumps to an instant (a Date, Unix milliseconds or an ISO 8601 date); a frozen clock stays frozen there. */
  set(instant: Date | number | string): Date;
  /** Stops time where it is, until advanced, set or resumed. */
  freeze(): Date;
  /** Lets frozen time run on from where it stands. */
  resume(): Date;
}

/** The test-facing face of the portal's ControllableClock; bad input throws the admin API's error and moves nothing. */
export function embeddedClock(clock: ControllableClock): PortalClock {
  const at = (ms: number) => new Date(ms);
  return {
    now: () => at(clock.nowMs()),
    advance(amount) {
      const ms = parseDuration(amount);
      if (ms === null) throw restError('CLOCK_DURATION_INVALID', { value: JSON.stringify(amount) ?? String(amount) });
      const target = clock.nowMs() + ms;
      if (target < 0 || target > LATEST_INSTANT_MS) throw restError('CLOCK_OUT_OF_RANGE');
      return at(clock.advance(ms).nowMs);
    },
    set(instant) {
      const ms = parseInstant(instant);
      if (ms === null) throw restError('CLOCK_INSTANT_INVALID', { value: JSON.stringify(instant) ?? String(instant) });
      return at(clock.set(ms).nowMs);
    },
    freeze: () => at(clock.freeze(true).nowMs),
    resume: () => at(clock.freeze(false).nowMs),
  };
}
