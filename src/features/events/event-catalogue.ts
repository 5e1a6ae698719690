/** Events this server raises, with the scope an application needs to bind them (H9, H16). */
export const EVENT_SCOPES: Record<string, string> = {
  ONEXTERNALCALLSTART: 'telephony',
  ONEXTERNALCALLBACKSTART: 'telephony',
  ONVOXIMPLANTCALLINIT: 'telephony',
  ONVOXIMPLANTCALLSTART: 'telephony',
  ONVOXIMPLANTCALLEND: 'telephony',
  ONCRMLEADADD: 'crm',
  ONCRMLEADUPDATE: 'crm',
  ONCRMACTIVITYADD: 'crm',
  ONAPPTEST: 'basic',
};

export function eventScope(event: string): string | undefined {
  return EVENT_SCOPES[event.toUpperCase()];
}
