import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

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
  application_token_hash: string;
  created_at: number;
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
