import type { UserRow } from '../../storage/schema.js';
import type { ColumnKind } from '../../kernel/filter.js';

/** Seconds since the last call after which a user no longer counts as online. */
export const ONLINE_WINDOW = 15 * 60;

/** What a value of a user field looks like on the wire. */
export type UserFieldValue = string | boolean | number[] | null;

export interface UserFieldSpec {
  title: string;
  /** Where the field lives, when it can be filtered or sorted on. */
  column?: string;
  /** The column holds Unix seconds; filter values are dates. */
  date?: boolean;
  kind?: ColumnKind;
  read: (user: UserRow, view: UserView) => UserFieldValue;
}

/** What formatting a user needs besides the row: the portal's zone and the current time. */
export interface UserView {
  formatDate: (unixSeconds: number) => string;
  now: number;
}

const text = (pick: (u: UserRow) => string) => (u: UserRow) => pick(u);
/** An unset date is an empty string, as the reference prints PERSONAL_BIRTHDAY or UF_EMPLOYMENT_DATE. */
const date = (pick: (u: UserRow) => number | null) => (u: UserRow, v: UserView) => {
  const value = pick(u);
  return value === null || value === 0 ? '' : v.formatDate(value);
};

/**
 * The user fields this portal keeps, in answer order. A null value (an employee without an inner
 * number) is left out of the answer, as the reference examples do.
 */
export const USER_FIELDS: Record<string, UserFieldSpec> = {
  ID: { title: 'ID', column: 'id', kind: 'number', read: (u) => String(u.id) },
  XML_ID: { title: 'External ID', column: 'xml_id', read: text((u) => u.xml_id) },
  ACTIVE: { title: 'Active', column: 'active', kind: 'number', read: (u) => u.active === 1 },
  NAME: { title: 'First name', column: 'name', read: text((u) => u.name) },
  LAST_NAME: { title: 'Last name', column: 'last_name', read: text((u) => u.last_name) },
  SECOND_NAME: { title: 'Second name', column: 'second_name', read: text((u) => u.second_name) },
  TITLE: { title: 'Salutation', column: 'title', read: text((u) => u.title) },
  EMAIL: { title: 'E-mail', column: 'email', read: text((u) => u.email) },
  LAST_LOGIN: { title: 'Last login', column: 'last_login', date: true, read: date((u) => u.last_login) },
  DATE_REGISTER: { title: 'Registration date', column: 'date_register', date: true, read: date((u) => u.date_register) },
  TIME_ZONE: { title: 'Time zone', column: 'time_zone', read: text((u) => u.time_zone) },
  IS_ONLINE: { title: 'Online', column: 'last_activity', read: (u, v) => (u.last_activity >= v.now - ONLINE_WINDOW ? 'Y' : 'N') },
  TIMESTAMP_X: { title: 'Last modified', column: 'timestamp_x', date: true, read: date((u) => u.timestamp_x) },
  LAST_ACTIVITY_DATE: { title: 'Last activity', column: 'last_activity', date: true, read: date((u) => u.last_activity) },
  PERSONAL_GENDER: { title: 'Gender', column: 'personal_gender', read: text((u) => u.personal_gender) },
  PERSONAL_BIRTHDAY: {
    title: 'Date of birth',
    column: 'personal_birthday',
    read: (u, v) => (u.personal_birthday ? v.formatDate(Date.parse(`${u.personal_birthday}T00:00:00Z`) / 1000) : ''),
  },
  PERSONAL_MOBILE: { title: 'Mobile', column: 'personal_mobile', read: text((u) => u.personal_mobile) },
  PERSONAL_PHONE: { title: 'Phone', column: 'personal_phone', read: text((u) => u.personal_phone) },
  PERSONAL_CITY: { title: 'City', column: 'personal_city', read: text((u) => u.personal_city) },
  WORK_PHONE: { title: 'Work phone', column: 'work_phone', read: text((u) => u.work_phone) },
  WORK_POSITION: { title: 'Position', column: 'work_position', read: text((u) => u.work_position) },
  WORK_COMPANY: { title: 'Company', column: 'work_company', read: text((u) => u.work_company) },
  UF_EMPLOYMENT_DATE: { title: 'Employment date', read: () => '' },
  UF_DEPARTMENT: {
    title: 'Departments',
    column: 'departments',
    kind: 'tokens',
    read: (u) => u.departments.split(',').filter(Boolean).map(Number),
  },
  UF_PHONE_INNER: { title: 'Extension', column: 'phone_inner', read: (u) => u.phone_inner },
  USER_TYPE: { title: 'User type', column: 'user_type', read: text((u) => u.user_type) },
};

/** Filter-only keys that are not fields of the answer (I2). */
export const NAME_SEARCH_COLUMNS = ['name', 'last_name', 'second_name', 'email'] as const;

/** Fields readable with the limited user scopes (B12), restricted to the fields this portal keeps. */
const USER_BASIC_FIELDS = new Set([
  'ID',
  'XML_ID',
  'ACTIVE',
  'NAME',
  'LAST_NAME',
  'SECOND_NAME',
  'TITLE',
  'EMAIL',
  'PERSONAL_PHONE',
  'WORK_PHONE',
  'WORK_POSITION',
  'WORK_COMPANY',
  'IS_ONLINE',
  'TIME_ZONE',
  'TIMESTAMP_X',
  'DATE_REGISTER',
  'LAST_ACTIVITY_DATE',
  'PERSONAL_GENDER',
  'PERSONAL_BIRTHDAY',
  'PERSONAL_MOBILE',
  'PERSONAL_CITY',
  'UF_DEPARTMENT',
  'UF_PHONE_INNER',
  'UF_EMPLOYMENT_DATE',
]);
const USER_BRIEF_FIELDS = new Set([
  'ID',
  'XML_ID',
  'ACTIVE',
  'NAME',
  'LAST_NAME',
  'SECOND_NAME',
  'TITLE',
  'IS_ONLINE',
  'TIME_ZONE',
  'TIMESTAMP_X',
  'DATE_REGISTER',
  'PERSONAL_GENDER',
  'PERSONAL_BIRTHDAY',
  'PERSONAL_CITY',
  'WORK_POSITION',
  'LAST_ACTIVITY_DATE',
  'UF_EMPLOYMENT_DATE',
  'UF_DEPARTMENT',
  'UF_PHONE_INNER',
]);

/** The user fields a credential with `scopes` may read. */
export function visibleUserFields(scopes: ReadonlySet<string>): string[] {
  const all = Object.keys(USER_FIELDS);
  if (scopes.has('user')) return all;
  return all.filter(
    (f) => (scopes.has('user_basic') && USER_BASIC_FIELDS.has(f)) || (scopes.has('user_brief') && USER_BRIEF_FIELDS.has(f)),
  );
}
