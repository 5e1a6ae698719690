import { controllableClock, type Clock, type ControllableClock } from '../kernel/clock.js';
import type { ServerConfig } from '../kernel/config.js';
import { DiskBlobStore } from '../storage/blobs/disk-blob-store.js';
import { MemoryBlobStore } from '../storage/blobs/memory-blob-store.js';
import { FilesService } from './files/files-service.js';
import type { Storage } from '../storage/storage.js';
import { AuthService } from './auth/auth-service.js';
import { OAuthServer } from './auth/oauth-server.js';
import { CrmActivitiesService } from './crm/crm-activities.js';
import { CrmDictionariesService } from './crm/crm-dictionaries.js';
import { CrmTimelineService } from './crm/crm-timeline.js';
import { CrmService } from './crm/crm-service.js';
import { EventQueue } from './events/event-queue.js';
import { EventDeliveries } from './events/event-deliveries.js';
import { InstallAnnouncement } from './events/install-announcement.js';
import { OutgoingWebhooks } from './events/outgoing-webhooks.js';
import { PortalIdentityService } from './events/portal-identity.js';
import { EventSubscriptions } from './events/subscriptions.js';
import { UninstallAnnouncement } from './events/uninstall-announcement.js';
import { NotificationsService } from './notifications/notifications-service.js';
import { OverloadSwitch } from './platform/overload-switch.js';
import { AppDataService } from './platform/app-data-service.js';
import { AtomicWork } from './platform/atomic-work.js';
import { PortalService } from './platform/portal-service.js';
import { RetrySafety } from './requests/retry-safety.js';
import { RequestJournal } from './requests/request-journal.js';
import { StatisticsService } from './statistics/statistics-service.js';
import { CallCharts } from './statistics/call-charts.js';
import { CallCardsService } from './telephony/call-cards.js';
import { CallsService } from './telephony/calls-service.js';
import { DefaultOutgoingLines } from './telephony/default-outgoing-lines.js';
import { ExternalLinesService } from './telephony/external-lines.js';
import { PortalInitiatedCalls } from './telephony/portal-initiated-calls.js';
import { RecordingsService } from './telephony/recordings-service.js';
import { TranscriptsService } from './telephony/transcripts-service.js';
import { CallHistory } from './telephony/call-history.js';
import { LiveCards } from './telephony/live-cards.js';
import { UsersService } from './users/users-service.js';
import { PortalControl } from './control/portal-reset.js';
import { seedDemoPortal } from './platform/demo-portal.js';
import { FaultSwitches } from './faults/fault-switches.js';
import { PortalActions } from './faults/portal-actions.js';
import { ConsoleAccess } from './console/console-access.js';

/**
 * The services of the portal, built once per server over its storage: handlers, the transport and the
 * CLI reach the data only through these (never the storage, the registry or the operating-time meter).
 */
export interface Services {
  config: ServerConfig;
  /** The portal's time: everything it dates reads it; tests move it (`/_extcall/clock`). */
  clock: ControllableClock;
  /** Reset to the starting data; other parts join it with `control.onReset(fn)`. */
  control: PortalControl;
  /** The manual OVERLOAD_LIMIT block (C8). */
  overload: OverloadSwitch;
  /** The cloud's failures on demand (/_extcall/faults, `portal.faults`); kept in memory, cleared on reset. */
  faults: FaultSwitches;
  /** Answers kept for requests repeated with the same request id (A27). */
  retrySafety: RetrySafety;
  /** The last REST calls of this process, for the admin API (/_extcall/requests). */
  journal: RequestJournal;
  /** Credentials → callers (B1–B3, B14). */
  auth: AuthService;
  /** /oauth/token/ and /oauth/authorize/ (B4–B6). */
  oauth: OAuthServer;
  /** Applications, tokens, incoming webhooks. */
  portal: PortalService;
  /** Employees: reading them (user.*) and their administration. */
  users: UsersService;
  crm: CrmService;
  activities: CrmActivitiesService;
  timeline: CrmTimelineService;
  dictionaries: CrmDictionariesService;
  calls: CallsService;
  callCards: CallCardsService;
  lines: ExternalLinesService;
  recordings: RecordingsService;
  files: FilesService;
  transcripts: TranscriptsService;
  /** Calls the portal starts itself: click-to-call and callback requests (H11, H12). */
  portalCalls: PortalInitiatedCalls;
  /** The default line for click-to-call, of the portal and per user (H11). */
  defaultLines: DefaultOutgoingLines;
  statistics: StatisticsService;
  /** The console's charts: the statistics aggregated for a period. */
  callCharts: CallCharts;
  notifications: NotificationsService;
  /** Applications' event subscriptions (event.*). */
  events: EventSubscriptions;
  /** The event delivery queue, inspected and retried by hand (/_extcall/events). */
  deliveries: EventDeliveries;
  /** Events posted to an administrator's URL (H5). */
  outgoingWebhooks: OutgoingWebhooks;
  /** ONAPPINSTALL to an API-only application's install URL (B7). */
  installs: InstallAnnouncement;
  /** The portal's address, member_id and application tokens (B16, B17). */
  identity: PortalIdentityService;
  /** Applications' options, their users' options and their widget placements (app.option.*, user.option.*, placement.*). */
  appData: AppDataService;
  /** Administration whose writes commit together or not at all (a seed file). */
  atomic: AtomicWork;
  /** Who may see the web console: sign-in links and sessions. */
  consoleAccess: ConsoleAccess;
  /** One call's history, facts, recording and transcript (the console's call page). */
  callHistory: CallHistory;
  /** The call cards open right now, and word when they change (the console's live view). */
  liveCards: LiveCards;
}

export function createServices(deps: { config: ServerConfig; clock: Clock; storage: Storage }): Services {
  const { config, storage } = deps;
  const clock = controllableClock(deps.clock);
  const auth = new AuthService(storage);
  const queue = new EventQueue(clock);
  const identity = new PortalIdentityService(storage, config);
  const outgoingWebhooks = new OutgoingWebhooks(storage, queue, config, clock);
  const credentialsChanged = () => {
    auth.forgetCredentials();
    // An uninstalled application's handlers are gone (H6).
    queue.forgetBindings();
  };
  const users = new UsersService(storage, config, clock, credentialsChanged);
  // Recordings and the files of file fields share one blob store: disk under the data dir, or memory.
  const blobs = config.dataDir ? new DiskBlobStore(config.dataDir) : new MemoryBlobStore();
  const uninstalls = new UninstallAnnouncement(clock);
  // ONAPPUNINSTALL is queued inside the uninstall, before the bindings it goes to are removed (B16).
  const portal = new PortalService(storage, clock, users, credentialsChanged, (tx, appId, clean) => uninstalls.announce(tx, appId, clean));
  // The console's views of calls read the CRM without raising events.
  const consoleCrm = new CrmService(storage, clock, config);
  const liveCards = new LiveCards(storage, consoleCrm);
  const recordings = new RecordingsService(storage, blobs, config, clock);
  const calls = new CallsService(
    storage,
    clock,
    (tx) => new CrmService(tx, clock, config),
    queue,
    config.timeZone,
    () => liveCards.changed(),
  );
  const defaultLines = new DefaultOutgoingLines(storage);
  const overload = new OverloadSwitch(storage);
  const control = new PortalControl(storage, identity, (baseUrl) => seedDemoPortal(services, baseUrl));
  control.onReset(() => {
    credentialsChanged();
    overload.forget();
    // Recordings and files in memory belong to rows a reset removed (on disk they stay, unreferenced).
    if (blobs instanceof MemoryBlobStore) blobs.clear();
  });
  const journal = new RequestJournal(config.timeZone, config.journalSize);
  control.onReset(() => journal.clear());
  const faults = new FaultSwitches(storage, clock, new PortalActions(storage, clock, users, portal, credentialsChanged));
  control.onReset(() => void faults.clear());
  const services: Services = {
    config,
    clock,
    control,
    overload,
    faults,
    retrySafety: new RetrySafety(storage, clock),
    journal,
    auth,
    oauth: new OAuthServer(storage, portal, users, identity, clock),
    portal,
    users,
    crm: new CrmService(storage, clock, config, queue),
    activities: new CrmActivitiesService(storage, config, clock, queue),
    timeline: new CrmTimelineService(storage, clock, queue, config.timeZone),
    dictionaries: new CrmDictionariesService(storage, config, clock),
    calls,
    callCards: new CallCardsService(storage, clock, () => liveCards.changed()),
    lines: new ExternalLinesService(storage, clock),
    recordings,
    files: new FilesService(storage, blobs, config, clock),
    transcripts: new TranscriptsService(storage, clock),
    portalCalls: new PortalInitiatedCalls(storage, calls, queue, outgoingWebhooks, defaultLines, clock),
    defaultLines,
    statistics: new StatisticsService(storage, config),
    callCharts: new CallCharts(storage, config, clock),
    notifications: new NotificationsService(storage, config, clock),
    events: new EventSubscriptions(storage, queue, config, clock),
    outgoingWebhooks,
    deliveries: new EventDeliveries(storage, clock, config.timeZone),
    installs: new InstallAnnouncement(storage, clock),
    identity,
    appData: new AppDataService(storage, clock),
    atomic: new AtomicWork(storage),
    consoleAccess: new ConsoleAccess(storage, users, clock),
    callHistory: new CallHistory(storage, consoleCrm, new StatisticsService(storage, config), recordings),
    liveCards,
  };
  return services;
}
