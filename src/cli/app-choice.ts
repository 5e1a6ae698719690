import type { Services } from '../features/services.js';
import { CommandFailure } from './failure.js';

/** The --app a command needs; without it the refusal lists the applications there are to choose from. */
export async function requiredApp(services: Services, app: number | undefined): Promise<number> {
  if (app !== undefined) return app;
  const apps = await services.portal.listApps();
  const choices = apps.map((row) => `${row.id} ${row.name}${row.installed === 1 ? '' : ' (uninstalled)'}`).join(', ');
  throw CommandFailure.of('APP_REQUIRED', { apps: choices || 'none yet; `extcall app add` makes one' });
}
