/**
 * extcall as a library: start a portal from a test suite. Only what is exported here is the package's
 * interface; everything under dist/ besides it may change between versions.
 */
export { startPortal } from './embed/start-portal.js';
export type { RunningPortal, StartPortalOptions } from './embed/start-portal.js';
export type { PortalClock } from './embed/portal-clock.js';
export type { Delivery, DeliveryQuery, DeliveryState } from './features/events/event-deliveries.js';
export type { PortalSeed } from './features/seeding/seed-document.js';
export type { DemoPortal } from './features/platform/demo-portal.js';
export type { JournalEntry, JournalQuery } from './features/requests/request-journal.js';
export type { Fault, FaultSwitches } from './features/faults/fault-switches.js';
