import type { CrmService } from './crm-service.js';
import { readEntityInput } from './entity-input.js';

/** ORIGINATOR_ID of the demo lead. */
export const DEMO_ORIGINATOR = 'extcall-demo';

/**
 * A few customers with phone numbers, so that a demo call finds someone in the CRM, and deals on them
 * in the default pipeline, so that every CRM list answers something on a fresh portal.
 */
export async function seedDemoCrm(crm: CrmService, responsibleUserId: number): Promise<void> {
  const company = (fields: Record<string, unknown>) => crm.add('COMPANY', readEntityInput('COMPANY', fields), responsibleUserId);
  const contact = (fields: Record<string, unknown>) => crm.add('CONTACT', readEntityInput('CONTACT', fields), responsibleUserId);
  const deal = (fields: Record<string, unknown>) => crm.add('DEAL', readEntityInput('DEAL', fields), responsibleUserId);
  const companyId = await company({ TITLE: 'Northwind Traders', PHONE: [{ VALUE: '+1 555 0199', VALUE_TYPE: 'WORK' }] });
  const andrew = await contact({
    NAME: 'Andrew',
    LAST_NAME: 'Johnson',
    COMPANY_ID: companyId,
    PHONE: [{ VALUE: '+1 555 0100', VALUE_TYPE: 'WORK' }],
    EMAIL: [{ VALUE: 'andrew@northwind.example', VALUE_TYPE: 'WORK' }],
  });
  const maria = await contact({ NAME: 'Maria', LAST_NAME: 'Garcia', PHONE: [{ VALUE: '+34 600 111 222', VALUE_TYPE: 'MOBILE' }] });
  await company({ TITLE: 'Blue Harbor Logistics', PHONE: [{ VALUE: '+44 20 7946 0018', VALUE_TYPE: 'WORK' }] });
  await deal({
    TITLE: 'Northwind: PBX rollout',
    STAGE_ID: 'PREPARATION',
    COMPANY_ID: companyId,
    CONTACT_IDS: [andrew],
    CURRENCY_ID: 'USD',
    OPPORTUNITY: 12500,
    PROBABILITY: 60,
  });
  await deal({ TITLE: 'Northwind: support renewal', STAGE_ID: 'WON', COMPANY_ID: companyId, CONTACT_IDS: [andrew], OPPORTUNITY: 3000 });
  await deal({ TITLE: 'Maria Garcia: call-centre seats', CONTACT_IDS: [maria], CURRENCY_ID: 'EUR', OPPORTUNITY: 4800 });
  // A lead without a phone number, so that no demo call finds it; marked as demo data by its external source.
  await crm.add(
    'LEAD',
    readEntityInput('LEAD', {
      TITLE: 'Website enquiry: softphone licences',
      NAME: 'Tom',
      LAST_NAME: 'Baker',
      SOURCE_ID: 'WEB',
      EMAIL: [{ VALUE: 'tom.baker@example.net', VALUE_TYPE: 'WORK' }],
      ORIGINATOR_ID: DEMO_ORIGINATOR,
    }),
    responsibleUserId,
  );
}
