import { adminError } from '../../kernel/errors/admin-error.js';
import { RestError } from '../../kernel/errors/rest-error.js';
import type { UserRow } from '../../storage/schema.js';
import { readEntityInput } from '../crm/entity-input.js';
import { webhookUrl, type DemoPortal } from '../platform/demo-portal.js';
import type { Services } from '../services.js';
import type { PortalSeed, SeedCommunication, SeedCrm } from './seed-document.js';
import { SeedUserDirectory, type UserReference } from './seed-references.js';

/**
 * Fills an empty portal with `seed` (validated by validateSeed) and describes it as the demo portal is
 * described, so that callers handle both alike: the first application is "the" app (its client
 * credentials and first token pair), the first webhook is "the" webhook.
 *
 * Atomic: everything is written in one unit of work, so a seed that fails half way (an inner number
 * or client ID the services refuse) leaves the portal as empty as it was.
 */
export function applySeed(services: Services, seed: PortalSeed, baseUrl: string): Promise<DemoPortal> {
  return services.atomic.run(async () => {
    if ((await services.users.all()).length > 0) throw adminError('SEED_PORTAL_NOT_EMPTY');
    const rows: UserRow[] = [];
    for (const user of seed.users) {
      rows.push(
        await services.users.add({
          name: user.name,
          lastName: user.lastName,
          email: user.email,
          innerNumber: user.innerNumber,
          departments: user.departments,
          workDepartment: user.workDepartment,
          workPosition: user.workPosition,
          personalGender: user.gender,
          admin: user.admin,
          active: user.active,
        }),
      );
    }
    const directory = new SeedUserDirectory(seed.users);
    const userId = (reference: UserReference | undefined, path: string) =>
      rows[reference === undefined ? directory.firstAdmin() : directory.indexOf(reference, path)]!.id;

    const apps = [];
    for (const [index, app] of seed.apps.entries()) {
      const { clientId, clientSecret, accessToken, refreshToken } = app;
      apps.push(
        await services.portal.addApp({
          name: app.name,
          scopes: app.scopes,
          userId: userId(app.user, `apps[${index}].user`),
          redirectUri: app.redirectUri,
          fixed: { clientId, clientSecret, accessToken, refreshToken },
        }),
      );
    }
    const hooks = [];
    for (const [index, webhook] of seed.webhooks.entries()) {
      hooks.push(
        await services.portal.addWebhook({
          userId: userId(webhook.user, `webhooks[${index}].user`),
          scopes: webhook.scopes,
          title: webhook.title,
          fixedCode: webhook.code,
        }),
      );
    }
    for (const line of seed.lines ?? []) {
      const owner =
        apps[
          Math.max(
            0,
            seed.apps.findIndex((a) => a.name === line.app),
          )
        ]!;
      await services.lines.add(owner.app.id, line.number, line.name ?? '', line.crmAutoCreate === false ? 'N' : 'Y');
    }
    await addCrmRecords(services, seed.crm ?? {}, userId);

    const first = apps[0]!;
    const hook = hooks[0]!;
    return {
      baseUrl,
      webhookUrl: webhookUrl(baseUrl, hook.webhook.user_id, hook.code),
      app: {
        id: first.app.id,
        clientId: first.app.client_id,
        clientSecret: first.clientSecret,
        accessToken: first.tokens.accessToken,
        refreshToken: first.tokens.refreshToken,
        scopes: first.tokens.scopes,
      },
      users: rows.map((u) => ({ id: u.id, name: `${u.name} ${u.last_name}`.trim(), innerNumber: u.phone_inner })),
    };
  });
}

/** Companies, then contacts (their companies), leads, deals (their company and contacts), through crm.*.add's own rules. */
async function addCrmRecords(
  services: Services,
  crm: SeedCrm,
  userId: (reference: UserReference | undefined, path: string) => number,
): Promise<void> {
  const ids = new Map<string, number>();
  const add = async (
    type: 'COMPANY' | 'CONTACT' | 'LEAD' | 'DEAL',
    record: { key?: string; responsible?: UserReference; phones?: SeedCommunication[]; emails?: SeedCommunication[] },
    path: string,
    fields: Record<string, unknown>,
  ) => {
    const responsible = userId(record.responsible, `${path}.responsible`);
    const all: Record<string, unknown> = { ...fields, ASSIGNED_BY_ID: responsible };
    if (record.phones) all.PHONE = record.phones.map(multifield);
    if (record.emails) all.EMAIL = record.emails.map(multifield);
    const id = await services.crm.add(type, readEntityInput(type, all), responsible).catch((error: unknown) => {
      // The CRM's own checks (an unknown stage, status or currency) answer for a REST call: name the record instead.
      if (error instanceof RestError) throw adminError('SEED_RECORD_REFUSED', { path, reason: error.description });
      throw error;
    });
    if (record.key !== undefined) ids.set(record.key, id);
  };
  const idsOf = (keys: readonly string[] | undefined) => keys?.map((key) => ids.get(key)!);

  for (const [i, company] of (crm.companies ?? []).entries())
    await add('COMPANY', company, `crm.companies[${i}]`, { TITLE: company.title });
  for (const [i, contact] of (crm.contacts ?? []).entries()) {
    const fields: Record<string, unknown> = { NAME: contact.name };
    if (contact.lastName !== undefined) fields.LAST_NAME = contact.lastName;
    if (contact.companies?.length) fields.COMPANY_IDS = idsOf(contact.companies);
    await add('CONTACT', contact, `crm.contacts[${i}]`, fields);
  }
  for (const [i, lead] of (crm.leads ?? []).entries()) {
    const fields: Record<string, unknown> = { TITLE: lead.title };
    if (lead.name !== undefined) fields.NAME = lead.name;
    if (lead.lastName !== undefined) fields.LAST_NAME = lead.lastName;
    if (lead.status !== undefined) fields.STATUS_ID = lead.status;
    await add('LEAD', lead, `crm.leads[${i}]`, fields);
  }
  for (const [i, deal] of (crm.deals ?? []).entries()) {
    const fields: Record<string, unknown> = { TITLE: deal.title };
    if (deal.stage !== undefined) fields.STAGE_ID = deal.stage;
    if (deal.amount !== undefined) fields.OPPORTUNITY = deal.amount;
    if (deal.currency !== undefined) fields.CURRENCY_ID = deal.currency;
    if (deal.company !== undefined) fields.COMPANY_ID = ids.get(deal.company);
    if (deal.contacts?.length) fields.CONTACT_IDS = idsOf(deal.contacts);
    await add('DEAL', deal, `crm.deals[${i}]`, fields);
  }
}

function multifield(item: SeedCommunication): { VALUE: string; VALUE_TYPE: string } {
  return typeof item === 'string' ? { VALUE: item, VALUE_TYPE: 'WORK' } : { VALUE: item.value, VALUE_TYPE: item.type };
}
