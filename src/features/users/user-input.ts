import { restError } from '../../kernel/errors/rest-error.js';
import { isPlainRecord, listValues, param, positiveIntOrNull, scalarText, type Params } from '../../kernel/params/readers.js';
import type { UserRowUpdate } from '../../storage/schema.js';
import { readFileValue, type FileValue } from '../../kernel/params/file-values.js';

/** The file fields of user.add and user.update: `[name, base64]` (their pages), wire name → column of the link. */
export const USER_FILE_FIELDS = { PERSONAL_PHOTO: 'personal_photo', WORK_LOGO: 'work_logo' } as const;

/** Text fields user.add and user.update write, wire name → column (user.add page). */
const TEXT_FIELDS: Readonly<Record<string, keyof UserRowUpdate>> = {
  NAME: 'name',
  LAST_NAME: 'last_name',
  SECOND_NAME: 'second_name',
  TITLE: 'title',
  XML_ID: 'xml_id',
  TIME_ZONE: 'time_zone',
  PERSONAL_PROFESSION: 'personal_profession',
  PERSONAL_WWW: 'personal_www',
  PERSONAL_ICQ: 'personal_icq',
  PERSONAL_PHONE: 'personal_phone',
  PERSONAL_FAX: 'personal_fax',
  PERSONAL_MOBILE: 'personal_mobile',
  PERSONAL_PAGER: 'personal_pager',
  PERSONAL_STREET: 'personal_street',
  PERSONAL_CITY: 'personal_city',
  PERSONAL_STATE: 'personal_state',
  PERSONAL_ZIP: 'personal_zip',
  PERSONAL_COUNTRY: 'personal_country',
  PERSONAL_MAILBOX: 'personal_mailbox',
  PERSONAL_NOTES: 'personal_notes',
  WORK_PHONE: 'work_phone',
  WORK_COMPANY: 'work_company',
  WORK_POSITION: 'work_position',
  WORK_DEPARTMENT: 'work_department',
  WORK_WWW: 'work_www',
  WORK_FAX: 'work_fax',
  WORK_PAGER: 'work_pager',
  WORK_STREET: 'work_street',
  WORK_MAILBOX: 'work_mailbox',
  WORK_CITY: 'work_city',
  WORK_STATE: 'work_state',
  WORK_ZIP: 'work_zip',
  WORK_COUNTRY: 'work_country',
  WORK_PROFILE: 'work_profile',
  WORK_NOTES: 'work_notes',
  UF_SKYPE_LINK: 'uf_skype_link',
  UF_ZOOM: 'uf_zoom',
  UF_INTERESTS: 'uf_interests',
  UF_SKILLS: 'uf_skills',
  UF_WEB_SITES: 'uf_web_sites',
  UF_XING: 'uf_xing',
  UF_LINKEDIN: 'uf_linkedin',
  UF_FACEBOOK: 'uf_facebook',
  UF_TWITTER: 'uf_twitter',
  UF_SKYPE: 'uf_skype',
  UF_DISTRICT: 'uf_district',
};

/** Longest text kept per field (PostgreSQL and SQLite must answer alike; the columns are text). */
const MAX_TEXT = 2000;

/** The profile fields of a user.add or user.update call, as columns; `email` apart (it is checked). */
export interface UserProfileInput {
  columns: UserRowUpdate;
  email: string | undefined;
  innerNumber: string | null | undefined;
  departments: number[] | undefined;
  active: boolean | undefined;
  extranet: boolean;
  sonetGroups: unknown[];
  /** PERSONAL_PHOTO, WORK_LOGO when given: the new file, or an empty list to clear it. */
  files: Partial<Record<keyof typeof USER_FILE_FIELDS, FileValue[]>>;
}

/** Reads the documented user.add / user.update fields; unknown keys are ignored (A10). */
export function readUserProfile(raw: Params): UserProfileInput {
  const source = isPlainRecord(param(raw, 'FIELDS')) ? (param(raw, 'FIELDS') as Params) : raw;
  const columns: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(TEXT_FIELDS)) {
    const value = param(source, field);
    if (value === undefined) continue;
    columns[column] = (scalarText(value) ?? '').trim().slice(0, MAX_TEXT);
  }
  const gender = param(source, 'PERSONAL_GENDER');
  if (gender !== undefined) {
    const g = (scalarText(gender) ?? '').trim().toUpperCase();
    columns.personal_gender = g === 'M' || g === 'F' ? g : '';
  }
  const birthday = param(source, 'PERSONAL_BIRTHDAY');
  if (birthday !== undefined) columns.personal_birthday = birthdayDate(scalarText(birthday) ?? '');
  const email = param(source, 'EMAIL');
  const inner = param(source, 'UF_PHONE_INNER');
  const departments = param(source, 'UF_DEPARTMENT');
  const active = param(source, 'ACTIVE');
  return {
    columns: columns as UserRowUpdate,
    email: email === undefined ? undefined : (scalarText(email) ?? '').trim(),
    innerNumber: inner === undefined ? undefined : (scalarText(inner) ?? '').trim() || null,
    departments:
      departments === undefined
        ? undefined
        : listValues(departments)
            .map(positiveIntOrNull)
            .filter((d): d is number => d !== null),
    active: active === undefined ? undefined : activeValue(active),
    extranet: (scalarText(param(source, 'EXTRANET')) ?? '').toUpperCase() === 'Y',
    sonetGroups: listValues(param(source, 'SONET_GROUP_ID')),
    files: userFiles(source),
  };
}

function userFiles(source: Params): UserProfileInput['files'] {
  const files: UserProfileInput['files'] = {};
  for (const field of Object.keys(USER_FILE_FIELDS) as Array<keyof typeof USER_FILE_FIELDS>) {
    // `""` clears the file; param() reads JSON null as "not given".
    const raw = Object.prototype.hasOwnProperty.call(source, field) ? source[field] : undefined;
    if (raw === undefined) continue;
    const value = readFileValue(raw);
    if (value) files[field] = value.kind === 'set' ? [value] : [];
  }
  return files;
}

/** ACTIVE of user.update: "Y"/"N", true/false, 1/0; anything else keeps the user active. */
function activeValue(value: unknown): boolean {
  const word = (scalarText(value) ?? '').trim().toUpperCase();
  return !(word === 'N' || word === 'FALSE' || word === '0');
}

/** A birthday as the date part YYYY-MM-DD of an ISO or portal date; anything else clears it. */
function birthdayDate(text: string): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(text.trim());
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text.trim());
  return dotted ? `${dotted[3]}-${dotted[2]}-${dotted[1]}` : '';
}

/** A syntactically valid e-mail address, as user.add requires (else ERROR_ARGUMENT "wrong_email"). */
export function checkedEmail(email: string | undefined): string {
  if (!email || email.length > 255 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw restError('USER_WRONG_EMAIL');
  return email;
}
