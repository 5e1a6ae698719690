import type { ServerConfig } from '../config.js';
import type { MethodRegistry } from '../rest/registry.js';
import { OperatingTimeMeter } from '../rest/operating-time.js';
import type { Storage } from '../storage/storage.js';
import type { Clock } from '../util/clock.js';
import { AuthService } from './auth/auth-service.js';
import { PortalService } from './portal/portal-service.js';
import { UsersService } from './users/users-service.js';
import { CallsService } from './calls/calls-service.js';
import { CallCardsService } from './calls/call-cards.js';
import { ExternalLinesService } from './calls/external-lines.js';
import { NotificationsService } from './notifications/notifications-service.js';
import { StatisticsService } from './statistics/statistics-service.js';
import { CrmService } from './crm/crm-service.js';
import { RecordingsService } from './recordings/recordings-service.js';
import { TranscriptsService } from './transcripts/transcripts-service.js';
import { EventsService } from './events/events-service.js';
import { PortalInitiatedCalls } from './calls/portal-initiated-calls.js';
import { DefaultOutgoingLines } from './calls/default-outgoing-lines.js';
import { OverloadSwitch } from './portal/overload-switch.js';
import { RetrySafety } from './requests/retry-safety.js';
import { OAuthServer } from './auth/oauth-server.js';
import { DiskBlobStore } from '../storage/blobs/disk-blob-store.js';
import { MemoryBlobStore } from '../storage/blobs/memory-blob-store.js';
import { CrmActivitiesService } from './crm/crm-activities.js';
import { CrmDictionariesService } from './crm/crm-dictionaries.js';

/** The domain services, built once per server from storage; handlers reach everything through here. */
export interface Services {
  config: ServerConfig;
  clock: Clock;
  storage: Storage;
  registry: MethodRegistry;
  /** Method time per caller over the last ten minutes (C4). */
  operatingTime: OperatingTimeMeter;
  /** The manual OVERLOAD_LIMIT block (C8). */
  overload: OverloadSwitch;
  /** Answers kept for requests repeated with the same request id (A27). */
  retrySafety: RetrySafety;
  /** /oauth/token/ (B4–B6). */
  oauth: OAuthServer;
  auth: AuthService;
  portal: PortalService;
  users: UsersService;
  crm: CrmService;
  activities: CrmActivitiesService;
  dictionaries: CrmDictionariesService;
  calls: CallsService;
  callCards: CallCardsService;
  lines: ExternalLinesService;
  recordings: RecordingsService;
  transcripts: TranscriptsService;
  events: EventsService;
  portalCalls: PortalInitiatedCalls;
  /** The default line for click-to-call, of the portal and per user (H11). */
  defaultLines: DefaultOutgoingLines;
  statistics: StatisticsService;
  notifications: NotificationsService;
}

export function createServices(deps: { config: ServerConfig; clock: Clock; storage: Storage; registry: MethodRegistry }): Services {
  const { config, clock, storage, registry } = deps;
  const auth = new AuthService(storage);
  const events = new EventsService(storage, config, clock);
  const portal = new PortalService(storage, clock, () => {
    auth.forgetCredentials();
    // An uninstalled application's handlers are gone (H6).
    events.forgetBindings();
  });
  const calls = new CallsService(storage, clock, (tx) => new CrmService(tx, clock, config), events, config.timeZone);
  const defaultLines = new DefaultOutgoingLines(storage);
  return {
    config,
    clock,
    storage,
    registry,
    operatingTime: new OperatingTimeMeter(config.operatingLimitSeconds, () => clock.nowMs()),
    overload: new OverloadSwitch(storage),
    retrySafety: new RetrySafety(storage, clock),
    auth,
    portal,
    oauth: new OAuthServer(storage, portal, events, clock),
    users: new UsersService(storage, config, clock),
    crm: new CrmService(storage, clock, config),
    activities: new CrmActivitiesService(storage, config),
    dictionaries: new CrmDictionariesService(storage, config),
    calls,
    portalCalls: new PortalInitiatedCalls(storage, calls, events, defaultLines),
    defaultLines,
    callCards: new CallCardsService(storage, clock),
    lines: new ExternalLinesService(storage, clock),
    transcripts: new TranscriptsService(storage, clock),
    events,
    recordings: new RecordingsService(storage, config.dataDir ? new DiskBlobStore(config.dataDir) : new MemoryBlobStore(), config, clock),
    statistics: new StatisticsService(storage, config),
    notifications: new NotificationsService(storage, config, clock),
  };
}
