import { Command } from 'commander';
import { printJson } from '../output.js';
import { AdminClient, addRemoteOptions, type RemoteOptions } from './admin-client.js';

interface ClockAnswer {
  now: string;
  nowMs: number;
  frozen: boolean;
  offsetMs: number;
}

type ClockFlags = RemoteOptions & { json?: boolean };

/** `extcall clock …`: shows or moves a running server's clock (token expiry, call dates, event retries follow it). */
export function clockCommand(): Command {
  const clock = new Command('clock').description(
    "show or move a running server's clock: token expiry, call dates and event retries follow it",
  );
  const sub = (name: string, description: string, body: ((arg: string) => unknown) | null, argument?: string) => {
    const command = addRemoteOptions(clock.command(name, { isDefault: name === 'show' }).description(description)).option(
      '--json',
      'print the clock as JSON',
    );
    if (argument) command.argument(argument);
    command.action(async (...args: unknown[]) => {
      const flags = args[argument ? 1 : 0] as ClockFlags;
      const client = AdminClient.for(flags);
      const answer = body ? await client.post<ClockAnswer>('clock', body(args[0] as string)) : await client.get<ClockAnswer>('clock');
      if (flags.json) printJson(answer);
      else process.stdout.write(`${describeClock(answer)}\n`);
    });
  };
  sub('show', 'print the portal time (the default)', null);
  sub('advance', 'move time forward by a duration: 90s, 15m, 2h, 1d (a leading minus goes back)', (by) => ({ advance: by }), '<duration>');
  sub('set', 'jump to an instant: an ISO date and time, e.g. 2030-01-01T09:00:00Z', (at) => ({ set: at }), '<instant>');
  sub('freeze', 'stop time where it is', () => ({ freeze: true }));
  sub('resume', 'let frozen time run on from where it stands', () => ({ freeze: false }));
  sub('restore', "back to the machine's time, running", () => ({ restore: true }));
  return clock;
}

export function describeClock(clock: ClockAnswer): string {
  const state = clock.frozen ? 'frozen' : 'running';
  return `portal time: ${clock.now} (${state}, ${clock.offsetMs === 0 ? "the machine's time" : `${formatOffset(clock.offsetMs)} from the machine's`})`;
}

function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  let rest = Math.abs(ms);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}ms`);
  return `${sign}${parts.join(' ')}`;
}
