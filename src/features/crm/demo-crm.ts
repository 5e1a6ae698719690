import type { CrmService } from './crm-service.js';
import { readEntityInput } from './entity-input.js';

/** A few customers with phone numbers, so that a demo call finds someone in the CRM. */
export async function seedDemoCrm(crm: CrmService, responsibleUserId: number): Promise<void> {
  const company = (fields: Record<string, unknown>) => crm.add('COMPANY', readEntityInput('COMPANY', fields), responsibleUserId);
  const contact = (fields: Record<string, unknown>) => crm.add('CONTACT', readEntityInput('CONTACT', fields), responsibleUserId);
  const companyId = await company({ TITLE: 'Northwind Traders', PHONE: [{ VALUE: '+1 555 0199', VALUE_TYPE: 'WORK' }] });
  await contact({
    NAME: 'Andrew',
    LAST_NAME: 'Johnson',
    COMPANY_ID: companyId,
    PHONE: [{ VALUE: '+1 555 0100', VALUE_TYPE: 'WORK' }],
    EMAIL: [{ VALUE: 'andrew@northwind.example', VALUE_TYPE: 'WORK' }],
  });
  await contact({ NAME: 'Maria', LAST_NAME: 'Garcia', PHONE: [{ VALUE: '+34 600 111 222', VALUE_TYPE: 'MOBILE' }] });
  await company({ TITLE: 'Blue Harbor Logistics', PHONE: [{ VALUE: '+44 20 7946 0018', VALUE_TYPE: 'WORK' }] });
}
