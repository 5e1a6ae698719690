import type { FastifyInstance } from 'fastify';
import type { Services } from '../../features/services.js';
import type { ClockState, ControllableClock } from '../../kernel/clock.js';
import { parseDuration } from '../../kernel/duration.js';
import { LATEST_INSTANT_MS, parseInstant } from '../../kernel/instant.js';
import { restError } from '../../kernel/errors/rest-error.js';

/** The portal's clock and its reset: `GET|POST <prefix>/clock`, `POST <prefix>/reset` (the prefix is `/_extcall`). */
export function registerControlRoutes(admin: FastifyInstance, services: Services, prefix: string): void {
  const { clock, control } = services;

  admin.get(`${prefix}/clock`, async () => clockAnswer(clock.state()));

  admin.post(`${prefix}/clock`, async (request) => clockAnswer(moveClock(clock, request.body)));

  admin.post(`${prefix}/reset`, async (request) => {
    const portal = await control.reset({ empty: readResetBody(request.body) });
    return { portal };
  });
}

/** The clock as the admin API shows it. */
export function clockAnswer(state: ClockState): { now: string; nowMs: number; frozen: boolean; offsetMs: number } {
  return { now: new Date(state.nowMs).toISOString(), nowMs: state.nowMs, frozen: state.frozen, offsetMs: state.offsetMs };
}

/** Applies one clock command; a body that is not exactly one known command changes nothing. */
function moveClock(clock: ControllableClock, body: unknown): ClockState {
  if (!isPlainObject(body) || Object.keys(body).length !== 1) throw restError('CLOCK_BODY_INVALID');
  const [[command, value]] = Object.entries(body) as [[string, unknown]];
  switch (command) {
    case 'advance': {
      const ms = parseDuration(value);
      if (ms === null) throw restError('CLOCK_DURATION_INVALID', { value: shown(value) });
      checkRange(clock.nowMs() + ms);
      return clock.advance(ms);
    }
    case 'set': {
      if (typeof value === 'number' && Number.isSafeInteger(value)) checkRange(value);
      const atMs = parseInstant(value);
      if (atMs === null) throw restError('CLOCK_INSTANT_INVALID', { value: shown(value) });
      return clock.set(atMs);
    }
    case 'freeze':
      if (typeof value !== 'boolean') throw restError('CLOCK_BODY_INVALID');
      return clock.freeze(value);
    case 'restore':
      if (value !== true) throw restError('CLOCK_BODY_INVALID');
      return clock.restore();
    default:
      throw restError('CLOCK_BODY_INVALID');
  }
}

function checkRange(atMs: number): void {
  if (atMs < 0 || atMs > LATEST_INSTANT_MS) throw restError('CLOCK_OUT_OF_RANGE');
}

/** `{}`, no body, or `{"empty": bool}`: whether to leave the portal empty. */
function readResetBody(body: unknown): boolean {
  if (body === undefined || body === null) return false;
  if (!isPlainObject(body)) throw restError('RESET_BODY_INVALID');
  const keys = Object.keys(body);
  if (keys.some((key) => key !== 'empty')) throw restError('RESET_BODY_INVALID');
  const empty = body.empty ?? false;
  if (typeof empty !== 'boolean') throw restError('RESET_BODY_INVALID');
  return empty;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value quoted into an error message, kept short. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
