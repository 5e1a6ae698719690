import type { Migration } from './migration.js';
import { portalMigration } from './001-portal.js';
import { telephonyCrmMigration } from './002-telephony-crm.js';
import { crmDictionariesMigration } from './003-crm-dictionaries.js';
import { callCardsMigration } from './004-call-cards.js';
import { recordingsMigration } from './005-recordings.js';
import { transcriptsMigration } from './006-transcripts.js';
import { eventsMigration } from './007-events.js';
import { idempotencyMigration } from './008-idempotency.js';
import { statisticsCoveringIndexMigration } from './009-statistics-covering-index.js';
import { outgoingWebhooksMigration } from './010-outgoing-webhooks.js';
import { appRedirectUriMigration } from './011-app-redirect-uri.js';
import { rateBucketsMigration } from './012-rate-buckets.js';
import { recordingPublicIdsMigration } from './013-recording-public-ids.js';
import { requestOwnersMigration } from './014-request-owners.js';
import { contactLeadIdMigration } from './015-contact-lead-id.js';
import { crmEntityFieldsMigration } from './016-crm-entity-fields.js';
import { crmTimelineMigration } from './017-crm-timeline.js';
import { usersNotificationsPlatformMigration } from './018-users-notifications-platform.js';
import { storedFilesMigration } from './019-stored-files.js';
import { eventQueueKeptHandlerMigration } from './020-event-queue-kept-handler.js';
import { consoleAccessMigration } from './021-console-access.js';
import { callEventsMigration } from './022-call-events.js';
import { callStatisticsHourlyMigration } from './023-call-statistics-hourly.js';
import { statisticsPhoneIndexMigration } from './024-statistics-phone-index.js';
import { hourlyRollupStripesMigration } from './025-hourly-rollup-stripes.js';
import { hourlyRollupUserSumsIndexMigration } from './026-hourly-rollup-user-sums-index.js';

/** Every schema migration, oldest first. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  portalMigration,
  telephonyCrmMigration,
  crmDictionariesMigration,
  callCardsMigration,
  recordingsMigration,
  transcriptsMigration,
  eventsMigration,
  idempotencyMigration,
  statisticsCoveringIndexMigration,
  outgoingWebhooksMigration,
  appRedirectUriMigration,
  rateBucketsMigration,
  recordingPublicIdsMigration,
  requestOwnersMigration,
  contactLeadIdMigration,
  crmEntityFieldsMigration,
  crmTimelineMigration,
  usersNotificationsPlatformMigration,
  storedFilesMigration,
  eventQueueKeptHandlerMigration,
  consoleAccessMigration,
  callEventsMigration,
  callStatisticsHourlyMigration,
  statisticsPhoneIndexMigration,
  hourlyRollupStripesMigration,
  hourlyRollupUserSumsIndexMigration,
];
