import { expect, test } from 'vitest';
import { ControllableClock } from '../../src/kernel/clock.js';

/** A machine clock that moves on by `stepMs` each time it is read, as a busy machine's does between two reads. */
function tickingMachine(startMs: number, stepMs: number): () => number {
  let now = startMs;
  return () => (now += stepMs);
}

test('a clock at the machine time reports no offset, however far the machine clock moves between reads', () => {
  const clock = new ControllableClock('system', tickingMachine(1_800_000_000_000, 2));
  expect(clock.state()).toMatchObject({ frozen: false, offsetMs: 0 });
  clock.advance(7_200_000);
  expect(clock.state().offsetMs).toBe(7_200_000);
  clock.freeze(true);
  clock.freeze(false);
  expect(clock.restore()).toMatchObject({ frozen: false, offsetMs: 0 });
});

test('a frozen clock reports its distance from the machine time read at that moment', () => {
  const clock = new ControllableClock('manual', tickingMachine(1_800_000_000_000, 5));
  const state = clock.state();
  expect(state.frozen).toBe(true);
  expect(state.nowMs).toBe(1_800_000_000_005);
  // Frozen at the first read; the state's own read is one step later.
  expect(state.offsetMs).toBe(-5);
});
