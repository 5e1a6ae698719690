import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  CrmBindingsTable,
  CrmCompanyExtraColumns,
  CrmContactExtraColumns,
  CrmDealsTable,
  CrmLeadExtraColumns,
} from './schema-crm-entities.js';
import type { CallStatisticsHourlyTable } from './stores/hourly-rollup.js';

/**
 * The one schema shared by SQLite and PostgreSQL. Portable choices: booleans are 0/1 integers,
 * instants are Unix seconds, lists are stored as delimited text.
 */
export interface Database {
  portal_settings: PortalSettingsTable;
  users: UsersTable;
  apps: AppsTable;
  oauth_tokens: OAuthTokensTable;
  webhooks: WebhooksTable;
  crm_leads: CrmLeadsTable;
  crm_contacts: CrmContactsTable;
  crm_companies: CrmCompaniesTable;
  crm_deals: CrmDealsTable;
  crm_bindings: CrmBindingsTable;
  crm_multifields: CrmMultifieldsTable;
  crm_activities: CrmActivitiesTable;
  crm_statuses: CrmStatusesTable;
  crm_currencies: CrmCurrenciesTable;
  crm_activity_communications: CrmActivityCommunicationsTable;
  crm_activity_types: CrmActivityTypesTable;
  crm_timeline_comments: CrmTimelineCommentsTable;
  telephony_lines: TelephonyLinesTable;
  active_calls: ActiveCallsTable;
  call_statistics: CallStatisticsTable;
  call_statistics_hourly: CallStatisticsHourlyTable;
  notifications: NotificationsTable;
  event_bindings: EventBindingsTable;
  event_queue: EventQueueTable;
  idempotent_requests: IdempotentRequestsTable;
  server_instances: ServerInstancesTable;
  oauth_codes: OAuthCodesTable;
  rate_buckets: RateBucketsTable;
  call_card_viewers: CallCardViewersTable;
  recordings: RecordingsTable;
  upload_tokens: UploadTokensTable;
  stored_files: StoredFilesTable;
  transcripts: TranscriptsTable;
  app_options: AppOptionsTable;
  placements: PlacementsTable;
  console_sign_ins: ConsoleSignInsTable;
  console_sessions: ConsoleSessionsTable;
  call_events: CallEventsTable;
}

export interface PortalSettingsTable {
  key: string;
  value: string;
}

export interface UsersTable {
  id: Generated<number>;
  xml_id: Generated<string>;
  active: Generated<number>;
  is_admin: Generated<number>;
  name: string;
  last_name: Generated<string>;
  second_name: Generated<string>;
  title: Generated<string>;
  email: Generated<string>;
  user_type: Generated<string>;
  time_zone: Generated<string>;
  personal_gender: Generated<string>;
  personal_birthday: Generated<string>;
  personal_mobile: Generated<string>;
  personal_phone: Generated<string>;
  personal_city: Generated<string>;
  work_phone: Generated<string>;
  work_position: Generated<string>;
  work_company: Generated<string>;
  /** Departments as ",1,3," so that one department can be matched with LIKE. */
  departments: Generated<string>;
  phone_inner: string | null;
  date_register: number;
  timestamp_x: number;
  last_login: number | null;
  last_activity: Generated<number>;
  /** Time-tracking state shown by searchCrmEntities (E65); this server has no time tracking. */
  timeman_status: Generated<string>;
  // Migration 018: the rest of the user.add profile fields, and who invited the user (user.add).
  personal_profession: Generated<string>;
  personal_www: Generated<string>;
  personal_photo: Generated<string>;
  personal_icq: Generated<string>;
  personal_fax: Generated<string>;
  personal_pager: Generated<string>;
  personal_street: Generated<string>;
  personal_state: Generated<string>;
  personal_zip: Generated<string>;
  personal_country: Generated<string>;
  personal_mailbox: Generated<string>;
  personal_notes: Generated<string>;
  work_department: Generated<string>;
  work_www: Generated<string>;
  work_fax: Generated<string>;
  work_pager: Generated<string>;
  work_street: Generated<string>;
  work_mailbox: Generated<string>;
  work_city: Generated<string>;
  work_state: Generated<string>;
  work_zip: Generated<string>;
  work_country: Generated<string>;
  work_profile: Generated<string>;
  work_logo: Generated<string>;
  work_notes: Generated<string>;
  uf_skype_link: Generated<string>;
  uf_zoom: Generated<string>;
  uf_interests: Generated<string>;
  uf_skills: Generated<string>;
  uf_web_sites: Generated<string>;
  uf_xing: Generated<string>;
  uf_linkedin: Generated<string>;
  uf_facebook: Generated<string>;
  uf_twitter: Generated<string>;
  uf_skype: Generated<string>;
  uf_district: Generated<string>;
  invited_by: Generated<number>;
}

export interface AppsTable {
  id: Generated<number>;
  client_id: string;
  client_secret_hash: string;
  code: string;
  name: string;
  version: Generated<number>;
  /** Comma-separated scope codes. */
  scopes: string;
  installed: Generated<number>;
  status: Generated<string>;
  created_at: number;
  /** Where /oauth/authorize/ sends the user back with a code (B5); null: no code flow. */
  redirect_uri: Generated<string | null>;
}

export interface OAuthTokensTable {
  id: Generated<number>;
  app_id: number;
  user_id: number;
  access_token_hash: string;
  access_expires_at: number;
  refresh_token_hash: string;
  refresh_expires_at: number;
  /** When the refresh token was exchanged; a refresh token is single use. */
  refreshed_at: number | null;
  scopes: string;
  created_at: number;
}

export interface WebhooksTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  title: string;
  scopes: string;
  expires_at: number | null;
  created_at: number;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserRowUpdate = Updateable<UsersTable>;
export type AppRow = Selectable<AppsTable>;
export type OAuthTokenRow = Selectable<OAuthTokensTable>;
export type WebhookRow = Selectable<WebhooksTable>;

/** Columns every CRM entity (lead, contact, company) has. */
interface CrmEntityColumns {
  id: Generated<number>;
  assigned_by_id: number;
  created_by_id: number;
  modify_by_id: number;
  opened: Generated<string>;
  comments: Generated<string>;
  source_id: Generated<string>;
  date_create: number;
  date_modify: number;
}

export interface CrmLeadsTable extends CrmEntityColumns, CrmLeadExtraColumns {
  title: Generated<string>;
  name: Generated<string>;
  second_name: Generated<string>;
  last_name: Generated<string>;
  company_title: Generated<string>;
  status_id: Generated<string>;
  source_description: Generated<string>;
}

export interface CrmContactsTable extends CrmEntityColumns, CrmContactExtraColumns {
  name: Generated<string>;
  second_name: Generated<string>;
  last_name: Generated<string>;
  post: Generated<string>;
  type_id: Generated<string>;
  company_id: number | null;
  /** The lead the contact was made from; null: none (this portal converts no leads). */
  lead_id: number | null;
}

export interface CrmCompaniesTable extends CrmEntityColumns, CrmCompanyExtraColumns {
  title: Generated<string>;
  company_type: Generated<string>;
  industry: Generated<string>;
}

/** The CRM entity kinds (a call can be bound to one; crm_leads, crm_contacts, crm_companies). */
export type CrmEntityType = 'LEAD' | 'CONTACT' | 'COMPANY';

export const CRM_ENTITY_TYPES: readonly CrmEntityType[] = ['LEAD', 'CONTACT', 'COMPANY'];

/** Every CRM object kind with its own crm.<kind>.* methods: the call-bindable kinds and deals (crm_deals). */
export type CrmObjectType = CrmEntityType | 'DEAL';

export type { CrmBindingsTable, CrmDealsTable } from './schema-crm-entities.js';

export interface CrmMultifieldsTable {
  id: Generated<number>;
  entity_type: CrmEntityType;
  entity_id: number;
  type_id: 'PHONE' | 'EMAIL' | 'WEB' | 'IM' | 'LINK';
  value_type: string;
  value: string;
  normalized: string;
}

export interface CrmActivitiesTable {
  id: Generated<number>;
  owner_type_id: number;
  owner_id: number;
  type_id: number;
  provider_id: string;
  provider_type_id: string;
  subject: string;
  direction: number;
  start_time: number;
  end_time: number;
  deadline: number;
  responsible_id: number;
  author_id: number;
  editor_id: number;
  completed: string;
  status: number;
  priority: number;
  description: string;
  description_type: number;
  origin_id: string;
  communication_type: string;
  communication_value: string;
  created: number;
  last_updated: number;
  // Migration 017: the rest of the documented activity fields (crm.activity.add|update).
  associated_entity_id: Generated<number>;
  notify_type: Generated<number>;
  notify_value: Generated<number>;
  result_mark: Generated<number>;
  result_status: Generated<number>;
  result_stream: Generated<number>;
  autocomplete_rule: Generated<number>;
  provider_group_id: string | null;
  originator_id: string | null;
  provider_data: string | null;
  result_currency_id: string | null;
  result_source_id: string | null;
  location: Generated<string>;
  /** JSON. */
  settings: Generated<string>;
  /** JSON. */
  provider_params: Generated<string>;
  result_value: number | null;
  result_sum: number | null;
  /** The application that added a REST_APP activity. */
  app_id: number | null;
}

/** COMMUNICATIONS of an activity written by crm.activity.add|update (migration 017). */
export interface CrmActivityCommunicationsTable {
  id: Generated<number>;
  activity_id: number;
  type: string;
  value: string;
  entity_type_id: number;
  entity_id: number;
}

/** Activity types an application registered (crm.activity.type.add, migration 017). */
export interface CrmActivityTypesTable {
  id: Generated<number>;
  app_id: number;
  type_id: string;
  name: string;
  is_configurable_type: string;
}

/** Timeline comments (crm.timeline.comment.*, migration 017); entity_type in lower case: lead, deal, contact, company. */
export interface CrmTimelineCommentsTable {
  id: Generated<number>;
  entity_type: string;
  entity_id: number;
  comment: string;
  author_id: number;
  created: number;
}

export interface CrmStatusesTable {
  id: Generated<number>;
  entity_id: string;
  status_id: string;
  name: string;
  name_init: Generated<string>;
  sort: number;
  system: Generated<string>;
  color: Generated<string>;
  semantics: Generated<string>;
}

export interface CrmCurrenciesTable {
  currency: string;
  amount_cnt: number;
  amount: number;
  sort: number;
  base: string;
  full_name: string;
  format_string: string;
  dec_point: string;
  thousands_sep: string;
  decimals: number;
  date_update: number;
}

export interface TelephonyLinesTable {
  id: Generated<number>;
  app_id: number;
  number: string;
  name: Generated<string>;
  crm_auto_create: Generated<string>;
  created_at: number;
}

export interface ActiveCallsTable {
  id: Generated<number>;
  call_id: string;
  app_id: number;
  user_id: number;
  phone_number: string;
  call_type: number;
  start_at: number;
  line_number: string | null;
  external_call_id: string | null;
  crm_entity_type: string | null;
  crm_entity_id: number | null;
  created_lead_id: number | null;
  crm_source: string | null;
  add_to_chat: number;
  show_card: number;
  call_list_id: number | null;
  registered_at: number;
}

export interface CallStatisticsTable {
  id: Generated<number>;
  call_id: string;
  portal_user_id: number;
  portal_number: string;
  phone_number: string;
  external_call_id: string | null;
  call_category: string;
  call_type: number;
  call_duration: number;
  call_start_date: number;
  call_status: number;
  call_vote: number | null;
  cost: number;
  cost_currency: string;
  call_failed_code: string;
  call_failed_reason: string;
  call_record_url: string | null;
  record_file_id: number | null;
  record_duration: number | null;
  crm_entity_type: string | null;
  crm_entity_id: number | null;
  crm_activity_id: number | null;
  rest_app_id: number;
  rest_app_name: string;
  transcript_id: number | null;
  transcript_pending: Generated<string>;
  call_log: string | null;
  session_id: string | null;
  redial_attempt: number | null;
  comment: string | null;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  author_id: number;
  notify_type: number;
  module: string;
  event: string;
  tag: Generated<string>;
  sub_tag: Generated<string>;
  title: Generated<string>;
  text: string;
  is_read: Generated<number>;
  params: Generated<string>;
  created_at: number;
  // Migration 018: the sending application's CLIENT_ID (tags are per application), MESSAGE_OUT, ATTACH, the quick answer.
  client_id: Generated<string>;
  message_out: Generated<string>;
  attach: Generated<string>;
  answer: Generated<string>;
}

/** Options of an application (user_id 0, app.option.*) and of its users (user.option.*). */
export interface AppOptionsTable {
  id: Generated<number>;
  app_id: number;
  user_id: Generated<number>;
  name: string;
  /** The value as JSON. */
  value: string;
}

/** Widget handlers an application bound (placement.bind). */
export interface PlacementsTable {
  id: Generated<number>;
  app_id: number;
  placement: string;
  handler: string;
  user_id: Generated<number>;
  title: Generated<string>;
  description: Generated<string>;
  group_name: Generated<string>;
  /** LANG_ALL as JSON. */
  lang_all: Generated<string>;
  /** OPTIONS as JSON. */
  options: Generated<string>;
  created_at: number;
}

export type AppOptionRow = Selectable<AppOptionsTable>;
export type PlacementRow = Selectable<PlacementsTable>;
export type CrmLeadRow = Selectable<CrmLeadsTable>;
export type CrmContactRow = Selectable<CrmContactsTable>;
export type CrmCompanyRow = Selectable<CrmCompaniesTable>;
export type CrmMultifieldRow = Selectable<CrmMultifieldsTable>;
export type CrmActivityRow = Selectable<CrmActivitiesTable>;
export type CrmStatusRow = Selectable<CrmStatusesTable>;
export type CrmCurrencyRow = Selectable<CrmCurrenciesTable>;
export type CrmActivityCommunicationRow = Selectable<CrmActivityCommunicationsTable>;
export type CrmActivityTypeRow = Selectable<CrmActivityTypesTable>;
export type CrmTimelineCommentRow = Selectable<CrmTimelineCommentsTable>;
export type TelephonyLineRow = Selectable<TelephonyLinesTable>;
export type ActiveCallRow = Selectable<ActiveCallsTable>;
export type CallStatisticsRow = Selectable<CallStatisticsTable>;
export type NotificationRow = Selectable<NotificationsTable>;

export interface CallCardViewersTable {
  call_id: string;
  user_id: number;
  shown_at: number;
}

export interface RecordingsTable {
  id: Generated<number>;
  /** The id in the recording's URLs: random, so that recordings cannot be enumerated. */
  public_id: string;
  call_id: string;
  filename: string;
  content_type: string;
  size: number;
  /** Where the bytes are in the blob store. */
  blob_key: string;
  created_at: number;
}

export interface UploadTokensTable {
  token_hash: string;
  call_id: string;
  filename: string;
  expires_at: number;
  used_at: number | null;
}

/** A file of a file field (migration 019); the bytes are in the blob store. */
export interface StoredFilesTable {
  id: Generated<number>;
  /** The id in the file's URLs: random, so that files cannot be enumerated. */
  public_id: string;
  /** CONTACT, COMPANY, TIMELINE_COMMENT, ACTIVITY, USER. */
  owner_kind: string;
  owner_id: number;
  field: string;
  name: string;
  content_type: string;
  size: number;
  blob_key: string;
  created_at: number;
}

export type StoredFileRow = Selectable<StoredFilesTable>;
export type RecordingRow = Selectable<RecordingsTable>;
export type UploadTokenRow = Selectable<UploadTokensTable>;

export interface TranscriptsTable {
  id: Generated<number>;
  call_id: string;
  messages: string;
  cost: number | null;
  cost_currency: string | null;
  created_at: number;
}

export type TranscriptRow = Selectable<TranscriptsTable>;

/** What happened to a call, in the order it happened. */
export type CallEventKind = 'registered' | 'card_shown' | 'card_hidden' | 'finished' | 'recording_attached' | 'transcript_attached';

export interface CallEventsTable {
  id: Generated<number>;
  call_id: string;
  at: number;
  kind: CallEventKind;
  /** Whose card was shown or hidden; who registered or finished the call. */
  user_id: number | null;
  /** A small JSON object with the event's particulars. */
  detail: string | null;
}

export type CallEventRow = Selectable<CallEventsTable>;
export type NewCallEvent = Insertable<CallEventsTable>;

/** The app_id of bindings that are outgoing webhooks (H5): never a real application's id. */
export const OUTGOING_WEBHOOK_APP_ID = 0;

export interface EventBindingsTable {
  id: Generated<number>;
  /** The bound application, or OUTGOING_WEBHOOK_APP_ID. */
  app_id: number;
  event: string;
  handler: string;
  /** The user whose token the event carries; 0 = the user whose action raised it. */
  auth_type: number;
  offline: number;
  created_at: number;
  /** Set for outgoing webhooks (app_id 0): the token their events carry (H5). */
  outgoing_token: Generated<string | null>;
}

export interface EventQueueTable {
  id: Generated<number>;
  binding_id: number;
  event: string;
  /** JSON of the event's data. */
  data: string;
  /** The user whose action raised the event, for the token in `auth`; 0 when none. */
  user_id: number;
  created_at: number;
  attempts: Generated<number>;
  next_attempt_at: number;
  delivered_at: number | null;
  /** Set when delivery was given up after the last attempt. */
  failed_at: number | null;
  last_error: string | null;
  /** Set when the event must reach its handler after the binding is gone (ONAPPUNINSTALL): used instead of the binding. */
  kept_handler: Generated<string | null>;
  /** The application of `kept_handler`. */
  kept_app_id: Generated<number | null>;
}

export type EventBindingRow = Selectable<EventBindingsTable>;
export type EventQueueRow = Selectable<EventQueueTable>;

export interface IdempotentRequestsTable {
  id: Generated<number>;
  /** The credential's owner and user, e.g. "app:3:user:2". */
  caller: string;
  request_key: string;
  /** SHA-256 of the method and its parameters. */
  fingerprint: string;
  /** Null while the first request runs. */
  status: number | null;
  content_type: string | null;
  body: string | null;
  created_at: number;
  /** The server instance running the request; null on rows from before owners were kept. */
  owner: string | null;
}
export type IdempotentRequestRow = Selectable<IdempotentRequestsTable>;

export interface OAuthCodesTable {
  id: Generated<number>;
  code_hash: string;
  app_id: number;
  user_id: number;
  expires_at: number;
  used_at: number | null;
}
export type OAuthCodeRow = Selectable<OAuthCodesTable>;

export interface RateBucketsTable {
  client_key: string;
  level: number;
  updated_ms: number;
}

/** Server processes sharing the database, with a heartbeat (wall-clock milliseconds). */
export interface ServerInstancesTable {
  id: string;
  host: string;
  pid: number;
  seen_ms: number;
}
export type ServerInstanceRow = Selectable<ServerInstancesTable>;

/** One-time links that sign a person into the web console as a user (hashes only). */
export interface ConsoleSignInsTable {
  token_hash: string;
  user_id: number;
  expires_at: number;
}

/** Signed-in console browsers: the session cookie's hash, whose user, until when. */
export interface ConsoleSessionsTable {
  session_hash: string;
  user_id: number;
  /** Sent back with every form the console posts (a page of another site cannot know it). */
  csrf_token: string;
  expires_at: number;
}
