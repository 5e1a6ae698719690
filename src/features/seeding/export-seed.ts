import type { UserRow } from '../../storage/schema.js';
import type { CrmListQuery } from '../crm/crm-service.js';
import type { Services } from '../services.js';
import type { CompleteSeed, SeedApp, SeedCommunication, SeedCrm, SeedLine, SeedUser, SeedWebhook, UserReference } from './seed-document.js';

/** Rows read per page while exporting the CRM. */
const EXPORT_PAGE = 200;

/**
 * The current portal as a seed document (the form validateSeed reads), for `extcall seed export`.
 *
 * Credentials are left out: the portal keeps only hashes of client secrets, tokens and webhook codes,
 * so none can be written back; a portal made from the export gets new ones (or those you add to the
 * file). Uninstalled applications and their lines are left out too, and of the CRM only what the seed
 * format describes (names, titles, phones, e-mails, responsible, bindings, status, stage, amount, currency).
 */
export async function exportSeed(services: Services): Promise<CompleteSeed> {
  const rows = (await services.users.all()).sort((a, b) => a.id - b.id);
  const reference = userReferences(rows);
  const installed = (await services.portal.listApps()).filter((app) => app.installed === 1);
  const appNames = uniqueNames(installed.map((app) => app.name));
  const apps: SeedApp[] = installed.map((app, index) => ({
    name: appNames[index]!,
    scopes: app.scopes.split(',').filter(Boolean),
    ...(app.redirect_uri ? { redirectUri: app.redirect_uri } : {}),
  }));
  const webhooks: SeedWebhook[] = (await services.portal.listWebhooks()).map((webhook) => ({
    user: reference(webhook.user_id),
    scopes: webhook.scopes.split(',').filter(Boolean),
    ...(webhook.title ? { title: webhook.title } : {}),
  }));
  const lines: SeedLine[] = [];
  for (const [index, app] of installed.entries()) {
    for (const line of await services.lines.list(app.id)) {
      lines.push({
        number: line.number,
        ...(line.name ? { name: line.name } : {}),
        app: appNames[index]!,
        ...(line.crm_auto_create === 'N' ? { crmAutoCreate: false } : {}),
      });
    }
  }
  return { users: rows.map(seedUser), apps, webhooks, lines, crm: await exportCrm(services, reference) };
}

function seedUser(row: UserRow): SeedUser {
  // A seed's user needs a name; one invited through user.add may have none yet.
  const user: SeedUser = { name: row.name.trim() || row.email || `User ${row.id}` };
  if (row.last_name) user.lastName = row.last_name;
  if (row.email) user.email = row.email;
  if (row.phone_inner) user.innerNumber = row.phone_inner;
  const departments = row.departments.split(',').filter(Boolean).map(Number);
  // [1] is what a user gets without saying: left out, as people would write it.
  if (departments.length > 0 && departments.join(',') !== '1') user.departments = departments;
  if (row.work_department) user.workDepartment = row.work_department;
  if (row.work_position) user.workPosition = row.work_position;
  if (row.personal_gender === 'M' || row.personal_gender === 'F') user.gender = row.personal_gender;
  if (row.is_admin === 1) user.admin = true;
  if (row.active !== 1) user.active = false;
  return user;
}

/** A user by e-mail when it names them alone, otherwise by position in `users` (from 1). */
function userReferences(rows: readonly UserRow[]): (userId: number) => UserReference | undefined {
  const emailCount = new Map<string, number>();
  for (const row of rows) if (row.email) emailCount.set(row.email.toLowerCase(), (emailCount.get(row.email.toLowerCase()) ?? 0) + 1);
  return (userId) => {
    const index = rows.findIndex((row) => row.id === userId);
    if (index < 0) return undefined;
    const email = rows[index]!.email;
    return email && emailCount.get(email.toLowerCase()) === 1 ? email : index + 1;
  };
}

/** Names as they are, a repeated one numbered (apps are named by lines, so each name must be unique). */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let unique = name;
    for (let n = 2; seen.has(unique.toLowerCase()); n++) unique = `${name} (${n})`;
    seen.add(unique.toLowerCase());
    return unique;
  });
}

async function exportCrm(services: Services, reference: (userId: number) => UserReference | undefined): Promise<Required<SeedCrm>> {
  const responsible = (row: Record<string, unknown>) => {
    const found = reference(Number(row.ASSIGNED_BY_ID));
    return found === undefined ? {} : { responsible: found };
  };
  const companies = await allRecords(services, 'COMPANY', ['TITLE', 'ASSIGNED_BY_ID', 'PHONE', 'EMAIL']);
  const contacts = await allRecords(services, 'CONTACT', ['NAME', 'LAST_NAME', 'ASSIGNED_BY_ID', 'PHONE', 'EMAIL', 'COMPANY_IDS']);
  const leads = await allRecords(services, 'LEAD', ['TITLE', 'NAME', 'LAST_NAME', 'STATUS_ID', 'ASSIGNED_BY_ID', 'PHONE', 'EMAIL']);
  const deals = await allRecords(services, 'DEAL', [
    'TITLE',
    'STAGE_ID',
    'OPPORTUNITY',
    'CURRENCY_ID',
    'ASSIGNED_BY_ID',
    'COMPANY_ID',
    'CONTACT_IDS',
  ]);
  const companyKey = (id: unknown) => `company-${String(id)}`;
  const contactKey = (id: unknown) => `contact-${String(id)}`;
  const companyIds = new Set(companies.map((c) => String(c.ID)));
  const contactIds = new Set(contacts.map((c) => String(c.ID)));
  return {
    companies: companies.map((row) => ({
      key: companyKey(row.ID),
      title: text(row.TITLE),
      ...responsible(row),
      ...communications(row),
    })),
    contacts: contacts.map((row) => {
      const companyList = idList(row.COMPANY_IDS).filter((id) => companyIds.has(id));
      return {
        key: contactKey(row.ID),
        name: text(row.NAME),
        ...(text(row.LAST_NAME) ? { lastName: text(row.LAST_NAME) } : {}),
        ...(companyList.length ? { companies: companyList.map(companyKey) } : {}),
        ...responsible(row),
        ...communications(row),
      };
    }),
    leads: leads.map((row) => ({
      title: text(row.TITLE),
      ...(text(row.NAME) ? { name: text(row.NAME) } : {}),
      ...(text(row.LAST_NAME) ? { lastName: text(row.LAST_NAME) } : {}),
      ...(text(row.STATUS_ID) ? { status: text(row.STATUS_ID) } : {}),
      ...responsible(row),
      ...communications(row),
    })),
    deals: deals.map((row) => {
      const contactList = idList(row.CONTACT_IDS).filter((id) => contactIds.has(id));
      const company = String(row.COMPANY_ID ?? '');
      return {
        title: text(row.TITLE),
        ...(text(row.STAGE_ID) ? { stage: text(row.STAGE_ID) } : {}),
        ...(row.OPPORTUNITY !== null && row.OPPORTUNITY !== undefined && row.OPPORTUNITY !== '' ? { amount: Number(row.OPPORTUNITY) } : {}),
        ...(text(row.CURRENCY_ID) ? { currency: text(row.CURRENCY_ID) } : {}),
        ...(companyIds.has(company) ? { company: companyKey(company) } : {}),
        ...(contactList.length ? { contacts: contactList.map(contactKey) } : {}),
        ...responsible(row),
      };
    }),
  };
}

/** Every record of a kind in ID order, as crm.<kind>.list answers them (REST field names). */
async function allRecords(services: Services, type: 'COMPANY' | 'CONTACT' | 'LEAD' | 'DEAL', select: string[]) {
  const out: Array<Record<string, unknown>> = [];
  for (let offset = 0; ; offset += EXPORT_PAGE) {
    const query: CrmListQuery = {
      filter: [],
      order: [{ field: 'ID', direction: 'asc' }],
      select: ['ID', ...select],
      page: { offset, limit: EXPORT_PAGE, count: false },
    };
    const page = await services.crm.list(type, query);
    out.push(...page.items);
    if (page.items.length < EXPORT_PAGE) return out;
  }
}

/** PHONE and EMAIL as the seed writes them: a WORK value alone, another type as `{value, type}`. */
function communications(row: Record<string, unknown>): { phones?: SeedCommunication[]; emails?: SeedCommunication[] } {
  const read = (items: unknown): SeedCommunication[] =>
    (Array.isArray(items) ? (items as Array<Record<string, unknown>>) : []).map((item) => {
      const value = text(item.VALUE);
      const type = text(item.VALUE_TYPE) || 'WORK';
      return type === 'WORK' ? value : { value, type };
    });
  const phones = read(row.PHONE);
  const emails = read(row.EMAIL);
  return { ...(phones.length ? { phones } : {}), ...(emails.length ? { emails } : {}) };
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function idList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
