import { adminError } from '../../kernel/errors/admin-error.js';
import { keyPath, optionalNumber, optionalText, readList, readMapping, readText, requireValue, UniqueValues } from './seed-readers.js';
import type { SeedUserDirectory, UserReference } from './seed-references.js';

/** A phone or e-mail: its value alone (type WORK), or `{value, type}` (WORK, MOBILE, HOME…). */
export type SeedCommunication = string | { value: string; type: string };

/** What every CRM record may have: a key other records refer to it by, its responsible, phones and e-mails. */
interface SeedCrmRecord {
  /** A name of your choice, for `company:` and `contacts:` of other records. */
  key?: string;
  responsible?: UserReference;
  phones?: SeedCommunication[];
  emails?: SeedCommunication[];
}

export interface SeedCompany extends SeedCrmRecord {
  title: string;
}

export interface SeedContact extends SeedCrmRecord {
  name: string;
  lastName?: string;
  /** Keys of companies the contact works for. */
  companies?: string[];
}

export interface SeedLead extends SeedCrmRecord {
  title: string;
  name?: string;
  lastName?: string;
  /** STATUS_ID (default: the first status, NEW). */
  status?: string;
}

export interface SeedDeal {
  key?: string;
  title: string;
  responsible?: UserReference;
  /** STAGE_ID (default: the pipeline's first stage). */
  stage?: string;
  /** OPPORTUNITY. */
  amount?: number;
  /** CURRENCY_ID (default: the portal's base currency). */
  currency?: string;
  /** Key of the deal's company. */
  company?: string;
  /** Keys of the deal's contacts. */
  contacts?: string[];
}

/** Each list may be left out. */
export interface SeedCrm {
  companies?: SeedCompany[];
  contacts?: SeedContact[];
  leads?: SeedLead[];
  deals?: SeedDeal[];
}

const RECORD_KEYS = ['key', 'responsible', 'phones', 'emails'];
const COMMUNICATION_KEYS = ['value', 'type'];

/** Reads `crm` (absent: no records). Companies come first, so contacts and deals can name them. */
export function readSeedCrm(value: unknown, users: SeedUserDirectory): Required<SeedCrm> {
  if (value === undefined || value === null) return { companies: [], contacts: [], leads: [], deals: [] };
  const raw = readMapping(value, 'crm', ['companies', 'contacts', 'leads', 'deals']);
  const keys = new UniqueValues(false);
  const companies = readList(raw.companies, 'crm.companies', (v, p) => {
    const record = readMapping(v, p, [...RECORD_KEYS, 'title']);
    return { title: readText(requireValue(record.title, keyPath(p, 'title')), keyPath(p, 'title')), ...common(record, p, users, keys) };
  });
  const companyKeys = keysOf(companies);
  const contacts = readList(raw.contacts, 'crm.contacts', (v, p) => {
    const record = readMapping(v, p, [...RECORD_KEYS, 'name', 'lastName', 'companies']);
    const contact: SeedContact = {
      name: readText(requireValue(record.name, keyPath(p, 'name')), keyPath(p, 'name')),
      ...common(record, p, users, keys),
    };
    const lastName = optionalText(record.lastName, keyPath(p, 'lastName'));
    if (lastName !== undefined) contact.lastName = lastName;
    if (record.companies !== undefined && record.companies !== null) {
      contact.companies = readList(record.companies, keyPath(p, 'companies'), (k, kp) => reference(k, kp, companyKeys, 'company'));
    }
    return contact;
  });
  const contactKeys = keysOf(contacts);
  const leads = readList(raw.leads, 'crm.leads', (v, p) => {
    const record = readMapping(v, p, [...RECORD_KEYS, 'title', 'name', 'lastName', 'status']);
    const lead: SeedLead = {
      title: readText(requireValue(record.title, keyPath(p, 'title')), keyPath(p, 'title')),
      ...common(record, p, users, keys),
    };
    for (const key of ['name', 'lastName', 'status'] as const) {
      const text = optionalText(record[key], keyPath(p, key));
      if (text !== undefined) lead[key] = text;
    }
    return lead;
  });
  const deals = readList(raw.deals, 'crm.deals', (v, p) => readDeal(v, p, users, keys, companyKeys, contactKeys));
  return { companies, contacts, leads, deals };
}

function readDeal(
  value: unknown,
  path: string,
  users: SeedUserDirectory,
  keys: UniqueValues,
  companyKeys: ReadonlySet<string>,
  contactKeys: ReadonlySet<string>,
): SeedDeal {
  const record = readMapping(value, path, ['key', 'responsible', 'title', 'stage', 'amount', 'currency', 'company', 'contacts']);
  const at = (key: string) => keyPath(path, key);
  const deal: SeedDeal = { title: readText(requireValue(record.title, at('title')), at('title')) };
  const key = optionalText(record.key, at('key'));
  if (key !== undefined) {
    keys.check(key, at('key'));
    deal.key = key;
  }
  if (record.responsible !== undefined && record.responsible !== null)
    deal.responsible = users.check(record.responsible, at('responsible'));
  for (const field of ['stage', 'currency'] as const) {
    const text = optionalText(record[field], at(field), 50);
    if (text !== undefined) deal[field] = text;
  }
  const amount = optionalNumber(record.amount, at('amount'));
  if (amount !== undefined) deal.amount = amount;
  if (record.company !== undefined && record.company !== null)
    deal.company = reference(record.company, at('company'), companyKeys, 'company');
  if (record.contacts !== undefined && record.contacts !== null) {
    deal.contacts = readList(record.contacts, at('contacts'), (k, kp) => reference(k, kp, contactKeys, 'contact'));
  }
  return deal;
}

/** key, responsible, phones and e-mails, as every record but a deal has them. */
function common(record: Record<string, unknown>, path: string, users: SeedUserDirectory, keys: UniqueValues): SeedCrmRecord {
  const at = (key: string) => keyPath(path, key);
  const out: SeedCrmRecord = {};
  const key = optionalText(record.key, at('key'));
  if (key !== undefined) {
    keys.check(key, at('key'));
    out.key = key;
  }
  if (record.responsible !== undefined && record.responsible !== null) out.responsible = users.check(record.responsible, at('responsible'));
  if (record.phones !== undefined && record.phones !== null) out.phones = readList(record.phones, at('phones'), readCommunication);
  if (record.emails !== undefined && record.emails !== null) out.emails = readList(record.emails, at('emails'), readCommunication);
  return out;
}

function readCommunication(value: unknown, path: string): SeedCommunication {
  if (typeof value === 'string') return readText(value, path);
  const raw = readMapping(value, path, COMMUNICATION_KEYS);
  return {
    value: readText(requireValue(raw.value, keyPath(path, 'value')), keyPath(path, 'value')),
    type: (optionalText(raw.type, keyPath(path, 'type'), 20) ?? 'WORK').toUpperCase(),
  };
}

function reference(value: unknown, path: string, known: ReadonlySet<string>, kind: 'company' | 'contact'): string {
  const key = readText(value, path);
  if (!known.has(key)) throw adminError('SEED_NO_SUCH_CRM_ENTITY', { path, kind, reference: JSON.stringify(key) });
  return key;
}

function keysOf(records: ReadonlyArray<{ key?: string }>): Set<string> {
  return new Set(records.flatMap((r) => (r.key === undefined ? [] : [r.key])));
}
