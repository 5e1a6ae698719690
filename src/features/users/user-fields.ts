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
  /** False for a field user.add and user.get know but the reference's user.fields does not list. */
  listed?: false;
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
  XML_ID: { title: 'External code', column: 'xml_id', read: text((u) => u.xml_id) },
  ACTIVE: { title: 'Activity', column: 'active', kind: 'number', read: (u) => u.active === 1 },
  NAME: { title: 'First Name', column: 'name', read: text((u) => u.name) },
  LAST_NAME: { title: 'Last Name', column: 'last_name', read: text((u) => u.last_name) },
  SECOND_NAME: { title: 'Middle Name', column: 'second_name', read: text((u) => u.second_name) },
  TITLE: { title: 'User List', column: 'title', read: text((u) => u.title) },
  EMAIL: { title: 'E-Mail', column: 'email', read: text((u) => u.email) },
  LAST_LOGIN: { title: 'Last Authorization', column: 'last_login', date: true, read: date((u) => u.last_login) },
  DATE_REGISTER: { title: 'Registration Date', column: 'date_register', date: true, read: date((u) => u.date_register) },
  TIME_ZONE: { title: 'TIME_ZONE', column: 'time_zone', read: text((u) => u.time_zone) },
  IS_ONLINE: { title: 'IS_ONLINE', column: 'last_activity', read: (u, v) => (u.last_activity >= v.now - ONLINE_WINDOW ? 'Y' : 'N') },
  TIMESTAMP_X: { title: 'TIMESTAMP_X', column: 'timestamp_x', date: true, read: date((u) => u.timestamp_x) },
  LAST_ACTIVITY_DATE: { title: 'LAST_ACTIVITY_DATE', column: 'last_activity', date: true, read: date((u) => u.last_activity) },
  PERSONAL_GENDER: { title: 'Gender', column: 'personal_gender', read: text((u) => u.personal_gender) },
  PERSONAL_PROFESSION: { title: 'Profession', column: 'personal_profession', read: text((u) => u.personal_profession) },
  PERSONAL_WWW: { title: 'Homepage', column: 'personal_www', read: text((u) => u.personal_www) },
  PERSONAL_BIRTHDAY: {
    title: 'Date of Birth',
    column: 'personal_birthday',
    read: (u, v) => (u.personal_birthday ? v.formatDate(Date.parse(`${u.personal_birthday}T00:00:00Z`) / 1000) : ''),
  },
  PERSONAL_PHOTO: { title: 'Photo', column: 'personal_photo', read: text((u) => u.personal_photo) },
  PERSONAL_ICQ: { title: 'ICQ', column: 'personal_icq', read: text((u) => u.personal_icq) },
  PERSONAL_PHONE: { title: 'Personal Phone', column: 'personal_phone', read: text((u) => u.personal_phone) },
  PERSONAL_FAX: { title: 'Fax', column: 'personal_fax', read: text((u) => u.personal_fax) },
  PERSONAL_MOBILE: { title: 'Personal Mobile', column: 'personal_mobile', read: text((u) => u.personal_mobile) },
  PERSONAL_PAGER: { title: 'Pager', column: 'personal_pager', read: text((u) => u.personal_pager) },
  PERSONAL_STREET: { title: 'Residential Street', column: 'personal_street', read: text((u) => u.personal_street) },
  PERSONAL_CITY: { title: 'Residential City', column: 'personal_city', read: text((u) => u.personal_city) },
  PERSONAL_STATE: { title: 'State / Region', column: 'personal_state', read: text((u) => u.personal_state) },
  PERSONAL_ZIP: { title: 'Zip Code', column: 'personal_zip', read: text((u) => u.personal_zip) },
  PERSONAL_COUNTRY: { title: 'Country', column: 'personal_country', read: text((u) => u.personal_country) },
  PERSONAL_MAILBOX: { title: 'P.O. Box', column: 'personal_mailbox', read: text((u) => u.personal_mailbox) },
  PERSONAL_NOTES: { title: 'Additional Notes', column: 'personal_notes', read: text((u) => u.personal_notes) },
  WORK_PHONE: { title: 'Company Phone', column: 'work_phone', read: text((u) => u.work_phone) },
  WORK_COMPANY: { title: 'Company', column: 'work_company', read: text((u) => u.work_company) },
  WORK_POSITION: { title: 'Job Title', column: 'work_position', read: text((u) => u.work_position) },
  WORK_DEPARTMENT: { title: 'Department', column: 'work_department', read: text((u) => u.work_department) },
  WORK_WWW: { title: 'Company Website', column: 'work_www', read: text((u) => u.work_www) },
  WORK_FAX: { title: 'WORK_FAX', column: 'work_fax', read: text((u) => u.work_fax) },
  WORK_PAGER: { title: 'WORK_PAGER', column: 'work_pager', read: text((u) => u.work_pager) },
  WORK_STREET: { title: 'WORK_STREET', column: 'work_street', read: text((u) => u.work_street) },
  WORK_MAILBOX: { title: 'WORK_MAILBOX', column: 'work_mailbox', read: text((u) => u.work_mailbox) },
  WORK_CITY: { title: 'Work City', column: 'work_city', read: text((u) => u.work_city) },
  WORK_STATE: { title: 'WORK_STATE', column: 'work_state', read: text((u) => u.work_state) },
  WORK_ZIP: { title: 'WORK_ZIP', column: 'work_zip', read: text((u) => u.work_zip) },
  WORK_COUNTRY: { title: 'WORK_COUNTRY', column: 'work_country', read: text((u) => u.work_country) },
  WORK_PROFILE: { title: 'WORK_PROFILE', column: 'work_profile', read: text((u) => u.work_profile) },
  WORK_LOGO: { title: 'WORK_LOGO', column: 'work_logo', read: text((u) => u.work_logo) },
  WORK_NOTES: { title: 'WORK_NOTES', column: 'work_notes', read: text((u) => u.work_notes) },
  UF_SKYPE_LINK: { title: 'Skype Chat Link', column: 'uf_skype_link', read: text((u) => u.uf_skype_link) },
  UF_ZOOM: { title: 'Zoom', column: 'uf_zoom', read: text((u) => u.uf_zoom) },
  UF_EMPLOYMENT_DATE: { title: 'Hire Date', read: () => '' },
  // No time tracking on this portal: the flag is never set, so it is left out of answers.
  UF_TIMEMAN: { title: 'Time Tracking', read: () => null },
  UF_DEPARTMENT: {
    title: 'Units',
    column: 'departments',
    kind: 'tokens',
    read: (u) => u.departments.split(',').filter(Boolean).map(Number),
  },
  UF_INTERESTS: { title: 'Interests', column: 'uf_interests', read: text((u) => u.uf_interests) },
  UF_SKILLS: { title: 'Skills', column: 'uf_skills', read: text((u) => u.uf_skills) },
  UF_WEB_SITES: { title: 'Other Websites', column: 'uf_web_sites', read: text((u) => u.uf_web_sites) },
  UF_XING: { title: 'Xing', column: 'uf_xing', read: text((u) => u.uf_xing) },
  UF_LINKEDIN: { title: 'LinkedIn', column: 'uf_linkedin', read: text((u) => u.uf_linkedin) },
  UF_FACEBOOK: { title: 'Facebook', column: 'uf_facebook', read: text((u) => u.uf_facebook), listed: false },
  UF_TWITTER: { title: 'Twitter', column: 'uf_twitter', read: text((u) => u.uf_twitter) },
  UF_SKYPE: { title: 'Skype', column: 'uf_skype', read: text((u) => u.uf_skype) },
  UF_DISTRICT: { title: 'District', column: 'uf_district', read: text((u) => u.uf_district) },
  UF_PHONE_INNER: { title: 'Extension', column: 'phone_inner', read: (u) => u.phone_inner },
  USER_TYPE: { title: 'USER_TYPE', column: 'user_type', read: text((u) => u.user_type) },
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
