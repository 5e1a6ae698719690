import type { ServerConfig } from '../config.js';
import type { MethodRegistry } from '../rest/registry.js';
import type { Storage } from '../storage/storage.js';
import type { Clock } from '../util/clock.js';
import { AuthService } from './auth/auth-service.js';
import { PortalService } from './portal/portal-service.js';
import { UsersService } from './users/users-service.js';

/** The domain services, built once per server from storage; handlers reach everything through here. */
export interface Services {
  config: ServerConfig;
  clock: Clock;
  storage: Storage;
  registry: MethodRegistry;
  auth: AuthService;
  portal: PortalService;
  users: UsersService;
}

export function createServices(deps: { config: ServerConfig; clock: Clock; storage: Storage; registry: MethodRegistry }): Services {
  const { config, clock, storage, registry } = deps;
  return {
    config,
    clock,
    storage,
    registry,
    auth: new AuthService(storage),
    portal: new PortalService(storage, clock),
    users: new UsersService(storage, config, clock),
  };
}
