import type { PortalService } from './portal-service.js';
import type { CrmService } from '../crm/crm-service.js';
import { seedDemoCrm } from '../crm/demo-crm.js';
import { seedDemoTimeline } from '../crm/demo-timeline.js';
import type { CrmActivitiesService } from '../crm/crm-activities.js';
import type { CrmTimelineService } from '../crm/crm-timeline.js';
import type { UsersService } from '../users/users-service.js';

export const DEMO_SCOPES = ['telephony', 'crm', 'user', 'im'] as const;

/** What a script needs to talk to the demo portal; written to DIR/demo-portal.json. */
export interface DemoPortal {
  baseUrl: string;
  webhookUrl: string;
  app: {
    id: number;
    clientId: string;
    clientSecret: string;
    accessToken: string;
    refreshToken: string;
    scopes: string[];
  };
  users: Array<{ id: number; name: string; innerNumber: string | null }>;
}

const DEMO_EMPLOYEES = [
  {
    name: 'Anna',
    lastName: 'Berg',
    email: 'anna.berg@demo.extcall.local',
    innerNumber: '101',
    workPosition: 'Sales manager',
    personalGender: 'F',
  },
  {
    name: 'Boris',
    lastName: 'Klein',
    email: 'boris.klein@demo.extcall.local',
    innerNumber: '102',
    workPosition: 'Sales manager',
    personalGender: 'M',
  },
  {
    name: 'Clara',
    lastName: 'Novak',
    email: 'clara.novak@demo.extcall.local',
    innerNumber: '103',
    workPosition: 'Support engineer',
    personalGender: 'F',
  },
] as const;

/** Fills an empty portal with an administrator, three employees, an installed app, a webhook and a few CRM customers. */
export async function seedDemoPortal(
  services: {
    users: UsersService;
    portal: PortalService;
    crm: CrmService;
    activities: CrmActivitiesService;
    timeline: CrmTimelineService;
    config: { timeZone: string };
  },
  baseUrl: string,
): Promise<DemoPortal> {
  const { users, portal, crm } = services;
  const admin = await users.add({
    name: 'Admin',
    lastName: 'Demo',
    email: 'admin@demo.extcall.local',
    innerNumber: '100',
    admin: true,
    workPosition: 'Administrator',
  });
  const employees = [];
  for (const employee of DEMO_EMPLOYEES) employees.push(await users.add(employee));
  const { app, clientSecret, tokens } = await portal.addApp({ name: 'Demo PBX connector', scopes: DEMO_SCOPES, userId: admin.id });
  const { code } = await portal.addWebhook({ userId: admin.id, scopes: DEMO_SCOPES, title: 'Demo webhook' });
  await seedDemoCrm(crm, admin.id);
  await seedDemoTimeline(services, admin.id, services.config.timeZone);
  return {
    baseUrl,
    webhookUrl: webhookUrl(baseUrl, admin.id, code),
    app: {
      id: app.id,
      clientId: app.client_id,
      clientSecret,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      scopes: tokens.scopes,
    },
    users: [admin, ...employees].map((u) => ({ id: u.id, name: `${u.name} ${u.last_name}`.trim(), innerNumber: u.phone_inner })),
  };
}

export function webhookUrl(baseUrl: string, userId: number, code: string): string {
  return `${baseUrl}/rest/${userId}/${code}/`;
}

/**
 * Brings a saved demo description up to date on a later start: the server's current address,
 * and a fresh token pair when the saved access token has expired or is gone.
 */
export async function refreshDemoPortal(
  demo: DemoPortal,
  baseUrl: string,
  deps: { portal: PortalService; accessTokenValid: (token: string) => Promise<boolean> },
): Promise<DemoPortal> {
  const webhookPath = new URL(demo.webhookUrl).pathname;
  let app = demo.app;
  if (!(await deps.accessTokenValid(app.accessToken))) {
    const tokens = await deps.portal.issueTokens(app.id);
    app = { ...app, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
  }
  return { ...demo, baseUrl, webhookUrl: `${baseUrl}${webhookPath}`, app };
}
