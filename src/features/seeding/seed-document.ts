import { adminError } from '../../kernel/errors/admin-error.js';
import { isHttpUrl } from '../../kernel/http-url.js';
import { parseScopes, unknownScopes } from '../../kernel/scopes.js';
import { readSeedCrm, type SeedCrm } from './seed-crm-document.js';
import {
  keyPath,
  optionalBoolean,
  optionalChoice,
  optionalText,
  readList,
  readMapping,
  readPositiveInteger,
  readText,
  requireValue,
  UniqueValues,
} from './seed-readers.js';
import { SeedUserDirectory, type UserReference } from './seed-references.js';

export type { SeedCommunication, SeedCompany, SeedContact, SeedCrm, SeedDeal, SeedLead } from './seed-crm-document.js';
export type { UserReference } from './seed-references.js';

/**
 * A portal described for people to write (docs/seeding.md): what `--seed FILE`, `startPortal({seed})`
 * and `extcall seed apply` fill an empty portal with, and what `extcall seed export` writes.
 */
export interface PortalSeed {
  /** Employees, in this order (on a fresh portal the first gets ID 1, the next 2…). */
  users: SeedUser[];
  /** Installed applications; the first is "the" application of the portal's description. */
  apps: SeedApp[];
  /** Incoming webhooks; the first is "the" webhook of the portal's description. */
  webhooks: SeedWebhook[];
  /** External lines (absent: none). */
  lines?: SeedLine[];
  /** CRM records (absent: none). */
  crm?: SeedCrm;
}

/** A seed as validateSeed answers it: every list present, empty when the document left it out. */
export type CompleteSeed = PortalSeed & { lines: SeedLine[]; crm: Required<SeedCrm> };

export interface SeedUser {
  name: string;
  lastName?: string;
  email?: string;
  innerNumber?: string;
  /** UF_DEPARTMENT IDs; the portal's default is [1]. */
  departments?: number[];
  /** WORK_DEPARTMENT, the department's name as free text. */
  workDepartment?: string;
  workPosition?: string;
  gender?: 'M' | 'F';
  admin?: boolean;
  /** false: a dismissed employee. */
  active?: boolean;
}

export interface SeedApp {
  name: string;
  scopes: string[];
  /** Whose first token pair the app gets (default: the first administrator). */
  user?: UserReference;
  redirectUri?: string;
  /** Fixed credentials: used exactly as given; random ones when absent. */
  clientId?: string;
  clientSecret?: string;
  accessToken?: string;
  refreshToken?: string;
}

export interface SeedWebhook {
  /** Its owner (default: the first administrator). */
  user?: UserReference;
  scopes: string[];
  title?: string;
  /** A fixed code: used exactly as given; a random one when absent. */
  code?: string;
}

export interface SeedLine {
  number: string;
  name?: string;
  /** The application the line belongs to, by name (default: the first application). */
  app?: string;
  /** CRM_AUTO_CREATE (default true). */
  crmAutoCreate?: boolean;
}

const ROOT_KEYS = ['users', 'apps', 'webhooks', 'lines', 'crm'] as const;
const USER_KEYS = [
  'name',
  'lastName',
  'email',
  'innerNumber',
  'departments',
  'workDepartment',
  'workPosition',
  'gender',
  'admin',
  'active',
];
const APP_KEYS = ['name', 'scopes', 'user', 'redirectUri', 'clientId', 'clientSecret', 'accessToken', 'refreshToken'];
const WEBHOOK_KEYS = ['user', 'scopes', 'title', 'code'];
const LINE_KEYS = ['number', 'name', 'app', 'crmAutoCreate'];

/** Client IDs, secrets and tokens: plain characters, so they survive URLs, forms and shells. */
const CREDENTIAL = /^[A-Za-z0-9._-]+$/;
const INNER_NUMBER = /^[0-9*#+]{1,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Turns any parsed JSON or YAML value into a PortalSeed, or throws the catalogue error naming the faulty path. */
export function validateSeed(value: unknown): CompleteSeed {
  const root = readMapping(value, '', ROOT_KEYS);
  const users = readList(requireValue(root.users, 'users'), 'users', readUser);
  if (users.length === 0) throw adminError('SEED_LIST_EMPTY', { path: 'users', role: 'administrator, unless another is marked admin' });
  checkUsersUnique(users);
  // A portal always has an administrator: without one marked, the first user is it.
  if (!users.some((u) => u.admin)) users[0]!.admin = true;
  const directory = new SeedUserDirectory(users);

  const apps = readList(requireValue(root.apps, 'apps'), 'apps', (v, p) => readApp(v, p, directory));
  if (apps.length === 0) throw adminError('SEED_LIST_EMPTY', { path: 'apps', role: 'application' });
  const webhooks = readList(requireValue(root.webhooks, 'webhooks'), 'webhooks', (v, p) => readWebhook(v, p, directory));
  if (webhooks.length === 0) throw adminError('SEED_LIST_EMPTY', { path: 'webhooks', role: 'webhook' });
  checkCredentialsUnique(apps, webhooks);

  const appNames = new UniqueValues();
  apps.forEach((app, index) => appNames.check(app.name, `apps[${index}].name`));
  const lines = readList(root.lines, 'lines', (v, p) => readLine(v, p, apps));
  const numbers = new UniqueValues(false);
  // A number is unique per application (G1), as telephony.externalLine.add has it.
  lines.forEach((line, index) => numbers.check(`${line.app ?? apps[0]!.name} ${line.number}`, `lines[${index}].number`));
  return { users, apps, webhooks, lines, crm: readSeedCrm(root.crm, directory) };
}

function readUser(value: unknown, path: string): SeedUser {
  const raw = readMapping(value, path, USER_KEYS);
  const at = (key: string) => keyPath(path, key);
  const user: SeedUser = { name: readText(requireValue(raw.name, at('name')), at('name'), 50) };
  const lastName = optionalText(raw.lastName, at('lastName'), 50);
  if (lastName !== undefined) user.lastName = lastName;
  const email = optionalText(raw.email, at('email'));
  if (email !== undefined) {
    if (!EMAIL.test(email)) throw adminError('SEED_NOT_AN_EMAIL', { path: at('email') });
    user.email = email;
  }
  if (raw.innerNumber !== undefined && raw.innerNumber !== null) {
    if (typeof raw.innerNumber !== 'string' || !INNER_NUMBER.test(raw.innerNumber.trim())) {
      throw adminError('SEED_NOT_AN_INNER_NUMBER', { path: at('innerNumber') });
    }
    user.innerNumber = raw.innerNumber.trim();
  }
  if (raw.departments !== undefined && raw.departments !== null) {
    user.departments = readList(raw.departments, at('departments'), readPositiveInteger);
  }
  const workDepartment = optionalText(raw.workDepartment, at('workDepartment'));
  if (workDepartment !== undefined) user.workDepartment = workDepartment;
  const workPosition = optionalText(raw.workPosition, at('workPosition'));
  if (workPosition !== undefined) user.workPosition = workPosition;
  const gender = optionalChoice(raw.gender, at('gender'), ['M', 'F'] as const, () =>
    adminError('SEED_NOT_A_GENDER', { path: at('gender') }),
  );
  if (gender !== undefined) user.gender = gender;
  const admin = optionalBoolean(raw.admin, at('admin'));
  if (admin !== undefined) user.admin = admin;
  const active = optionalBoolean(raw.active, at('active'));
  if (active !== undefined) user.active = active;
  return user;
}

/** E-mails name users, so they are unique; inner numbers are unique among active users (I6). */
function checkUsersUnique(users: readonly SeedUser[]): void {
  const emails = new UniqueValues();
  const innerNumbers = new UniqueValues(false);
  users.forEach((user, index) => {
    if (user.email !== undefined) emails.check(user.email, `users[${index}].email`);
    if (user.innerNumber !== undefined && user.active !== false) innerNumbers.check(user.innerNumber, `users[${index}].innerNumber`);
  });
}

function readApp(value: unknown, path: string, users: SeedUserDirectory): SeedApp {
  const raw = readMapping(value, path, APP_KEYS);
  const at = (key: string) => keyPath(path, key);
  const app: SeedApp = { name: readText(requireValue(raw.name, at('name')), at('name')), scopes: readScopes(raw.scopes, at('scopes')) };
  if (raw.user !== undefined && raw.user !== null) app.user = users.check(raw.user, at('user'));
  const redirectUri = optionalText(raw.redirectUri, at('redirectUri'));
  if (redirectUri !== undefined) {
    if (!isHttpUrl(redirectUri)) throw adminError('SEED_NOT_AN_HTTP_URL', { path: at('redirectUri') });
    app.redirectUri = redirectUri;
  }
  const clientId = optionalCredential(raw.clientId, at('clientId'), 100);
  if (clientId !== undefined) app.clientId = clientId;
  const clientSecret = optionalCredential(raw.clientSecret, at('clientSecret'), 255);
  if (clientSecret !== undefined) app.clientSecret = clientSecret;
  const accessToken = optionalCredential(raw.accessToken, at('accessToken'), 255);
  if (accessToken !== undefined) app.accessToken = accessToken;
  const refreshToken = optionalCredential(raw.refreshToken, at('refreshToken'), 255);
  if (refreshToken !== undefined) app.refreshToken = refreshToken;
  return app;
}

function readWebhook(value: unknown, path: string, users: SeedUserDirectory): SeedWebhook {
  const raw = readMapping(value, path, WEBHOOK_KEYS);
  const at = (key: string) => keyPath(path, key);
  const webhook: SeedWebhook = { scopes: readScopes(raw.scopes, at('scopes')) };
  if (raw.user !== undefined && raw.user !== null) webhook.user = users.check(raw.user, at('user'));
  const title = optionalText(raw.title, at('title'));
  if (title !== undefined) webhook.title = title;
  const code = optionalCredential(raw.code, at('code'), 64);
  if (code !== undefined) webhook.code = code;
  return webhook;
}

function readLine(value: unknown, path: string, apps: readonly SeedApp[]): SeedLine {
  const raw = readMapping(value, path, LINE_KEYS);
  const at = (key: string) => keyPath(path, key);
  const line: SeedLine = { number: readText(requireValue(raw.number, at('number')), at('number')) };
  const name = optionalText(raw.name, at('name'));
  if (name !== undefined) line.name = name;
  const app = optionalText(raw.app, at('app'));
  if (app !== undefined) {
    const found = apps.find((a) => a.name.toLowerCase() === app.toLowerCase());
    if (!found) throw adminError('SEED_NO_SUCH_APP', { path: at('app'), reference: JSON.stringify(app) });
    line.app = found.name;
  }
  const crmAutoCreate = optionalBoolean(raw.crmAutoCreate, at('crmAutoCreate'));
  if (crmAutoCreate !== undefined) line.crmAutoCreate = crmAutoCreate;
  return line;
}

/** Scopes as a list (`[telephony, crm]`) or one comma-separated string; at least one, all known. */
function readScopes(value: unknown, path: string): string[] {
  requireValue(value, path);
  const names = typeof value === 'string' ? value : readList(value, path, (v, p) => readText(v, p, 50));
  const scopes = parseScopes(names);
  if (scopes.length === 0) throw adminError('SEED_STRING_EMPTY', { path });
  const unknown = unknownScopes(scopes);
  if (unknown.length > 0) throw adminError('SEED_SCOPES_UNKNOWN', { path, scopes: unknown.join(', ') });
  return scopes;
}

function optionalCredential(value: unknown, path: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  const min = 1;
  if (typeof value !== 'string' || value.length < min || value.length > max || !CREDENTIAL.test(value)) {
    throw adminError('SEED_NOT_A_CREDENTIAL', { path, min, max });
  }
  return value;
}

/** Client IDs, tokens and webhook codes identify their holder, so two of them cannot be the same. */
function checkCredentialsUnique(apps: readonly SeedApp[], webhooks: readonly SeedWebhook[]): void {
  const clientIds = new UniqueValues(false);
  const accessTokens = new UniqueValues(false);
  const refreshTokens = new UniqueValues(false);
  const codes = new UniqueValues(false);
  apps.forEach((app, index) => {
    if (app.clientId !== undefined) clientIds.check(app.clientId, `apps[${index}].clientId`);
    if (app.accessToken !== undefined) accessTokens.check(app.accessToken, `apps[${index}].accessToken`);
    if (app.refreshToken !== undefined) refreshTokens.check(app.refreshToken, `apps[${index}].refreshToken`);
  });
  webhooks.forEach((webhook, index) => {
    if (webhook.code !== undefined) codes.check(webhook.code, `webhooks[${index}].code`);
  });
}
