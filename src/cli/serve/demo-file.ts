import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { refreshDemoPortal, type DemoPortal } from '../../features/platform/demo-portal.js';
import type { Services } from '../../features/services.js';
import { unixSeconds } from '../../kernel/clock.js';

export const DEMO_FILE = 'demo-portal.json';

/** The saved token is renewed when less than this is left of it, so a script never reads an expired one. */
export const DEMO_TOKEN_MARGIN_SECONDS = 10 * 60;

export function demoFilePath(dataDir: string): string {
  return join(dataDir, DEMO_FILE);
}

export function readDemoFile(file: string): DemoPortal | null {
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as DemoPortal;
}

/** Credentials live here and nowhere else (only hashes are stored): the owner alone may read it. */
export function writeDemoFile(file: string, demo: DemoPortal): void {
  writeFileSync(file, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
}

export function removeDemoFile(file: string): void {
  if (existsSync(file)) unlinkSync(file);
}

/**
 * The saved description brought up to date: the server's address, and a new token pair when the saved
 * access token has less than `marginSeconds` left. The old pair stays valid until it expires, so a
 * script that read it a moment ago is not cut off.
 */
export function refreshedDemo(services: Services, saved: DemoPortal, baseUrl: string, marginSeconds: number): Promise<DemoPortal> {
  return refreshDemoPortal(saved, baseUrl, {
    portal: services.portal,
    accessTokenValid: (token) => services.auth.tokenValidFor(token, marginSeconds, unixSeconds(services.clock)),
  });
}

/** How often a running server looks at the saved token; tests shorten it with EXTCALL_INTERNAL_DEMO_REFRESH_MS. */
export function demoRefreshIntervalMs(env: NodeJS.ProcessEnv): number {
  const fromEnv = Number(env.EXTCALL_INTERNAL_DEMO_REFRESH_MS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 60_000;
}

/**
 * Keeps `file` holding a usable access token while the server runs: it is rewritten with a fresh pair
 * when less than ten minutes of the saved one remain (by the portal's clock, which tests may move).
 * Answers a function that stops it.
 */
export function keepDemoTokenFresh(services: Services, file: string, baseUrl: string, intervalMs: number): () => void {
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      const saved = readDemoFile(file);
      if (!saved) return;
      const fresh = await refreshedDemo(services, saved, baseUrl, DEMO_TOKEN_MARGIN_SECONDS);
      if (fresh.app.accessToken !== saved.app.accessToken) writeDemoFile(file, fresh);
    } catch {
      // An unreadable file or an app deleted since: the next start writes a new description.
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Keeps `file` describing the portal across admin resets: gone while the portal is wiped (or left
 * empty), written again with the new credentials when it is seeded again by `seed`.
 */
export function followResets(services: Services, file: string, seed: (baseUrl: string) => Promise<DemoPortal | null>): void {
  services.control.onReset(() => removeDemoFile(file));
  services.control.seedWith(async (baseUrl) => {
    const demo = await seed(baseUrl);
    if (demo) writeDemoFile(file, demo);
    return demo;
  });
}
