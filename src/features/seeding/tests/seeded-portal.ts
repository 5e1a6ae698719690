import { defaultConfig } from '../../../kernel/config.js';
import type { DemoPortal } from '../../platform/demo-portal.js';
import { createPortal, type Portal } from '../../../portal.js';
import { TestClock } from '../../../../test/helpers/test-portal.js';
import { applySeed } from '../apply-seed.js';
import { validateSeed } from '../seed-document.js';

export const BASE_URL = 'http://127.0.0.1:8080';

/** An in-memory (or `database`) portal filled from `seed`, driven through Fastify's inject. */
export async function startSeededPortal(seed: unknown, database = ':memory:'): Promise<{ portal: Portal; described: DemoPortal }> {
  const portal = await emptyPortal(database);
  try {
    return { portal, described: await applySeed(portal.services, validateSeed(seed), BASE_URL) };
  } catch (error) {
    await portal.close();
    throw error;
  }
}

/** A portal with nothing in it yet. */
export function emptyPortal(database = ':memory:'): Promise<Portal> {
  const config = defaultConfig({ database, timeZone: 'Europe/Berlin', rateLimit: null });
  return createPortal(config, { clock: new TestClock(), deliverEvents: false });
}

/** Calls a method through a webhook path (`/rest/1/code/`) as a JSON POST. */
export async function callHook(portal: Portal, webhookPath: string, method: string, params: Record<string, unknown> = {}) {
  const res = await portal.app.inject({ method: 'POST', url: `${webhookPath}${method}`, payload: params });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
}

/** Calls a method with an access token as a JSON POST. */
export async function callWithToken(portal: Portal, token: string, method: string, params: Record<string, unknown> = {}) {
  const res = await portal.app.inject({ method: 'POST', url: `/rest/${method}`, payload: { ...params, auth: token } });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
}
