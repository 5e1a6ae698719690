/**
 * The app_id of calls and lines that belong to no application (B9 revised): calls registered by an
 * incoming webhook or for an outgoing-webhook line, and the portal's own lines. Never a real app's id.
 */
export const NO_APP_ID = 0;

/** REST_APP_ID as answers, statistics and events show it: empty for a call of no application. */
export function restAppIdText(appId: number): string {
  return appId === NO_APP_ID ? '' : String(appId);
}
