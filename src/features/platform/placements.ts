/**
 * Widget placements an application may bind (placement.list, placement.bind), by the scope that opens
 * them. `CALL_CARD` is the telephony call card; the rest are the CRM, messenger and global places a
 * telephony integration commonly uses.
 */
export const PLACEMENTS_BY_SCOPE: Readonly<Record<string, readonly string[]>> = {
  telephony: ['CALL_CARD', 'TELEPHONY_ANALYTICS'],
  crm: [
    'CRM_LEAD_LIST_TOOLBAR',
    'CRM_CONTACT_LIST_TOOLBAR',
    'CRM_COMPANY_LIST_TOOLBAR',
    'CRM_DEAL_LIST_TOOLBAR',
    'CRM_LEAD_DETAIL_TAB',
    'CRM_CONTACT_DETAIL_TAB',
    'CRM_COMPANY_DETAIL_TAB',
    'CRM_DEAL_DETAIL_TAB',
    'CRM_LEAD_DETAIL_TOOLBAR',
    'CRM_CONTACT_DETAIL_TOOLBAR',
    'CRM_COMPANY_DETAIL_TOOLBAR',
    'CRM_DEAL_DETAIL_TOOLBAR',
    'CRM_LEAD_DETAIL_ACTIVITY',
    'CRM_CONTACT_DETAIL_ACTIVITY',
    'CRM_COMPANY_DETAIL_ACTIVITY',
    'CRM_DEAL_DETAIL_ACTIVITY',
    'CRM_LEAD_ACTIVITY_TIMELINE_MENU',
    'CRM_CONTACT_ACTIVITY_TIMELINE_MENU',
    'CRM_COMPANY_ACTIVITY_TIMELINE_MENU',
    'CRM_DEAL_ACTIVITY_TIMELINE_MENU',
  ],
  im: ['IM_NAVIGATION', 'IM_CONTEXT_MENU', 'IM_TEXTAREA', 'IM_SIDEBAR', 'IM_SMILES_SELECTOR'],
};

/** Placements every application has, whatever its scopes. */
export const GLOBAL_PLACEMENTS: readonly string[] = ['REST_APP_URI', 'PAGE_BACKGROUND_WORKER', 'LEFT_MENU'];

/** Placements that may be bound for one user (USER_ID), and that take one handler only. */
export const USER_MODE_PLACEMENTS: ReadonlySet<string> = new Set(['PAGE_BACKGROUND_WORKER']);

/** The placements open to an application with `scopes` (or only of `scope`, or with `full` of every scope). */
export function availablePlacements(scopes: ReadonlySet<string>, filter: { scope?: string; full?: boolean } = {}): string[] {
  if (filter.scope) return [...(PLACEMENTS_BY_SCOPE[filter.scope.toLowerCase()] ?? [])];
  const granted = Object.entries(PLACEMENTS_BY_SCOPE).filter(([scope]) => filter.full || scopes.has(scope));
  return [...granted.flatMap(([, list]) => list), ...GLOBAL_PLACEMENTS];
}
