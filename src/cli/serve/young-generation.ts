import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { nodeFlagGiven } from './node-flags.js';

/**
 * The largest semi-space `serve` lets V8 grow to, in MB (the young generation is two of them). V8's own
 * limit is 16 MB: under load the young generation reached 32 MB, a fifth of the server's memory. At 8 MB
 * the peak RSS is 15 MB lower; scavenges come twice as often, which costs a register some 4 µs of its
 * ~230 µs (GC traces), less than six pairs of throughput runs could tell apart.
 */
export const SERVE_SEMI_SPACE_MB = 8;

/** The flags by which an operator sizes the young generation; either one leaves it to them. */
const OPERATOR_FLAGS = ['--max-semi-space-size', '--semi-space-growth-factor'];

/** Whether the operator sized the young generation: with a flag on the command line or in NODE_OPTIONS. */
export function youngGenerationSizedByOperator(execArgv: readonly string[], nodeOptions = ''): boolean {
  return nodeFlagGiven(OPERATOR_FLAGS, execArgv, nodeOptions);
}

/**
 * The growth factor that makes V8's next growth of a semi-space of `currentBytes` land on `capBytes`
 * (V8 grows to the factor times the current size, at most its own limit), and 1, no growth, at the cap.
 */
export function growthFactorFor(currentBytes: number, capBytes: number): number {
  if (currentBytes <= 0) return 1;
  return Math.max(1, Math.floor(capBytes / currentBytes));
}

/**
 * Keeps V8's semi-spaces at or under SERVE_SEMI_SPACE_MB. V8 sizes its young generation limit once,
 * when the process starts, so a running process cannot lower it; it can only steer how far each growth
 * goes, which V8 reads whenever it grows. So after every collection the factor is set so that the next
 * growth lands on the cap, and to 1 there. V8 grows the young generation only at a collection, and only
 * once as much as it holds has survived since its last growth, so the next growth never comes before the
 * factor is set (short of a single task keeping megabytes alive). When the server is idle V8 may shrink
 * it; the factor then lets it grow back to the cap. Nothing is done when the operator sized the young
 * generation (their choice stands). It lasts as long as the process.
 */
export function capYoungGeneration(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string = process.env.NODE_OPTIONS ?? '',
): void {
  if (youngGenerationSizedByOperator(execArgv, nodeOptions)) return;
  const capBytes = SERVE_SEMI_SPACE_MB * 1024 * 1024;
  let applied = 0;
  const steer = () => {
    const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
    if (!newSpace) return;
    // The new space holds two semi-spaces.
    const factor = growthFactorFor(newSpace.space_size / 2, capBytes);
    if (factor === applied) return;
    setFlagsFromString(`--semi-space-growth-factor=${factor}`);
    applied = factor;
  };
  steer();
  new PerformanceObserver(steer).observe({ entryTypes: ['gc'] });
}
