/** Events this server raises, with the scope an application needs to bind them (H9, H16). */
export const EVENT_SCOPES: Record<string, string> = {
  ONEXTERNALCALLSTART: 'telephony',
  ONEXTERNALCALLBACKSTART: 'telephony',
  ONVOXIMPLANTCALLINIT: 'telephony',
  ONVOXIMPLANTCALLSTART: 'telephony',
  ONVOXIMPLANTCALLEND: 'telephony',
  ONCRMLEADADD: 'crm',
  ONCRMLEADUPDATE: 'crm',
  ONCRMLEADDELETE: 'crm',
  ONCRMCONTACTADD: 'crm',
  ONCRMCONTACTUPDATE: 'crm',
  ONCRMCONTACTDELETE: 'crm',
  ONCRMCOMPANYADD: 'crm',
  ONCRMCOMPANYUPDATE: 'crm',
  ONCRMCOMPANYDELETE: 'crm',
  ONCRMDEALADD: 'crm',
  ONCRMDEALUPDATE: 'crm',
  ONCRMDEALDELETE: 'crm',
  ONCRMACTIVITYADD: 'crm',
  ONCRMACTIVITYUPDATE: 'crm',
  ONCRMACTIVITYDELETE: 'crm',
  ONCRMTIMELINECOMMENTADD: 'crm',
  ONCRMTIMELINECOMMENTUPDATE: 'crm',
  ONCRMTIMELINECOMMENTDELETE: 'crm',
  ONAPPTEST: 'basic',
  // Application lifecycle: any application may bind it, whatever its scopes (B16).
  ONAPPUNINSTALL: 'basic',
};

export function eventScope(event: string): string | undefined {
  return EVENT_SCOPES[event.toUpperCase()];
}
